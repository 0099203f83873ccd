// The Marketo REST envelope: {"requestId":"hex#hex","success":...,"errors":[{"code":"601",...}],
// "warnings":[],"result":[...],"moreResult":...,"nextPageToken":"..."}.
//
// Marketo reports request-level failures as HTTP 200 with success:false and STRING codes (6xx: not
// executed, 7xx: bad parameters, 1xxx: business errors); per-record failures live inside `result` as
// {"status":"skipped","reasons":[{"code":"1004","message":"Lead not found"}]}. Keys without a value are
// left out, as the service does. See shared/reference/marketo.md §2.
// Thread-safety: MakeRequestId() is thread-safe; the rest are pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "net/http_message.h"

namespace salesync::sandbox::marketo {

// "e42b#18a3c2f0d41": a per-process counter and the current time in milliseconds, both hex.
std::string MakeRequestId(int64_t now_millis);

// The service's message for a code ("601" -> "Access token invalid"); "" for codes without a fixed text.
std::string DefaultMessage(const std::string& code);

struct Envelope {
  // Raw JSON of the result array; empty means "no result key".
  std::string result_json;
  std::optional<bool> more_result;
  std::optional<std::string> next_page_token;
  nlohmann::json warnings;  // null: no key
};

// HTTP 200, success:true.
net::HttpResponse Success(const Envelope& envelope, int64_t now_millis);
net::HttpResponse SuccessResult(const nlohmann::json& result, int64_t now_millis);
// HTTP 200, success:false with one error. An empty message takes DefaultMessage(code).
net::HttpResponse Failure(const std::string& code, const std::string& message, int64_t now_millis);

// A per-record skip: {"status":"skipped","reasons":[{"code":..,"message":..}]} (+ "id" when known).
nlohmann::json SkippedRecord(const std::string& code, const std::string& message,
                             std::optional<int64_t> id = std::nullopt);

// A request-level error a handler can return through Result<> plumbing.
struct MarketoFailure {
  std::string code;
  std::string message;
};

}  // namespace salesync::sandbox::marketo
