// The emulated org's schema: Lead, Contact, Account, Task and User with realistic field metadata.
//
// One ObjectSpec per sObject, each with its FieldSpecs in describe order. Records store their values in
// the same order (salesforce_records.h), SOQL resolves field names against it case-insensitively, the
// writers validate against it (createable, updateable, length, restricted picklists, references), and
// describe prints it. Custom external-id fields: Salesync_Id__c on Lead and Contact (externalId, not
// unique: two records may share a value, which makes an upsert answer 300) and Salesync_Activity_Id__c on
// Task (externalId and unique, for idempotent write-back).
// Thread-safety: immutable after construction; Schema() returns a process-wide instance.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace salesync::sandbox::salesforce {

enum class FieldType {
  kId, kString, kTextArea, kEmail, kPhone, kUrl, kPicklist, kCombobox, kReference, kBoolean, kInt, kDouble,
  kDate, kDateTime,
};

std::string FieldTypeName(FieldType type);  // describe's "type": "id", "string", "datetime"...

struct FieldSpec {
  std::string name;
  std::string label;
  FieldType type = FieldType::kString;
  int length = 0;
  bool nillable = true;
  bool createable = true;
  bool updateable = true;
  bool defaulted_on_create = false;
  bool calculated = false;
  bool external_id = false;
  bool unique = false;
  bool id_lookup = false;
  bool custom = false;
  bool name_field = false;
  bool case_sensitive = false;
  std::vector<std::string> picklist;
  std::string picklist_default;
  bool restricted_picklist = false;
  std::vector<std::string> reference_to;
  std::string relationship_name;

  bool filterable() const { return type != FieldType::kTextArea; }
  bool is_text() const;
};

struct ObjectSpec {
  std::string name;
  std::string label;
  std::string label_plural;
  std::string key_prefix;  // "003"
  bool createable = true;
  bool updateable = true;
  bool deletable = true;
  std::vector<FieldSpec> fields;
  std::vector<std::pair<std::string, std::string>> child_relationships;  // (child object, field)

  // Positions of the system fields every object has.
  int id = -1, is_deleted = -1, created_date = -1, last_modified_date = -1, system_modstamp = -1;

  // Position of a field by name, case-insensitively; -1 when unknown.
  int FieldIndex(std::string_view name) const;
  // Position of a field by its exact API name, without allocating; -1 when unknown.
  int Col(std::string_view exact_name) const {
    auto it = by_name.find(exact_name);
    return it == by_name.end() ? -1 : it->second;
  }
  const FieldSpec& field(int i) const { return fields[static_cast<size_t>(i)]; }
  nlohmann::json DescribeJson(const std::string& version_path) const;  // version_path: "/services/data/v60.0"
  nlohmann::json GlobalEntryJson(const std::string& version_path) const;

  std::map<std::string, int> by_lower_name;
  std::map<std::string, int, std::less<>> by_name;
};

class OrgSchema {
 public:
  OrgSchema();
  // The object by name, case-insensitively; nullptr when the org has no such object.
  const ObjectSpec* Find(std::string_view name) const;
  // The object whose ids start with `prefix` ("00Q" -> Lead).
  const ObjectSpec* FindByPrefix(std::string_view prefix) const;
  const std::vector<ObjectSpec>& objects() const { return objects_; }

 private:
  std::vector<ObjectSpec> objects_;
};

const OrgSchema& Schema();

}  // namespace salesync::sandbox::salesforce
