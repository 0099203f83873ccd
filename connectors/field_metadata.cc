#include "connectors/field_metadata.h"

#include <algorithm>

#include "base/strings.h"

namespace salesync::connectors {

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString: return "string";
    case FieldType::kTextArea: return "textarea";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kUrl: return "url";
    case FieldType::kPicklist: return "picklist";
    case FieldType::kMultiPicklist: return "multipicklist";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kInteger: return "integer";
    case FieldType::kDouble: return "double";
    case FieldType::kDate: return "date";
    case FieldType::kDateTime: return "datetime";
    case FieldType::kId: return "id";
    case FieldType::kReference: return "reference";
    case FieldType::kOther: return "other";
  }
  return "other";
}

const FieldMetadata* ObjectMetadata::Find(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  for (const auto& f : fields) {
    if (f.name.size() == name.size() && ToLowerAscii(f.name) == ToLowerAscii(name)) return &f;
  }
  return nullptr;
}

std::vector<std::string> ObjectMetadata::Suggest(std::string_view name, size_t max) const {
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::max<size_t>(2, name.size() / 3);
  std::string lowered = ToLowerAscii(name);
  for (const auto& f : fields) {
    size_t d = EditDistance(lowered, ToLowerAscii(f.name));
    if (d <= limit) scored.emplace_back(d, f.name);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < max; ++i) out.push_back(scored[i].second);
  return out;
}

nlohmann::json ToJson(const FieldMetadata& f) {
  nlohmann::json j = {{"name", f.name},
                      {"label", f.label},
                      {"type", std::string(FieldTypeName(f.type))},
                      {"provider_type", f.provider_type},
                      {"length", f.length},
                      {"nillable", f.nillable},
                      {"createable", f.createable},
                      {"updateable", f.updateable},
                      {"required_on_create", f.RequiredOnCreate()},
                      {"external_id", f.external_id}};
  if (!f.picklist_values.empty()) {
    j["picklist_values"] = f.picklist_values;
    j["restricted_picklist"] = f.restricted_picklist;
  }
  if (!f.reference_to.empty()) j["reference_to"] = f.reference_to;
  return j;
}

nlohmann::json ToJson(const ObjectMetadata& o) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : o.fields) fields.push_back(ToJson(f));
  return {{"connection", o.connection}, {"object", o.object}, {"fields", fields}};
}

}  // namespace salesync::connectors
