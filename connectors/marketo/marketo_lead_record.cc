#include "connectors/marketo/marketo_lead_record.h"

#include <cstdlib>
#include <set>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

enum class Kind { kText, kInteger, kFloat, kBoolean };

Kind KindOf(const std::string& field) {
  static const std::set<std::string> kIntegers = {"id", "numberOfEmployees", "leadScore", "leadPartitionId",
                                                  "priority", "relativeScore", "annualRevenue"};
  static const std::set<std::string> kFloats = {"urgency"};
  static const std::set<std::string> kBooleans = {"unsubscribed", "emailInvalid", "doNotCall", "isLead",
                                                  "marketingSuspended", "blackListed"};
  if (kIntegers.count(field)) return Kind::kInteger;
  if (kFloats.count(field)) return Kind::kFloat;
  if (kBooleans.count(field)) return Kind::kBoolean;
  return Kind::kText;
}

Result<int64_t> Millis(const nlohmann::json& value, const char* what, const std::string& id) {
  auto parsed = value.is_string() ? ParseDatetime(value.get<std::string>()) : std::nullopt;
  if (!parsed) {
    return MakeError(ErrorCode::kPermanent, std::string("Unreadable ") + what + " " + value.dump() + ".", "marketo " + id);
  }
  return *parsed;
}

}  // namespace

nlohmann::json TypedLeadCell(const std::string& field, const std::string& cell) {
  if (cell.empty() || cell == "null") return nullptr;
  switch (KindOf(field)) {
    case Kind::kInteger: {
      char* end = nullptr;
      long long v = std::strtoll(cell.c_str(), &end, 10);
      if (end && *end == '\0') return static_cast<int64_t>(v);
      break;
    }
    case Kind::kFloat: {
      char* end = nullptr;
      double v = std::strtod(cell.c_str(), &end);
      if (end && *end == '\0') return v;
      break;
    }
    case Kind::kBoolean:
      if (cell == "true" || cell == "1") return true;
      if (cell == "false" || cell == "0") return false;
      break;
    case Kind::kText:
      break;
  }
  return cell;
}

Result<Record> LeadRecordFromJson(const nlohmann::json& lead) {
  if (!lead.is_object() || !lead.contains("id")) {
    return MakeError(ErrorCode::kPermanent, "A lead without an id.", "marketo lead");
  }
  Record r;
  r.object = "lead";
  r.id = JsonText(lead["id"]);
  if (lead.contains("updatedAt") && !lead["updatedAt"].is_null()) {
    auto t = Millis(lead["updatedAt"], "updatedAt", "lead " + r.id);
    if (!t.ok()) return t.error();
    r.modified_ms = *t;
  }
  r.fields = lead;
  return r;
}

Result<Record> LeadRecordFromCsv(const std::vector<std::string>& header, const std::vector<std::string>& row) {
  nlohmann::json lead = nlohmann::json::object();
  for (size_t i = 0; i < header.size() && i < row.size(); ++i) lead[header[i]] = TypedLeadCell(header[i], row[i]);
  return LeadRecordFromJson(lead);
}

Result<Record> DeletedLeadRecord(const nlohmann::json& a) {
  Record r;
  r.object = "lead";
  const auto& id = a.contains("primaryAttributeValueId") ? a["primaryAttributeValueId"] : a.value("leadId", nlohmann::json());
  r.id = JsonText(id);
  if (r.id.empty()) return MakeError(ErrorCode::kPermanent, "A Delete Lead activity without a lead id.", "marketo deleted leads");
  auto t = Millis(a.value("activityDate", nlohmann::json()), "activityDate", "deleted lead " + r.id);
  if (!t.ok()) return t.error();
  r.deleted = true;
  r.deleted_ms = *t;
  r.modified_ms = *t;
  r.fields = {{"id", a.contains("primaryAttributeValueId") ? a["primaryAttributeValueId"] : a.value("leadId", nlohmann::json())},
              {"name", a.value("primaryAttributeValue", nlohmann::json())},
              {"marketoGUID", a.value("marketoGUID", nlohmann::json())}};
  return r;
}

Result<Record> ActivityRecord(const nlohmann::json& a) {
  if (!a.is_object() || !a.contains("marketoGUID")) {
    return MakeError(ErrorCode::kPermanent, "An activity without a marketoGUID.", "marketo activities");
  }
  Record r;
  r.object = "activity";
  r.id = JsonText(a["marketoGUID"]);
  auto t = Millis(a.value("activityDate", nlohmann::json()), "activityDate", "activity " + r.id);
  if (!t.ok()) return t.error();
  r.modified_ms = *t;
  r.fields = a;
  return r;
}

}  // namespace salesync::connectors::marketo
