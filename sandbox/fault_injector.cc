#include "sandbox/fault_injector.h"

#include <algorithm>

namespace salesync::sandbox {

bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string FaultInjector::KindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kStatus: return "status";
    case FaultKind::kProviderError: return "provider_error";
    case FaultKind::kLatency: return "latency";
    case FaultKind::kDropBefore: return "drop_before";
    case FaultKind::kDropAfter: return "drop_after";
    case FaultKind::kTruncate: return "truncate";
    case FaultKind::kMalformed: return "malformed";
    case FaultKind::kExpiredToken: return "expired_token";
    case FaultKind::kRetryAfter: return "retry_after";
  }
  return "unknown";
}

Result<int64_t> FaultInjector::Add(const nlohmann::json& j) {
  auto bad = [](const std::string& m) { return MakeError(ErrorCode::kInvalidArgument, m); };
  if (!j.is_object()) return bad("A fault rule is a JSON object.");
  FaultRule r;
  std::string match = j.value("match", "");
  size_t space = match.find(' ');
  if (space == std::string::npos || space == 0 || space + 1 >= match.size()) {
    return bad("\"match\" must be \"METHOD PATH-GLOB\", e.g. \"GET /rest/v1/leads*\" or \"* /services/*\".");
  }
  r.method = match.substr(0, space);
  r.path_glob = match.substr(space + 1);
  std::string kind = j.value("kind", "");
  static const std::vector<FaultKind> kAll = {FaultKind::kStatus, FaultKind::kProviderError, FaultKind::kLatency,
                                              FaultKind::kDropBefore, FaultKind::kDropAfter, FaultKind::kTruncate,
                                              FaultKind::kMalformed, FaultKind::kExpiredToken, FaultKind::kRetryAfter};
  auto it = std::find_if(kAll.begin(), kAll.end(), [&](FaultKind k) { return KindName(k) == kind; });
  if (it == kAll.end()) {
    return bad("Unknown fault kind \"" + kind + "\" (expected status, provider_error, latency, drop_before, drop_after, "
               "truncate, malformed, expired_token or retry_after).");
  }
  r.kind = *it;
  if (j.contains("count")) {
    if (!j["count"].is_number_integer() || j["count"].get<int64_t>() < 1) return bad("\"count\" must be a positive integer.");
    r.remaining = j["count"].get<int64_t>();
  }
  if (j.contains("share")) {
    if (!j["share"].is_number() || j["share"].get<double>() <= 0 || j["share"].get<double>() > 1) {
      return bad("\"share\" must be a number in (0, 1].");
    }
    r.share = j["share"].get<double>();
  }
  if (!j.contains("count") && !j.contains("share")) r.remaining = 1;
  r.status = j.value("status", r.kind == FaultKind::kRetryAfter ? 429 : 500);
  if (r.status < 100 || r.status > 599) return bad("\"status\" must be an HTTP status code.");
  r.code = j.value("code", "");
  if (r.kind == FaultKind::kProviderError && r.code.empty()) return bad("A provider_error fault needs a \"code\".");
  r.latency_ms = j.value("latency_ms", int64_t{0});
  r.retry_after_secs = j.value("retry_after_secs", int64_t{1});
  std::lock_guard<std::mutex> lock(mu_);
  r.id = next_id_++;
  rules_.push_back(r);
  return r.id;
}

void FaultInjector::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
}

nlohmann::json FaultInjector::ListJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rules_) {
    out.push_back({{"id", r.id}, {"match", r.method + " " + r.path_glob}, {"kind", KindName(r.kind)},
                   {"remaining", r.remaining}, {"share", r.share}, {"status", r.status}, {"code", r.code}});
  }
  return out;
}

std::optional<FaultRule> FaultInjector::Match(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (it->method != "*" && it->method != method) continue;
    if (!GlobMatch(it->path_glob, path)) continue;
    if (it->share < 1.0) {
      std::uniform_real_distribution<double> d(0.0, 1.0);
      if (d(rng_) >= it->share) continue;
    }
    FaultRule fired = *it;
    if (it->remaining > 0 && --it->remaining == 0) rules_.erase(it);
    return fired;
  }
  return std::nullopt;
}

}  // namespace salesync::sandbox
