// FieldMetadata / ObjectMetadata: what a connected system says about an object's fields (its describe),
// in one shape for every connector. The mapping previews validate against it (type, length, required,
// picklist, createable/updateable); the sync engine uses it to know which fields exist.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace salesync::connectors {

enum class FieldType {
  kString,
  kTextArea,
  kEmail,
  kPhone,
  kUrl,
  kPicklist,
  kMultiPicklist,
  kBoolean,
  kInteger,
  kDouble,    // double, currency, percent
  kDate,
  kDateTime,
  kId,        // the record's own id
  kReference, // an id of another record
  kOther,     // address, location, base64...: readable, never a mapping target
};

// "string", "textarea", "email"... (stable names, used in JSON and previews).
std::string_view FieldTypeName(FieldType type);

struct FieldMetadata {
  std::string name;           // as the system names it: "Email", "email", "sfdcContactId"
  std::string label;
  FieldType type = FieldType::kString;
  std::string provider_type;  // the system's own word: "string", "picklist", "score", "datetime"...
  int64_t length = 0;         // maximum characters for text types; 0 = no limit known
  bool nillable = true;
  bool createable = true;
  bool updateable = true;
  bool defaulted_on_create = false;
  bool external_id = false;
  bool restricted_picklist = false;           // values outside picklist_values are rejected
  std::vector<std::string> picklist_values;   // active values only
  std::vector<std::string> reference_to;      // object names a reference points at

  // A create without this field fails at the provider.
  bool RequiredOnCreate() const {
    return createable && !nillable && !defaulted_on_create && type != FieldType::kBoolean;
  }
};

struct ObjectMetadata {
  std::string connection;  // "sf-prod"
  std::string object;      // "Contact", "lead"
  std::vector<FieldMetadata> fields;

  // Exact name first, then ASCII case-insensitive (Salesforce names are case-insensitive); nullptr if absent.
  const FieldMetadata* Find(std::string_view name) const;
  // Names close to `name` (edit distance), best first, for "did you mean".
  std::vector<std::string> Suggest(std::string_view name, size_t max = 3) const;
};

nlohmann::json ToJson(const FieldMetadata& field);
nlohmann::json ToJson(const ObjectMetadata& object);

}  // namespace salesync::connectors
