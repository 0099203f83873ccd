// MarketoProvider: the emulated Marketo Engage instance (REST API, identity service, bulk extract)
// behind one salesync-sandbox listener.
//
// A call goes through, in order: 414 (URI over 8 KB) and 413 (body over 1 MB) as real HTTP errors;
// the identity service (never counted); the access token (600/601/602); the route (605 for a known path
// with another method, uncounted); the limits (615, 606, 607); 610 for unknown paths; then the handler
// under the data lock its route declares (shared for reads, exclusive for writes). Every answered error
// code is counted for stats/errors.json.
// Docs: docs/sandbox/marketo.md lists every endpoint, limit and knob.
// Thread-safety: Handle/HandleControl run concurrently on loop threads; state is guarded inside.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>

#include "sandbox/marketo/marketo_auth.h"
#include "sandbox/marketo/marketo_bulk.h"
#include "sandbox/marketo/marketo_data.h"
#include "sandbox/marketo/marketo_limits.h"
#include "sandbox/marketo/marketo_routes.h"
#include "sandbox/provider.h"

namespace salesync::sandbox::marketo {

constexpr size_t kMaxUriBytes = 8 * 1024;
constexpr size_t kMaxBodyBytes = 1024 * 1024;

class MarketoProvider : public Provider {
 public:
  explicit MarketoProvider(std::shared_ptr<SandboxEnvironment> env);
  ~MarketoProvider() override;

  std::string name() const override { return "marketo"; }
  void SetBaseUrl(const std::string& base_url) override;
  net::HttpResponse Handle(const net::HttpRequest& request) override;
  std::string EndpointKey(const net::HttpRequest& request) const override;
  std::optional<net::HttpResponse> HandleControl(const net::HttpRequest& request, const std::string& subpath) override;
  void Reset(const SeedOptions& seed) override;
  nlohmann::json Describe() const override;
  net::HttpResponse ProviderError(const std::string& code, int http_status) const override;
  net::HttpResponse ExpiredTokenResponse() const override;

  MarketoAuth& auth() { return auth_; }

 private:
  void AddStatsRoutes();
  net::HttpResponse Dispatch(const net::HttpRequest& request, int64_t now);
  net::HttpResponse Counted(net::HttpResponse response, int64_t now);

  std::shared_ptr<SandboxEnvironment> env_;
  std::string base_url_;
  MarketoAuth auth_;
  MarketoLimits limits_;
  RouteTable routes_;
  mutable std::shared_mutex data_mu_;
  std::unique_ptr<MarketoData> data_;
  std::unique_ptr<BulkExports> bulk_;
};

std::unique_ptr<Provider> MakeMarketoProvider(std::shared_ptr<SandboxEnvironment> env);

}  // namespace salesync::sandbox::marketo
