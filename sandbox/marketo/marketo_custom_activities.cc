#include "sandbox/marketo/marketo_custom_activities.h"

#include "sandbox/marketo/marketo_leads.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr int64_t kFirstCustomTypeId = 100001;

nlohmann::json AttributeJson(const CustomAttribute& a) {
  return {{"apiName", a.api_name}, {"name", a.name}, {"dataType", a.data_type}};
}

std::optional<CustomAttribute> ParseAttribute(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  CustomAttribute a;
  a.api_name = j.value("apiName", std::string());
  a.name = j.value("name", a.api_name);
  a.data_type = j.value("dataType", std::string("string"));
  if (a.api_name.empty()) return std::nullopt;
  return a;
}

CustomActivityType* FindType(MarketoData& d, const std::string& api_name) {
  for (auto& t : d.custom_types()) {
    if (t.api_name == api_name) return &t;
  }
  return nullptr;
}

net::HttpResponse ListTypes(MarketoCall& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : c.data->custom_types()) out.push_back(CustomTypeJson(t));
  return c.Ok(out);
}

net::HttpResponse CreateType(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  CustomActivityType t;
  t.api_name = body->value("apiName", std::string());
  t.name = body->value("name", std::string());
  t.trigger_name = body->value("triggerName", std::string());
  t.filter_name = body->value("filterName", std::string());
  t.description = body->value("description", std::string());
  if (t.api_name.empty()) return c.Fail("701", "apiName cannot be blank");
  if (t.name.empty()) return c.Fail("701", "name cannot be blank");
  if (t.trigger_name.empty()) return c.Fail("701", "triggerName cannot be blank");
  if (t.filter_name.empty()) return c.Fail("701", "filterName cannot be blank");
  auto primary = body->contains("primaryAttribute") ? ParseAttribute((*body)["primaryAttribute"]) : std::nullopt;
  if (!primary) return c.Fail("701", "primaryAttribute cannot be blank");
  t.primary = *primary;
  if (FindType(*c.data, t.api_name)) return c.Fail("1017", "Activity type '" + t.api_name + "' already exists");
  if (c.data->custom_types().size() >= kMaxCustomTypes) {
    return c.Fail("1027", "Max activity type limit reached: " + std::to_string(kMaxCustomTypes));
  }
  t.id = kFirstCustomTypeId + static_cast<int64_t>(c.data->custom_types().size());
  t.created_millis = t.updated_millis = c.now;
  c.data->custom_types().push_back(t);
  c.RecordEffect("activityType.create", nlohmann::json::array({t.api_name}), {{"id", t.id}, {"status", "draft"}});
  return c.Ok(nlohmann::json::array({CustomTypeJson(t)}));
}

net::HttpResponse CreateAttributes(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  CustomActivityType* t = FindType(*c.data, c.captures[0]);
  if (!t) return c.Fail("1013", "Activity type '" + c.captures[0] + "' not found");
  if (!body->contains("attribute") || !(*body)["attribute"].is_array() || (*body)["attribute"].empty()) {
    return c.Fail("701", "attribute cannot be blank");
  }
  std::vector<CustomAttribute> add;
  for (const auto& j : (*body)["attribute"]) {
    auto a = ParseAttribute(j);
    if (!a) return c.Fail("1003", "Each attribute needs an apiName");
    add.push_back(*a);
  }
  if (t->attributes.size() + add.size() > kMaxCustomAttributes) {
    return c.Fail("1028", "Max attribute limit reached: " + std::to_string(kMaxCustomAttributes));
  }
  for (auto& a : add) t->attributes.push_back(a);
  t->updated_millis = c.now;
  c.RecordEffect("activityType.addAttributes", nlohmann::json::array({t->api_name}),
                 {{"attributes", t->attributes.size()}});
  return c.Ok(nlohmann::json::array({CustomTypeJson(*t)}));
}

net::HttpResponse Approve(MarketoCall& c) {
  CustomActivityType* t = FindType(*c.data, c.captures[0]);
  if (!t) return c.Fail("1013", "Activity type '" + c.captures[0] + "' not found");
  t->approved = true;
  t->updated_millis = c.now;
  c.RecordEffect("activityType.approve", nlohmann::json::array({t->api_name}), {{"id", t->id}, {"status", "approved"}});
  return c.Ok(nlohmann::json::array({CustomTypeJson(*t)}));
}

net::HttpResponse AddActivities(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  if (!body->contains("input") || !(*body)["input"].is_array() || (*body)["input"].empty()) {
    return c.Fail("701", "input cannot be blank");
  }
  const nlohmann::json& input = (*body)["input"];
  if (input.size() > kMaxBatch) return c.Fail("1003", "Batch size exceeds the maximum of 300");
  nlohmann::json result = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  for (const auto& record : input) {
    if (!record.is_object()) {
      result.push_back(SkippedRecord("1003", "Invalid data"));
      continue;
    }
    int64_t lead_id = record.value("leadId", int64_t{-1});
    int64_t type_id = record.value("activityTypeId", int64_t{-1});
    const CustomActivityType* type = nullptr;
    for (const auto& t : c.data->custom_types()) {
      if (t.id == type_id) type = &t;
    }
    if (!type || !type->approved) {
      result.push_back(SkippedRecord("1013", "Activity type " + std::to_string(type_id) + " not found or not approved"));
      continue;
    }
    if (!c.data->leads().Exists(lead_id)) {
      result.push_back(SkippedRecord("1004", "Lead not found"));
      continue;
    }
    const nlohmann::json attrs = record.value("attributes", nlohmann::json::array());
    if (attrs.dump().size() > kMaxAttributeBytes) {
      result.push_back(SkippedRecord("1049", "Attribute array too large"));
      continue;
    }
    std::optional<ParsedDatetime> date;
    if (record.contains("activityDate") && record["activityDate"].is_string()) {
      date = ParseMarketoDatetime(record["activityDate"].get<std::string>());
    }
    if (!date) {
      result.push_back(SkippedRecord("1003", "activityDate is missing or not a valid datetime"));
      continue;
    }
    Activity a;
    a.lead_id = lead_id;
    a.type_id = type_id;
    a.date_millis = date->unix_millis;
    a.primary_value = record.value("primaryAttributeValue", std::string());
    if (attrs.is_array()) {
      for (const auto& at : attrs) {
        if (at.is_object()) a.attributes.push_back({at.value("apiName", at.value("name", std::string())), at.value("value", nlohmann::json())});
      }
    }
    int64_t position = c.data->AddActivity(std::move(a), c.now);
    auto stored = c.data->activities().At(position);
    result.push_back({{"id", stored ? stored->id : position + 1},
                      {"marketoGUID", stored ? stored->guid : std::to_string(position + 1)},
                      {"status", "added"}});
    touched.push_back(lead_id);
  }
  c.RecordEffect("activity.addCustom", touched, {{"statuses", result}});
  return c.Ok(result);
}

}  // namespace

nlohmann::json CustomTypeJson(const CustomActivityType& t) {
  nlohmann::json attrs = nlohmann::json::array();
  for (const auto& a : t.attributes) attrs.push_back(AttributeJson(a));
  return {{"id", t.id},
          {"apiName", t.api_name},
          {"name", t.name},
          {"description", t.description},
          {"triggerName", t.trigger_name},
          {"filterName", t.filter_name},
          {"primaryAttribute", AttributeJson(t.primary)},
          {"attributes", attrs},
          {"status", t.approved ? "approved" : "draft"},
          {"createdAt", FormatLeadDatetime(t.created_millis)},
          {"updatedAt", FormatLeadDatetime(t.updated_millis)}};
}

nlohmann::json CustomTypeAsActivityType(const CustomActivityType& t) {
  nlohmann::json attrs = nlohmann::json::array();
  for (const auto& a : t.attributes) attrs.push_back({{"name", a.name}, {"dataType", a.data_type}});
  return {{"id", t.id},
          {"name", t.name},
          {"description", t.description},
          {"primaryAttribute", {{"name", t.primary.name}, {"dataType", t.primary.data_type}}},
          {"attributes", attrs}};
}

void AddCustomActivityRoutes(RouteTable& t) {
  t.Add("GET", "/rest/v1/activities/external/types.json", DataAccess::kRead, ListTypes);
  t.Add("POST", "/rest/v1/activities/external/type.json", DataAccess::kWrite, CreateType);
  t.Add("POST", "/rest/v1/activities/external/type/{apiName}/attributes/create.json", DataAccess::kWrite,
        CreateAttributes);
  t.Add("POST", "/rest/v1/activities/external/type/{apiName}/approve.json", DataAccess::kWrite, Approve);
  t.Add("POST", "/rest/v1/activities/external.json", DataAccess::kWrite, AddActivities);
}

}  // namespace salesync::sandbox::marketo
