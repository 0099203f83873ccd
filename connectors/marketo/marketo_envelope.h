// The Marketo response envelope (shared/reference/marketo.md §2) and the per-record statuses inside it.
//
//   {"requestId":"e42b#14272d07d78","success":true,"result":[…],"moreResult":true,"nextPageToken":"…",
//    "warnings":[…]}
//   {"requestId":"…","success":false,"errors":[{"code":"601","message":"Access token invalid"}]}
//
// Error codes are strings (601–799 request level, 1xxx record level); keys without a value are left out
// (an empty activity page has no `result`). Request-level failures are classified by
// oauth/call_outcome.cc before a stream sees an answer, so a stream only meets success:true; a success can
// still carry per-record outcomes: `created`, `updated`, `deleted`, `added`... or `skipped` with
// `reasons:[{code,message}]` (the docs' custom-activity example says `errors`; both are read).
// Thread-safety: value types and pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace salesync::connectors::marketo {

struct MarketoProblem {
  std::string code;  // always text, whatever the wire type was
  std::string message;
};

struct Envelope {
  std::string request_id;
  bool success = false;
  std::vector<MarketoProblem> errors;
  nlohmann::json warnings = nlohmann::json::array();  // strings (asset API) or {code,message}
  nlohmann::json result = nlohmann::json::array();    // [] when the key is absent
  bool more_result = false;
  std::string next_page_token;                        // "" when absent
  nlohmann::json raw;                                  // the whole body, for endpoint-specific keys
};

// kPermanent when the body is not a JSON object; kPermanent naming the first error when success is false
// (the ApiClient normally stops those first). `context` names the call in errors ("leads page").
Result<Envelope> ParseEnvelope(const std::string& body, const std::string& context);

struct RecordStatus {
  std::string status;    // created, updated, skipped, deleted, added...
  std::string id;        // "id" as text ("" when absent)
  std::string marketo_guid;
  std::vector<MarketoProblem> reasons;  // for skipped
};

// One status per element of `result`, in order.
std::vector<RecordStatus> ParseRecordStatuses(const nlohmann::json& result);

// A JSON value as text: strings as they are, numbers and booleans dumped, null as "".
std::string JsonText(const nlohmann::json& value);

}  // namespace salesync::connectors::marketo
