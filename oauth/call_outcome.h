// CallOutcome: the one classification every outbound call gets, whatever the provider.
//
//   success        use the answer
//   transient      retry with exponential backoff and full jitter (network errors, 408, 5xx, Marketo
//                  604/608/611/713)
//   rate_limited   wait, at least Retry-After (429, Salesforce REQUEST_LIMIT_EXCEEDED, Marketo 606/607/615)
//   auth_expired   refresh the access token and retry once (401, Salesforce INVALID_SESSION_ID, Marketo
//                  601/602 inside an HTTP 200)
//   permanent      this request will never succeed as it is (other 4xx, Marketo other 6xx/7xx)
// The default table follows HTTP; provider rules override it (Marketo reports errors inside a 200).
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <random>
#include <string>

#include "base/result.h"
#include "net/http_client.h"

namespace salesync::oauth {

enum class CallClass { kSuccess, kTransient, kRateLimited, kAuthExpired, kPermanent };

std::string CallClassName(CallClass c);

struct CallOutcome {
  CallClass cls = CallClass::kSuccess;
  std::chrono::milliseconds retry_after{0};  // from Retry-After or the provider's window
  std::string code;     // provider error code ("601", "INVALID_SESSION_ID", "429"...)
  std::string message;  // provider's words, for the admin; never contains tokens
};

// `provider` is the connection type: "salesforce", "marketo", ... (others use the default table).
CallOutcome ClassifyResponse(const std::string& provider, const net::ClientResponse& response);
// For a transport failure (no HTTP answer): transient, or permanent for TLS verification failures.
CallOutcome ClassifyTransportError(const Error& error);

// Retry-After as delta-seconds or an HTTP-date; 0 when absent or unparsable.
std::chrono::milliseconds ParseRetryAfter(const std::string& value, std::chrono::system_clock::time_point now);

// Full-jitter backoff: uniform in [0, min(cap, base * 2^attempt)] (attempt counts from 0).
std::chrono::milliseconds FullJitterBackoff(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                            std::mt19937_64& rng);

// Maps an outcome to the Error code callers act on.
Error OutcomeToError(const CallOutcome& outcome, const std::string& context);

}  // namespace salesync::oauth
