// SalesforceProvider: the emulated Salesforce org inside salesync-sandbox (--salesforce HOST:PORT).
//
// One listener serves both the login host (/services/oauth2/*, so the login URL is the base URL) and the
// instance (/services/data/*, /id/*): the token's instance_url is the same base URL. Routing, API
// versions, authentication, the daily allowance and Sforce-Limit-Info live here; OAuth, queries and
// writes in their own files. Control routes under /_sandbox/ (with the X-Sandbox-Key header):
//
//   POST   records/{Type}         create a row (fields as JSON; may set SystemModstamp/LastModifiedDate/
//                                 CreatedDate to an old time: a "late" row that appears in the past)
//   GET    records/{Type}/{Id}    the row's current state, deleted rows included
//   PATCH  records/{Type}/{Id}    update (bumps SystemModstamp to the sandbox clock unless given)
//   DELETE records/{Type}/{Id}    soft delete (IsDeleted = true, visible to queryAll and getDeleted)
//   POST   tokens/expire          {"token": T} or {"all": true}: the access token(s) expire now
//   POST   tokens/revoke          {"token": T}: as /services/oauth2/revoke (a refresh token takes its family)
//   POST   jwt-certificate        {"pem": "-----BEGIN CERTIFICATE-----..."}: the connected app's certificate
//   GET|POST settings             rotate_refresh_tokens, auto_approve, token_ttl_secs, daily_limit,
//                                 page_size, redirect_uris
//   GET    usage                  {"used": N, "max": M} of the rolling 24 h allowance
// Thread-safety: see provider.h; state is guarded inside SalesforceOrg.
#pragma once

#include <memory>

#include "sandbox/provider.h"
#include "sandbox/salesforce/salesforce_org.h"

namespace salesync::sandbox::salesforce {

class SalesforceProvider : public Provider {
 public:
  explicit SalesforceProvider(std::shared_ptr<SandboxEnvironment> env);

  std::string name() const override { return "salesforce"; }
  void SetBaseUrl(const std::string& base_url) override;
  net::HttpResponse Handle(const net::HttpRequest& request) override;
  std::string EndpointKey(const net::HttpRequest& request) const override;
  std::optional<net::HttpResponse> HandleControl(const net::HttpRequest& request, const std::string& subpath) override;
  void Reset(const SeedOptions& seed) override;
  nlohmann::json Describe() const override;
  net::HttpResponse ProviderError(const std::string& code, int http_status) const override;
  net::HttpResponse ExpiredTokenResponse() const override;

  SalesforceOrg& org() { return *org_; }

 private:
  net::HttpResponse Rest(const net::HttpRequest& request);
  net::HttpResponse ControlRecords(const net::HttpRequest& request, const std::vector<std::string>& parts,
                                   const nlohmann::json& body);

  std::unique_ptr<SalesforceOrg> org_;
};

std::unique_ptr<Provider> MakeSalesforceProvider(std::shared_ptr<SandboxEnvironment> env);

}  // namespace salesync::sandbox::salesforce
