#include "connectors/marketo/marketo_envelope.h"

namespace salesync::connectors::marketo {

namespace {

std::vector<MarketoProblem> Problems(const nlohmann::json& list) {
  std::vector<MarketoProblem> out;
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    if (!e.is_object()) continue;
    out.push_back({JsonText(e.value("code", nlohmann::json())), JsonText(e.value("message", nlohmann::json()))});
  }
  return out;
}

}  // namespace

std::string JsonText(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

Result<Envelope> ParseEnvelope(const std::string& body, const std::string& context) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorCode::kPermanent, "The Marketo answer is not a JSON object.", context);
  }
  Envelope e;
  e.request_id = JsonText(j.value("requestId", nlohmann::json()));
  const auto& success = j.value("success", nlohmann::json(true));
  e.success = success.is_boolean() ? success.get<bool>() : true;
  e.errors = Problems(j.value("errors", nlohmann::json::array()));
  if (j.contains("warnings") && j["warnings"].is_array()) e.warnings = j["warnings"];
  if (j.contains("result") && !j["result"].is_null()) {
    e.result = j["result"].is_array() ? j["result"] : nlohmann::json::array({j["result"]});
  }
  e.more_result = j.value("moreResult", false);
  if (j.contains("nextPageToken") && j["nextPageToken"].is_string()) e.next_page_token = j["nextPageToken"];
  if (!e.success) {
    std::string what = e.errors.empty() ? "no error given" : e.errors[0].message + " (" + e.errors[0].code + ")";
    return MakeError(ErrorCode::kPermanent, "Marketo refused the call: " + what + ".", context);
  }
  e.raw = std::move(j);
  return e;
}

std::vector<RecordStatus> ParseRecordStatuses(const nlohmann::json& result) {
  std::vector<RecordStatus> out;
  if (!result.is_array()) return out;
  for (const auto& r : result) {
    RecordStatus s;
    if (r.is_object()) {
      s.status = JsonText(r.value("status", nlohmann::json()));
      s.id = JsonText(r.value("id", nlohmann::json()));
      s.marketo_guid = JsonText(r.value("marketoGUID", nlohmann::json()));
      s.reasons = Problems(r.value("reasons", nlohmann::json::array()));
      if (s.reasons.empty()) s.reasons = Problems(r.value("errors", nlohmann::json::array()));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace salesync::connectors::marketo
