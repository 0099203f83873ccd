#include "connectors/field_metadata.h"

#include <algorithm>
#include <cctype>

namespace salesync::connectors {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

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
    if (EqualsIgnoreCase(f.name, name)) return &f;
  }
  return nullptr;
}

std::vector<std::string> ObjectMetadata::Suggest(std::string_view name, size_t max) const {
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::max<size_t>(2, name.size() / 3);
  for (const auto& f : fields) {
    size_t d = EditDistance(name, f.name);
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
