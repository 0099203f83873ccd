#include "oauth/call_outcome.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

namespace salesync::oauth {

std::string CallClassName(CallClass c) {
  switch (c) {
    case CallClass::kSuccess: return "success";
    case CallClass::kTransient: return "transient";
    case CallClass::kRateLimited: return "rate_limited";
    case CallClass::kAuthExpired: return "auth_expired";
    case CallClass::kPermanent: return "permanent";
  }
  return "unknown";
}

std::chrono::milliseconds ParseRetryAfter(const std::string& value, std::chrono::system_clock::time_point now) {
  if (value.empty()) return std::chrono::milliseconds(0);
  bool digits = std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && value.size() < 10) return std::chrono::seconds(std::stoll(value));
  std::tm tm{};
  if (strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::chrono::milliseconds(0);
  auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
  return delta.count() > 0 ? delta : std::chrono::milliseconds(0);
}

std::chrono::milliseconds FullJitterBackoff(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                            std::mt19937_64& rng) {
  int64_t ceiling = base.count();
  for (int i = 0; i < attempt && ceiling < cap.count(); ++i) ceiling *= 2;
  ceiling = std::min<int64_t>(ceiling, cap.count());
  std::uniform_int_distribution<int64_t> d(0, std::max<int64_t>(0, ceiling));
  return std::chrono::milliseconds(d(rng));
}

namespace {

CallOutcome DefaultTable(const net::ClientResponse& r) {
  CallOutcome o;
  o.code = std::to_string(r.status);
  if (r.status >= 200 && r.status < 300) return o;
  auto ra = r.headers.find("Retry-After");
  if (ra != r.headers.end()) o.retry_after = ParseRetryAfter(ra->second, std::chrono::system_clock::now());
  if (r.status == 401) o.cls = CallClass::kAuthExpired;
  else if (r.status == 429) o.cls = CallClass::kRateLimited;
  else if (r.status == 408 || r.status >= 500) o.cls = CallClass::kTransient;
  else o.cls = CallClass::kPermanent;
  o.message = "HTTP " + std::to_string(r.status);
  return o;
}

CallOutcome Salesforce(const net::ClientResponse& r) {
  CallOutcome o = DefaultTable(r);
  if (o.cls == CallClass::kSuccess) return o;
  // Errors are arrays of {message, errorCode, fields}; OAuth errors are {error, error_description}.
  try {
    auto body = nlohmann::json::parse(r.body);
    if (body.is_array() && !body.empty() && body[0].is_object()) {
      o.code = body[0].value("errorCode", o.code);
      o.message = body[0].value("message", o.message);
    } else if (body.is_object() && body.contains("error")) {
      o.code = body.value("error", o.code);
      o.message = body.value("error_description", o.message);
    }
  } catch (const nlohmann::json::exception&) {
  }
  if (o.code == "INVALID_SESSION_ID") o.cls = CallClass::kAuthExpired;
  else if (o.code == "REQUEST_LIMIT_EXCEEDED") {
    o.cls = CallClass::kRateLimited;
    if (o.retry_after.count() == 0) o.retry_after = std::chrono::minutes(15);
  } else if (o.code == "QUERY_TIMEOUT" || o.code == "SERVER_UNAVAILABLE" || o.code == "UNABLE_TO_LOCK_ROW") {
    o.cls = CallClass::kTransient;
  }
  return o;
}

CallOutcome Marketo(const net::ClientResponse& r) {
  CallOutcome o = DefaultTable(r);
  if (r.status != 200) return o;
  // A bulk export file is a 200 with a CSV body: only JSON answers carry the envelope. (A JSON answer that
  // does not parse is still retried below.)
  auto ct = r.headers.find("Content-Type");
  if (ct != r.headers.end() && ct->second.find("json") == std::string::npos) return o;
  // HTTP 200 with success:false and string codes: the request was not executed (6xx) or was refused (7xx).
  try {
    auto body = nlohmann::json::parse(r.body);
    if (!body.is_object() || body.value("success", true)) return o;
    const auto& errors = body.value("errors", nlohmann::json::array());
    if (errors.empty()) return o;
    const auto& e = errors[0];
    o.code = e.contains("code") ? (e["code"].is_string() ? e["code"].get<std::string>() : e["code"].dump()) : "";
    o.message = e.value("message", "");
    if (o.code == "601" || o.code == "602" || o.code == "600") o.cls = CallClass::kAuthExpired;
    else if (o.code == "606") { o.cls = CallClass::kRateLimited; o.retry_after = std::chrono::seconds(20); }
    else if (o.code == "615") { o.cls = CallClass::kRateLimited; o.retry_after = std::chrono::seconds(1); }
    else if (o.code == "607") { o.cls = CallClass::kRateLimited; o.retry_after = std::chrono::hours(1); }
    else if (o.code == "604" || o.code == "608" || o.code == "611" || o.code == "713") o.cls = CallClass::kTransient;
    else o.cls = CallClass::kPermanent;
  } catch (const nlohmann::json::exception&) {
    // A 200 that is not JSON (a proxy page, a truncated body) is not an answer we can trust: retry.
    o.cls = CallClass::kTransient;
    o.code = "malformed";
    o.message = "The response body is not JSON.";
  }
  return o;
}

}  // namespace

CallOutcome ClassifyResponse(const std::string& provider, const net::ClientResponse& response) {
  if (provider == "salesforce") return Salesforce(response);
  if (provider == "marketo") return Marketo(response);
  return DefaultTable(response);
}

CallOutcome ClassifyTransportError(const Error& error) {
  CallOutcome o;
  o.cls = error.code == ErrorCode::kPermanent ? CallClass::kPermanent : CallClass::kTransient;
  o.code = "transport";
  o.message = error.message;
  return o;
}

Error OutcomeToError(const CallOutcome& outcome, const std::string& context) {
  ErrorCode code = ErrorCode::kInternal;
  switch (outcome.cls) {
    case CallClass::kSuccess: code = ErrorCode::kInternal; break;
    case CallClass::kTransient: code = ErrorCode::kTransient; break;
    case CallClass::kRateLimited: code = ErrorCode::kRateLimited; break;
    case CallClass::kAuthExpired: code = ErrorCode::kAuthExpired; break;
    case CallClass::kPermanent: code = ErrorCode::kPermanent; break;
  }
  std::string message = outcome.message.empty() ? outcome.code : outcome.message;
  if (!outcome.code.empty() && outcome.message.find(outcome.code) == std::string::npos) message += " (" + outcome.code + ")";
  Error e = MakeError(code, message, context);
  e.retry_after = outcome.retry_after;
  return e;
}

}  // namespace salesync::oauth
