// ApiClient: every outbound API call of every connector goes through here.
//
// It adds the connection's bearer token, sends through libcurl (keep-alive per thread, gzip, timeouts,
// TLS verification on with the connection's optional ca_file), classifies the outcome the same way for
// everyone (oauth/call_outcome.h), and acts on it:
//   auth_expired  refresh once (single flight, see ConnectionManager) and retry once;
//   rate_limited  wait at least Retry-After / the provider's window, then retry;
//   transient     retry idempotent requests with exponential backoff and full jitter; a non-idempotent
//                 request whose outcome is unknown is NOT resent: it fails with context "ambiguous" so the
//                 caller reconciles against the provider first;
//   permanent     fail with the provider's words.
// A connection in needs_reauth fails at once with kUnauthenticated: callers pause its work.
// With a RateBudget, every attempt first takes a ticket from the connection's budget (rate_budget.h); a
// rate-limit answer pauses the whole connection for the provider's window, and a wait longer than
// `max_inline_wait` is returned to the caller as kRateLimited (a worker should not sit on a daily quota).
// Waits go through `sleep`, which returns false when the daemon is shutting down.
// Thread-safety: thread-safe; one libcurl handle per calling thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "base/metrics.h"
#include "base/result.h"
#include "net/http_client.h"
#include "oauth/call_outcome.h"
#include "oauth/connection_manager.h"
#include "oauth/rate_budget.h"

namespace salesync::oauth {

struct RetryPolicy {
  int max_attempts = 6;
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{60000};
  int max_rate_limited = 20;                         // rate-limit answers waited out within one call
  std::chrono::milliseconds max_inline_wait{300000}; // longer provider windows go back to the caller
};

struct ApiResponse {
  net::ClientResponse http;
  CallOutcome outcome;
};

class ApiClient {
 public:
  using Sleeper = std::function<bool(std::chrono::milliseconds)>;

  ApiClient(ConnectionManager* connections, MetricsRegistry* metrics, RetryPolicy policy, Sleeper sleep,
            RateBudget* budget = nullptr);

  // `request.url` may be absolute or a path ("/services/data/v60.0/limits", "/rest/v1/leads.json"), which is
  // joined to the connection's API base (Salesforce: the token's instance_url; others: base_url).
  Result<ApiResponse> Call(const std::string& connection, net::ClientRequest request, bool idempotent = true);

  RateBudget* budget() const { return budget_; }

  // The connection's API base URL as of its current token.
  Result<std::string> BaseUrl(const std::string& connection);

 private:
  ConnectionManager* connections_;
  MetricsRegistry* metrics_;
  RetryPolicy policy_;
  Sleeper sleep_;
  RateBudget* budget_;
};

// "api-usage=25/15000" (Salesforce's Sforce-Limit-Info) → {25, 15000}; nullopt when absent or malformed.
std::optional<std::pair<int64_t, int64_t>> ParseApiUsage(const std::string& header);

// A Sleeper that simply blocks (tests, CLI); the daemon passes one that wakes on shutdown.
bool BlockingSleep(std::chrono::milliseconds d);

}  // namespace salesync::oauth
