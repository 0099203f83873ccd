#include "sandbox/salesforce/salesforce_schema.h"

#include "base/strings.h"

namespace salesync::sandbox::salesforce {

namespace {

// Field builders: the defaults of a writable standard field; the chained setters say what differs.
struct F {
  FieldSpec s;
  F(std::string name, std::string label, FieldType type, int length = 0) {
    s.name = std::move(name);
    s.label = std::move(label);
    s.type = type;
    s.length = length;
  }
  F& Required() { s.nillable = false; return *this; }
  F& ReadOnly() { s.createable = false; s.updateable = false; return *this; }
  F& CreateOnly() { s.updateable = false; return *this; }
  F& Defaulted() { s.defaulted_on_create = true; return *this; }
  F& Calculated() { s.calculated = true; s.createable = false; s.updateable = false; return *this; }
  F& IdLookup() { s.id_lookup = true; return *this; }
  F& NameField() { s.name_field = true; return *this; }
  F& Custom() { s.custom = true; return *this; }
  F& ExternalId(bool unique) {
    s.external_id = true;
    s.id_lookup = true;
    s.unique = unique;
    return *this;
  }
  F& Picklist(std::vector<std::string> values, std::string def = "", bool restricted = false) {
    s.picklist = std::move(values);
    s.picklist_default = std::move(def);
    s.restricted_picklist = restricted;
    if (!s.picklist_default.empty()) s.defaulted_on_create = true;
    return *this;
  }
  F& Ref(std::vector<std::string> to, std::string relationship) {
    s.reference_to = std::move(to);
    s.relationship_name = std::move(relationship);
    return *this;
  }
  operator FieldSpec() const { return s; }  // NOLINT: builder
};

// The fields every object has, in Salesforce's describe order around the object's own fields.
std::vector<FieldSpec> WithSystemFields(const std::string& object, std::vector<FieldSpec> own, bool owned) {
  std::vector<FieldSpec> out;
  F id("Id", object + " ID", FieldType::kId, 18);
  id.ReadOnly().Required().Defaulted().IdLookup();
  id.s.case_sensitive = true;
  out.push_back(id);
  out.push_back(F("IsDeleted", "Deleted", FieldType::kBoolean).ReadOnly().Required().Defaulted());
  if (object != "User" && object != "Task") {
    out.push_back(F("MasterRecordId", "Master Record ID", FieldType::kReference, 18).ReadOnly().Ref({object}, "MasterRecord"));
  }
  for (auto& f : own) out.push_back(std::move(f));
  if (owned) {
    out.push_back(F("OwnerId", "Owner ID", FieldType::kReference, 18).Required().Defaulted().Ref({"User"}, "Owner"));
  }
  out.push_back(F("CreatedDate", "Created Date", FieldType::kDateTime).ReadOnly().Required().Defaulted());
  out.push_back(F("CreatedById", "Created By ID", FieldType::kReference, 18).ReadOnly().Required().Defaulted().Ref({"User"}, "CreatedBy"));
  out.push_back(F("LastModifiedDate", "Last Modified Date", FieldType::kDateTime).ReadOnly().Required().Defaulted());
  out.push_back(F("LastModifiedById", "Last Modified By ID", FieldType::kReference, 18).ReadOnly().Required().Defaulted().Ref({"User"}, "LastModifiedBy"));
  out.push_back(F("SystemModstamp", "System Modstamp", FieldType::kDateTime).ReadOnly().Required().Defaulted());
  for (auto& f : out) {
    if (f.type == FieldType::kReference && f.length == 0) f.length = 18;
  }
  return out;
}

const std::vector<std::string> kLeadSources = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List",
                                               "Other", "Webinar"};
const std::vector<std::string> kSalutations = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."};

ObjectSpec MakeLead() {
  ObjectSpec o{"Lead", "Lead", "Leads", "00Q"};
  o.fields = WithSystemFields("Lead", {
      F("LastName", "Last Name", FieldType::kString, 80).Required(),
      F("FirstName", "First Name", FieldType::kString, 40),
      F("Salutation", "Salutation", FieldType::kPicklist, 40).Picklist(kSalutations),
      F("Name", "Full Name", FieldType::kString, 121).ReadOnly().NameField(),
      F("Title", "Title", FieldType::kString, 128),
      F("Company", "Company", FieldType::kString, 255).Required(),
      F("City", "City", FieldType::kString, 40),
      F("Country", "Country", FieldType::kString, 80),
      F("Phone", "Business Phone", FieldType::kPhone, 40),
      F("Email", "Email", FieldType::kEmail, 80).IdLookup(),
      F("Website", "Website", FieldType::kUrl, 255),
      F("Description", "Description", FieldType::kTextArea, 32000),
      F("LeadSource", "Lead Source", FieldType::kPicklist, 255).Picklist(kLeadSources),
      F("Status", "Status", FieldType::kPicklist, 255).Required()
          .Picklist({"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"},
                    "Open - Not Contacted", true),
      F("Industry", "Industry", FieldType::kPicklist, 255)
          .Picklist({"Technology", "Manufacturing", "Finance", "Healthcare", "Retail", "Education", "Energy", "Media"}),
      F("NumberOfEmployees", "Employees", FieldType::kInt),
      F("HasOptedOutOfEmail", "Email Opt Out", FieldType::kBoolean).Required().Defaulted(),
      F("IsConverted", "Converted", FieldType::kBoolean).Required().Defaulted().CreateOnly(),
      F("ConvertedAccountId", "Converted Account ID", FieldType::kReference).ReadOnly().Ref({"Account"}, "ConvertedAccount"),
      F("ConvertedContactId", "Converted Contact ID", FieldType::kReference).ReadOnly().Ref({"Contact"}, "ConvertedContact"),
      F("Salesync_Id__c", "Salesync ID", FieldType::kString, 64).Custom().ExternalId(false),
  }, true);
  return o;
}

ObjectSpec MakeContact() {
  ObjectSpec o{"Contact", "Contact", "Contacts", "003"};
  o.fields = WithSystemFields("Contact", {
      F("AccountId", "Account ID", FieldType::kReference).Ref({"Account"}, "Account"),
      F("LastName", "Last Name", FieldType::kString, 80).Required(),
      F("FirstName", "First Name", FieldType::kString, 40),
      F("Salutation", "Salutation", FieldType::kPicklist, 40).Picklist(kSalutations),
      F("Name", "Full Name", FieldType::kString, 121).ReadOnly().NameField(),
      F("MailingCity", "Mailing City", FieldType::kString, 40),
      F("MailingCountry", "Mailing Country", FieldType::kString, 80),
      F("Phone", "Business Phone", FieldType::kPhone, 40),
      F("Email", "Email", FieldType::kEmail, 80).IdLookup(),
      F("Title", "Title", FieldType::kString, 128),
      F("Department", "Department", FieldType::kString, 80),
      F("LeadSource", "Lead Source", FieldType::kPicklist, 255).Picklist(kLeadSources),
      F("Description", "Contact Description", FieldType::kTextArea, 32000),
      F("HasOptedOutOfEmail", "Email Opt Out", FieldType::kBoolean).Required().Defaulted(),
      F("Salesync_Id__c", "Salesync ID", FieldType::kString, 64).Custom().ExternalId(false),
  }, true);
  o.child_relationships = {{"Task", "WhoId"}};
  return o;
}

ObjectSpec MakeAccount() {
  ObjectSpec o{"Account", "Account", "Accounts", "001"};
  o.fields = WithSystemFields("Account", {
      F("Name", "Account Name", FieldType::kString, 255).Required().NameField(),
      F("Type", "Account Type", FieldType::kPicklist, 255)
          .Picklist({"Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Other"}),
      F("Industry", "Industry", FieldType::kPicklist, 255)
          .Picklist({"Technology", "Manufacturing", "Finance", "Healthcare", "Retail", "Education", "Energy", "Media"}),
      F("Website", "Website", FieldType::kUrl, 255),
      F("Phone", "Account Phone", FieldType::kPhone, 40),
      F("BillingCity", "Billing City", FieldType::kString, 40),
      F("BillingCountry", "Billing Country", FieldType::kString, 80),
      F("NumberOfEmployees", "Employees", FieldType::kInt),
      F("Description", "Account Description", FieldType::kTextArea, 32000),
  }, true);
  o.child_relationships = {{"Contact", "AccountId"}, {"Task", "AccountId"}, {"Task", "WhatId"}};
  return o;
}

ObjectSpec MakeTask() {
  ObjectSpec o{"Task", "Task", "Tasks", "00T"};
  o.fields = WithSystemFields("Task", {
      F("WhoId", "Name ID", FieldType::kReference).Ref({"Contact", "Lead"}, "Who"),
      F("WhatId", "Related To ID", FieldType::kReference).Ref({"Account"}, "What"),
      F("Subject", "Subject", FieldType::kCombobox, 255)
          .Picklist({"Call", "Send Letter", "Send Quote", "Other", "Email"}),
      F("ActivityDate", "Due Date Only", FieldType::kDate),
      F("Status", "Status", FieldType::kPicklist, 255).Required()
          .Picklist({"Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"}, "Not Started"),
      F("Priority", "Priority", FieldType::kPicklist, 255).Required().Picklist({"High", "Normal", "Low"}, "Normal"),
      F("IsClosed", "Closed", FieldType::kBoolean).Calculated().Required().Defaulted(),
      F("Type", "Type", FieldType::kPicklist, 255).Picklist({"Call", "Email", "Meeting", "Other"}),
      F("TaskSubtype", "Task Subtype", FieldType::kPicklist, 255)
          .CreateOnly().Picklist({"Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"}, "Task", true),
      F("Description", "Description", FieldType::kTextArea, 32000),
      F("AccountId", "Account ID", FieldType::kReference).ReadOnly().Ref({"Account"}, "Account"),
      F("Salesync_Activity_Id__c", "Salesync Activity ID", FieldType::kString, 255).Custom().ExternalId(true),
  }, true);
  return o;
}

ObjectSpec MakeUser() {
  ObjectSpec o{"User", "User", "Users", "005"};
  o.deletable = false;
  o.fields = WithSystemFields("User", {
      F("Username", "Username", FieldType::kString, 80).Required().IdLookup(),
      F("LastName", "Last Name", FieldType::kString, 80).Required(),
      F("FirstName", "First Name", FieldType::kString, 40),
      F("Name", "Full Name", FieldType::kString, 121).ReadOnly().NameField(),
      F("Alias", "Alias", FieldType::kString, 8).Required(),
      F("Email", "Email", FieldType::kEmail, 128).Required(),
      F("IsActive", "Active", FieldType::kBoolean).Required().Defaulted(),
      F("UserType", "User Type", FieldType::kPicklist, 40).ReadOnly()
          .Picklist({"Standard", "PowerPartner", "CsnOnly", "Guest"}, "Standard", true),
      F("TimeZoneSidKey", "Time Zone", FieldType::kPicklist, 40).Required()
          .Picklist({"Europe/Amsterdam", "Europe/Stockholm", "Asia/Seoul", "America/New_York", "GMT"}, "", true),
  }, false);
  for (auto& f : o.fields) {
    if (f.name == "Username") f.unique = true;
  }
  return o;
}

void Index(ObjectSpec& o) {
  for (size_t i = 0; i < o.fields.size(); ++i) {
    int pos = static_cast<int>(i);
    o.by_lower_name[ToLowerAscii(o.fields[i].name)] = pos;
    o.by_name[o.fields[i].name] = pos;
    const std::string& n = o.fields[i].name;
    if (n == "Id") o.id = pos;
    else if (n == "IsDeleted") o.is_deleted = pos;
    else if (n == "CreatedDate") o.created_date = pos;
    else if (n == "LastModifiedDate") o.last_modified_date = pos;
    else if (n == "SystemModstamp") o.system_modstamp = pos;
  }
}

nlohmann::json FieldJson(const FieldSpec& f) {
  nlohmann::json picklist = nlohmann::json::array();
  for (const auto& v : f.picklist) {
    picklist.push_back({{"active", true}, {"defaultValue", v == f.picklist_default}, {"label", v},
                        {"validFor", nullptr}, {"value", v}});
  }
  bool text = f.is_text() || f.type == FieldType::kId || f.type == FieldType::kReference;
  std::string soap = "xsd:string";
  switch (f.type) {
    case FieldType::kId: case FieldType::kReference: soap = "tns:ID"; break;
    case FieldType::kBoolean: soap = "xsd:boolean"; break;
    case FieldType::kInt: soap = "xsd:int"; break;
    case FieldType::kDouble: soap = "xsd:double"; break;
    case FieldType::kDate: soap = "xsd:date"; break;
    case FieldType::kDateTime: soap = "xsd:dateTime"; break;
    default: break;
  }
  nlohmann::json j = {
      {"aggregatable", f.type != FieldType::kTextArea},
      {"autoNumber", false},
      {"byteLength", text ? f.length * 3 : 0},
      {"calculated", f.calculated},
      {"calculatedFormula", nullptr},
      {"cascadeDelete", false},
      {"caseSensitive", f.case_sensitive},
      {"compoundFieldName", f.name == "FirstName" || f.name == "LastName" || f.name == "Salutation"
                                ? nlohmann::json("Name") : nlohmann::json(nullptr)},
      {"controllerName", nullptr},
      {"createable", f.createable},
      {"custom", f.custom},
      {"defaultValue", f.picklist_default.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.picklist_default)},
      {"defaultValueFormula", nullptr},
      {"defaultedOnCreate", f.defaulted_on_create},
      {"dependentPicklist", false},
      {"deprecatedAndHidden", false},
      {"digits", f.type == FieldType::kInt ? 8 : 0},
      {"displayLocationInDecimal", false},
      {"encrypted", false},
      {"externalId", f.external_id},
      {"extraTypeInfo", f.type == FieldType::kTextArea ? nlohmann::json("plaintextarea") : nlohmann::json(nullptr)},
      {"filterable", f.filterable()},
      {"groupable", f.type != FieldType::kTextArea && f.type != FieldType::kDouble},
      {"highScaleNumber", false},
      {"htmlFormatted", false},
      {"idLookup", f.id_lookup},
      {"inlineHelpText", nullptr},
      {"label", f.label},
      {"length", text ? f.length : 0},
      {"mask", nullptr},
      {"maskType", nullptr},
      {"name", f.name},
      {"nameField", f.name_field},
      {"namePointing", f.reference_to.size() > 1},
      {"nillable", f.nillable},
      {"permissionable", f.nillable && !f.calculated && f.createable},
      {"picklistValues", picklist},
      {"polymorphicForeignKey", f.reference_to.size() > 1},
      {"precision", 0},
      {"queryByDistance", false},
      {"referenceTargetField", nullptr},
      {"referenceTo", f.reference_to},
      {"relationshipName", f.relationship_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.relationship_name)},
      {"relationshipOrder", nullptr},
      {"restrictedDelete", false},
      {"restrictedPicklist", f.restricted_picklist},
      {"scale", 0},
      {"searchPrefilterable", false},
      {"soapType", soap},
      {"sortable", f.type != FieldType::kTextArea},
      {"type", FieldTypeName(f.type)},
      {"unique", f.unique},
      {"updateable", f.updateable},
      {"writeRequiresMasterRead", false},
  };
  return j;
}

}  // namespace

std::string FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kId: return "id";
    case FieldType::kString: return "string";
    case FieldType::kTextArea: return "textarea";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kUrl: return "url";
    case FieldType::kPicklist: return "picklist";
    case FieldType::kCombobox: return "combobox";
    case FieldType::kReference: return "reference";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kInt: return "int";
    case FieldType::kDouble: return "double";
    case FieldType::kDate: return "date";
    case FieldType::kDateTime: return "datetime";
  }
  return "string";
}

bool FieldSpec::is_text() const {
  switch (type) {
    case FieldType::kString: case FieldType::kTextArea: case FieldType::kEmail: case FieldType::kPhone:
    case FieldType::kUrl: case FieldType::kPicklist: case FieldType::kCombobox:
      return true;
    default:
      return false;
  }
}

int ObjectSpec::FieldIndex(std::string_view name) const {
  auto it = by_lower_name.find(ToLowerAscii(name));
  return it == by_lower_name.end() ? -1 : it->second;
}

nlohmann::json ObjectSpec::GlobalEntryJson(const std::string& v) const {
  std::string base = v + "/sobjects/" + name;
  return {{"activateable", false}, {"createable", createable}, {"custom", false}, {"customSetting", false},
          {"deletable", deletable}, {"deprecatedAndHidden", false}, {"feedEnabled", true}, {"keyPrefix", key_prefix},
          {"label", label}, {"labelPlural", label_plural}, {"layoutable", true}, {"mergeable", name != "Task" && name != "User"},
          {"name", name}, {"queryable", true}, {"replicateable", true}, {"retrieveable", true}, {"searchable", true},
          {"triggerable", true}, {"undeletable", deletable}, {"updateable", updateable},
          {"urls", {{"sobject", base}, {"describe", base + "/describe"}, {"rowTemplate", base + "/{ID}"}}}};
}

nlohmann::json ObjectSpec::DescribeJson(const std::string& v) const {
  nlohmann::json j = GlobalEntryJson(v);
  nlohmann::json fs = nlohmann::json::array();
  for (const auto& f : fields) fs.push_back(FieldJson(f));
  nlohmann::json children = nlohmann::json::array();
  for (const auto& [child, field] : child_relationships) {
    children.push_back({{"cascadeDelete", false}, {"childSObject", child}, {"deprecatedAndHidden", false},
                        {"field", field}, {"relationshipName", child == "Task" ? "Tasks" : child + "s"},
                        {"restrictedDelete", false}});
  }
  j["fields"] = fs;
  j["childRelationships"] = children;
  j["recordTypeInfos"] = nlohmann::json::array({{{"active", true}, {"available", true}, {"defaultRecordTypeMapping", true},
                                                 {"master", true}, {"name", "Master"}, {"recordTypeId", "012000000000000AAA"}}});
  j["compactLayoutable"] = true;
  j["searchLayoutable"] = true;
  j["supportedScopes"] = nlohmann::json::array({{{"label", "All " + label_plural}, {"name", "everything"}}});
  std::string base = v + "/sobjects/" + name;
  j["urls"]["layouts"] = base + "/describe/layouts";
  j["urls"]["compactLayouts"] = base + "/describe/compactLayouts";
  return j;
}

OrgSchema::OrgSchema() {
  objects_ = {MakeLead(), MakeContact(), MakeAccount(), MakeTask(), MakeUser()};
  for (auto& o : objects_) Index(o);
}

const ObjectSpec* OrgSchema::Find(std::string_view name) const {
  std::string lower = ToLowerAscii(name);
  for (const auto& o : objects_) {
    if (ToLowerAscii(o.name) == lower) return &o;
  }
  return nullptr;
}

const ObjectSpec* OrgSchema::FindByPrefix(std::string_view prefix) const {
  for (const auto& o : objects_) {
    if (o.key_prefix == prefix) return &o;
  }
  return nullptr;
}

const OrgSchema& Schema() {
  static const OrgSchema schema;
  return schema;
}

}  // namespace salesync::sandbox::salesforce
