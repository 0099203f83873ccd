// FaultInjector: rules that make a provider misbehave on purpose, set through the control API.
//
//   POST /_sandbox/faults  {"match": "GET /rest/v1/leads*", "count": 2, "kind": "status", "status": 503}
//
// `match` is "METHOD PATH-GLOB" ('*' matches anything, METHOD may be '*'); a rule applies to the next
// `count` matching calls, or to a `share` (0..1) of them drawn from a seeded generator, so runs
// repeat. Kinds:
//   status          answer `status` (with a generic provider error body) without running the call
//   provider_error  answer the provider's own error `code` (Marketo "606" in a 200 envelope,
//                   Salesforce "REQUEST_LIMIT_EXCEEDED" with `status`)
//   latency         run the call, answer after `latency_ms`
//   drop_before     close the connection without running the call
//   drop_after      run the call (its effects happen), then close without answering
//   truncate        run the call, send half the body, close
//   malformed       run the call, answer a body that is not valid JSON
//   expired_token   answer as the provider does for an expired access token
//   retry_after     answer `status` (default 429) with Retry-After: `retry_after_secs`
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/result.h"

namespace salesync::sandbox {

enum class FaultKind {
  kStatus,
  kProviderError,
  kLatency,
  kDropBefore,
  kDropAfter,
  kTruncate,
  kMalformed,
  kExpiredToken,
  kRetryAfter,
};

struct FaultRule {
  int64_t id = 0;
  std::string method;        // "*" or an HTTP method
  std::string path_glob;     // '*' wildcard
  int64_t remaining = -1;    // calls left; -1: unlimited (share-based)
  double share = 1.0;        // probability per matching call
  FaultKind kind = FaultKind::kStatus;
  int status = 500;
  std::string code;          // provider error code
  int64_t latency_ms = 0;
  int64_t retry_after_secs = 1;
};

class FaultInjector {
 public:
  explicit FaultInjector(uint64_t seed = 1) : rng_(seed) {}

  // Parses and adds a rule; kInvalidArgument with a sentence on a bad rule.
  Result<int64_t> Add(const nlohmann::json& rule);
  void Clear();
  nlohmann::json ListJson() const;

  // The fault for this call, if any rule fires (consuming one of its count).
  std::optional<FaultRule> Match(const std::string& method, const std::string& path);

  static std::string KindName(FaultKind kind);

 private:
  mutable std::mutex mu_;
  std::vector<FaultRule> rules_;
  int64_t next_id_ = 1;
  std::mt19937_64 rng_;
};

// Glob match with '*' only.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace salesync::sandbox
