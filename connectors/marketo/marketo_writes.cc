#include "connectors/marketo/marketo_writes.h"

#include <cstdlib>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

Status CheckBatch(const std::vector<WriteItem>& items, const char* what) {
  if (items.empty()) return MakeError(ErrorCode::kInvalidArgument, std::string("An empty ") + what + " batch.", what);
  if (items.size() > static_cast<size_t>(kMaxBatch)) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(what) + " batches hold at most 300 items.", what);
  }
  return OkStatus();
}

}  // namespace

Result<CustomActivitySettings> ParseCustomActivitySettings(const nlohmann::json& s) {
  CustomActivitySettings out;
  if (!s.is_object() || !s.contains("activity_type_id") || !s["activity_type_id"].is_number_integer()) {
    return MakeError(ErrorCode::kConfig, "customActivity writes need activity_type_id, the approved custom activity type.",
                     "settings.activity_type_id");
  }
  out.activity_type_id = s["activity_type_id"].get<int64_t>();
  for (auto [key, field] : {std::pair{"key_attribute", &out.key_attribute}, std::pair{"key_attribute_name", &out.key_attribute_name},
                            std::pair{"primary_attribute", &out.primary_attribute}}) {
    if (!s.contains(key)) continue;
    if (!s[key].is_string() || s[key].get<std::string>().empty()) {
      return MakeError(ErrorCode::kConfig, std::string(key) + " must be a non-empty string.", std::string("settings.") + key);
    }
    *field = s[key].get<std::string>();
  }
  if (out.key_attribute_name.empty()) out.key_attribute_name = out.key_attribute;
  return out;
}

Result<int64_t> ItemLeadId(const WriteItem& item) {
  const auto& v = item.fields.value("leadId", nlohmann::json());
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string() && !v.get<std::string>().empty()) {
    char* end = nullptr;
    long long id = std::strtoll(v.get<std::string>().c_str(), &end, 10);
    if (end && *end == '\0') return static_cast<int64_t>(id);
  }
  return MakeError(ErrorCode::kInvalidArgument, "The item has no Marketo leadId.", "item " + item.key);
}

Result<int64_t> ItemActivityDate(const WriteItem& item) {
  const auto& v = item.fields.value("activityDate", nlohmann::json());
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    if (auto t = ParseDatetime(v.get<std::string>())) return *t;
  }
  return MakeError(ErrorCode::kInvalidArgument, "The item has no readable activityDate.", "item " + item.key);
}

Result<StreamCall> CustomActivityWriteCall(const WriteTarget& target, const std::vector<WriteItem>& items) {
  auto settings = ParseCustomActivitySettings(target.settings);
  if (!settings.ok()) return settings.error();
  if (auto s = CheckBatch(items, "customActivity"); !s.ok()) return s.error();
  nlohmann::json input = nlohmann::json::array();
  for (const auto& item : items) {
    auto lead = ItemLeadId(item);
    if (!lead.ok()) return lead.error();
    auto date = ItemActivityDate(item);
    if (!date.ok()) return date.error();
    nlohmann::json attributes = nlohmann::json::array();
    const auto& given = item.fields.value("attributes", nlohmann::json());
    if (given.is_object()) {
      for (const auto& [name, value] : given.items()) attributes.push_back({{"apiName", name}, {"value", value}});
    } else if (given.is_array()) {
      for (const auto& a : given) {
        if (a.is_object() && a.value("apiName", std::string()) != settings->key_attribute) attributes.push_back(a);
      }
    }
    attributes.push_back({{"apiName", settings->key_attribute}, {"value", item.key}});
    nlohmann::json record = {{"leadId", *lead},
                             {"activityDate", FormatDatetime(*date)},
                             {"activityTypeId", settings->activity_type_id},
                             {"attributes", attributes}};
    const auto& primary = item.fields.value(settings->primary_attribute, nlohmann::json());
    record["primaryAttributeValue"] = primary.is_null() ? nlohmann::json(item.key) : nlohmann::json(JsonText(primary));
    input.push_back(std::move(record));
  }
  return PostJsonCall("/rest/v1/activities/external.json", {{"input", input}},
                      "Custom activities (" + std::to_string(items.size()) + ")", /*idempotent=*/false);
}

Result<StreamCall> LeadUpsertCall(const WriteTarget& target, const std::vector<WriteItem>& items) {
  if (auto s = CheckBatch(items, "lead"); !s.ok()) return s.error();
  const auto& s = target.settings.is_object() ? target.settings : nlohmann::json::object();
  std::string lookup = s.value("lookup_field", std::string("email"));
  std::string action = s.value("action", std::string("createOrUpdate"));
  if (lookup == "id") action = "updateOnly";  // Marketo: `id` only with updateOnly (else 1003)
  nlohmann::json input = nlohmann::json::array();
  for (const auto& item : items) {
    if (!item.fields.is_object() || !item.fields.contains(lookup) || item.fields[lookup].is_null()) {
      return MakeError(ErrorCode::kInvalidArgument, "The lead has no value for the lookup field " + lookup + ".", "item " + item.key);
    }
    input.push_back(item.fields);
  }
  nlohmann::json body = {{"action", action}, {"lookupField", lookup}, {"asyncProcessing", false}, {"input", input}};
  if (s.contains("partition_name") && s["partition_name"].is_string() && action != "updateOnly") {
    body["partitionName"] = s["partition_name"];
  }
  return PostJsonCall("/rest/v1/leads.json", body, "Lead " + action + " (" + std::to_string(items.size()) + ")", true);
}

Result<std::vector<WriteOutcome>> ParseWriteOutcomes(const std::vector<WriteItem>& items, const oauth::ApiResponse& response,
                                                     bool activities) {
  auto e = ParseEnvelope(response.http.body, activities ? "marketo custom activities" : "marketo lead upsert");
  if (!e.ok()) return e.error();
  auto statuses = ParseRecordStatuses(e->result);
  if (statuses.size() != items.size()) {
    return MakeError(ErrorCode::kPermanent,
                     "Marketo answered " + std::to_string(statuses.size()) + " statuses for " + std::to_string(items.size()) + " items.",
                     activities ? "marketo custom activities" : "marketo lead upsert");
  }
  std::vector<WriteOutcome> out;
  for (size_t i = 0; i < items.size(); ++i) {
    const RecordStatus& s = statuses[i];
    WriteOutcome o;
    o.key = items[i].key;
    o.ok = s.status == "added" || s.status == "created" || s.status == "updated";
    o.created = s.status == "added" || s.status == "created";
    o.remote_id = activities ? s.marketo_guid : s.id;
    if (!o.ok) {
      o.code = s.reasons.empty() ? s.status : s.reasons[0].code;
      o.message = s.reasons.empty() ? "Marketo answered status \"" + s.status + "\"." : s.reasons[0].message;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace salesync::connectors::marketo
