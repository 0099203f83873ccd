#include "connectors/salesforce/salesforce_describe.h"

#include <map>

#include <nlohmann/json.hpp>

namespace salesync::connectors::salesforce {

namespace {

bool Flag(const nlohmann::json& field, const char* key, bool fallback) {
  auto it = field.find(key);
  return it != field.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

Error NotADescribe(const std::string& object, const std::string& why) {
  return MakeError(ErrorCode::kPermanent, "The describe of " + object + " cannot be read: " + why,
                   "sobjects/" + object + "/describe");
}

}  // namespace

FieldType MapFieldType(std::string_view t) {
  static const std::map<std::string_view, FieldType> kTypes = {
      {"id", FieldType::kId},
      {"string", FieldType::kString},
      {"encryptedstring", FieldType::kString},
      {"combobox", FieldType::kString},
      {"textarea", FieldType::kTextArea},
      {"email", FieldType::kEmail},
      {"phone", FieldType::kPhone},
      {"url", FieldType::kUrl},
      {"picklist", FieldType::kPicklist},
      {"multipicklist", FieldType::kMultiPicklist},
      {"boolean", FieldType::kBoolean},
      {"int", FieldType::kInteger},
      {"long", FieldType::kInteger},
      {"double", FieldType::kDouble},
      {"currency", FieldType::kDouble},
      {"percent", FieldType::kDouble},
      {"date", FieldType::kDate},
      {"datetime", FieldType::kDateTime},
      {"reference", FieldType::kReference},
      // Readable but never a mapping target: time of day, binary, compound and polymorphic values.
      {"time", FieldType::kOther},
      {"base64", FieldType::kOther},
      {"address", FieldType::kOther},
      {"location", FieldType::kOther},
      {"anyType", FieldType::kOther},
      {"complexvalue", FieldType::kOther},
      {"json", FieldType::kOther},
  };
  auto it = kTypes.find(t);
  return it == kTypes.end() ? FieldType::kOther : it->second;
}

Result<ObjectMetadata> ParseDescribeBody(const std::string& connection, const std::string& object,
                                         const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return NotADescribe(object, "the body is not a JSON object.");
  auto fields = j.find("fields");
  if (fields == j.end() || !fields->is_array()) return NotADescribe(object, "it has no \"fields\" list.");
  ObjectMetadata out;
  out.connection = connection;
  out.object = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : object;
  for (const auto& f : *fields) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("type") || !f["type"].is_string()) {
      return NotADescribe(object, "a field has no name or type.");
    }
    if (Flag(f, "deprecatedAndHidden", false)) continue;
    FieldMetadata m;
    m.name = f["name"].get<std::string>();
    m.label = f.contains("label") && f["label"].is_string() ? f["label"].get<std::string>() : m.name;
    m.provider_type = f["type"].get<std::string>();
    m.type = MapFieldType(m.provider_type);
    if (auto len = f.find("length"); len != f.end() && len->is_number_integer()) m.length = len->get<int64_t>();
    m.nillable = Flag(f, "nillable", true);
    m.createable = Flag(f, "createable", false);
    m.updateable = Flag(f, "updateable", false);
    m.defaulted_on_create = Flag(f, "defaultedOnCreate", false);
    m.external_id = Flag(f, "externalId", false);
    m.restricted_picklist = Flag(f, "restrictedPicklist", false);
    if (auto values = f.find("picklistValues"); values != f.end() && values->is_array()) {
      for (const auto& v : *values) {
        if (!v.is_object() || !Flag(v, "active", true)) continue;
        if (auto value = v.find("value"); value != v.end() && value->is_string()) {
          m.picklist_values.push_back(value->get<std::string>());
        }
      }
    }
    if (auto refs = f.find("referenceTo"); refs != f.end() && refs->is_array()) {
      for (const auto& r : *refs) {
        if (r.is_string()) m.reference_to.push_back(r.get<std::string>());
      }
    }
    out.fields.push_back(std::move(m));
  }
  return out;
}

}  // namespace salesync::connectors::salesforce
