// Provider: one emulated external service (Marketo, Salesforce...) inside salesync-sandbox.
//
// The SandboxServer gives each provider its own listener and does what is common to all: the control
// API under /_sandbox/, fault injection, call counting and in-flight tracking, the effects log. The
// provider answers its own wire protocol in Handle() and supplies its native shapes for injected errors.
// Thread-safety: Handle() and HandleControl() are called concurrently from loop threads; a provider
// guards its own state.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "net/http_message.h"
#include "sandbox/effects_log.h"
#include "sandbox/sandbox_clock.h"
#include "sandbox/sandbox_options.h"

namespace salesync::sandbox {

// What every provider shares: the options, the clock tests can move, the effects log.
struct SandboxEnvironment {
  SandboxOptions options;
  SandboxClock clock;
  EffectsLog effects;
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual std::string name() const = 0;  // "marketo", "salesforce"

  // Called once the listener is bound, with its base URL ("https://127.0.0.1:PORT").
  virtual void SetBaseUrl(const std::string& base_url) = 0;

  // A request of the provider's own API (anything outside /_sandbox/).
  virtual net::HttpResponse Handle(const net::HttpRequest& request) = 0;

  // "GET /rest/v1/leads.json": the endpoint key calls are counted under (ids in paths replaced by
  // placeholders so counts aggregate).
  virtual std::string EndpointKey(const net::HttpRequest& request) const = 0;

  // Provider-specific control routes under /_sandbox/ (records, data...); nullopt when unknown.
  virtual std::optional<net::HttpResponse> HandleControl(const net::HttpRequest& request, const std::string& subpath) = 0;

  // Drops all state and regenerates the data from `seed`.
  virtual void Reset(const SeedOptions& seed) = 0;

  // The provider's part of the sandbox's JSON line: URLs, client id and secret, knobs in force.
  virtual nlohmann::json Describe() const = 0;

  // The provider's own answer to an injected error `code` (e.g. Marketo "606": HTTP 200 with
  // success:false; Salesforce "REQUEST_LIMIT_EXCEEDED": HTTP `http_status` with the error array).
  virtual net::HttpResponse ProviderError(const std::string& code, int http_status) const = 0;
  // The provider's answer to a call made with an expired access token.
  virtual net::HttpResponse ExpiredTokenResponse() const = 0;
};

}  // namespace salesync::sandbox
