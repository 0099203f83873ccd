#include "sandbox/marketo/marketo_schema.h"

#include <unordered_map>

namespace salesync::sandbox::marketo {

const std::vector<LeadField>& LeadFields() {
  using F = FieldType;
  // {id, name, displayName, soapName, type, length, readOnly, crmManaged, companyField, searchable}
  static const std::vector<LeadField> kFields = {
      {1, "id", "Id", "Id", F::kInteger, 0, true, false, false, true},
      {2, "email", "Email Address", "Email", F::kEmail, 255, false, false, false, true},
      {3, "firstName", "First Name", "FirstName", F::kString, 255, false, false, false, false},
      {4, "lastName", "Last Name", "LastName", F::kString, 255, false, false, false, false},
      {5, "title", "Job Title", "Title", F::kString, 255, false, false, false, false},
      {6, "phone", "Phone Number", "Phone", F::kPhone, 255, false, false, false, false},
      {7, "city", "City", "City", F::kString, 255, false, false, false, false},
      {8, "country", "Country", "Country", F::kString, 255, false, false, false, false},
      {9, "company", "Company Name", "Company", F::kString, 255, false, false, true, false},
      {10, "industry", "Industry", "Industry", F::kString, 255, false, false, true, false},
      {11, "numberOfEmployees", "Num Employees", "NumberOfEmployees", F::kInteger, 0, false, false, true, false},
      {12, "website", "Website", "Website", F::kUrl, 255, false, false, true, false},
      {13, "leadScore", "Lead Score", "LeadScore", F::kScore, 0, false, false, false, false},
      {14, "leadStatus", "Lead Status", "LeadStatus", F::kString, 255, false, false, false, false},
      {15, "leadSource", "Lead Source", "LeadSource", F::kString, 255, false, false, false, false},
      {16, "sfdcType", "SFDC Type", "SFDCType", F::kString, 255, true, true, false, false},
      {17, "sfdcLeadId", "SFDC Lead ID", "SFDCLeadId", F::kString, 18, true, true, false, true},
      {18, "sfdcContactId", "SFDC Contact ID", "SFDCContactId", F::kString, 18, true, true, false, true},
      {19, "sfdcAccountId", "SFDC Account ID", "SFDCAccountId", F::kString, 18, true, true, false, true},
      {20, "sfdcLeadOwnerId", "SFDC Lead Owner ID", "SFDCLeadOwnerId", F::kString, 18, true, true, false, true},
      {21, "leadPartitionId", "Lead Partition Id", "LeadPartitionId", F::kInteger, 0, true, false, false, true},
      {22, "unsubscribed", "Unsubscribed", "Unsubscribed", F::kBoolean, 0, false, false, false, false},
      {23, "createdAt", "Created At", "CreatedAt", F::kDatetime, 0, true, false, false, false},
      {24, "updatedAt", "Updated At", "UpdatedAt", F::kDatetime, 0, true, false, false, false},
      // Sales Insight fields: "System managed", read-only (shared/reference/marketo.md §6).
      {25, "priority", "Lead Priority", "Priority", F::kInteger, 0, true, false, false, false},
      {26, "relativeScore", "Relative Score", "RelativeScore", F::kInteger, 0, true, false, false, false},
      {27, "urgency", "Urgency", "Urgency", F::kFloat, 0, true, false, false, false},
      // A custom string field, as integrations add for their own key; custom strings are valid filters.
      {28, "salesyncId", "Salesync ID", "SalesyncId", F::kString, 255, false, false, false, true},
  };
  return kFields;
}

std::optional<int> FindLeadField(std::string_view name) {
  static const auto* kIndex = [] {
    auto* m = new std::unordered_map<std::string, int>();
    const auto& f = LeadFields();
    for (size_t i = 0; i < f.size(); ++i) (*m)[f[i].name] = static_cast<int>(i);
    return m;
  }();
  auto it = kIndex->find(std::string(name));
  if (it == kIndex->end()) return std::nullopt;
  return it->second;
}

bool IsFilterOnlyType(std::string_view name) {
  return name == "cookies" || name == "facebookId" || name == "linkedInId" || name == "twitterId" ||
         name == "sfdcOpptyId";
}

std::string FieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kInteger: return "integer";
    case FieldType::kString: return "string";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kUrl: return "url";
    case FieldType::kScore: return "score";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kDatetime: return "datetime";
    case FieldType::kFloat: return "float";
  }
  return "string";
}

nlohmann::json DescribeJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : LeadFields()) {
    nlohmann::json d = {{"id", f.id},
                        {"displayName", f.display_name},
                        {"dataType", FieldTypeName(f.type)},
                        {"rest", {{"name", f.name}, {"readOnly", f.read_only}}},
                        {"soap", {{"name", f.soap_name}, {"readOnly", f.read_only}}}};
    if (f.length > 0) d["length"] = f.length;
    out.push_back(d);
  }
  return out;
}

nlohmann::json Describe2Json() {
  nlohmann::json searchable = nlohmann::json::array();
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : LeadFields()) {
    if (f.searchable) searchable.push_back(nlohmann::json::array({f.name}));
    nlohmann::json d = {{"name", f.name},
                        {"displayName", f.display_name},
                        {"dataType", FieldTypeName(f.type)},
                        {"updateable", !f.read_only},
                        {"crmManaged", f.crm_managed}};
    if (f.length > 0) d["length"] = f.length;
    fields.push_back(d);
  }
  return nlohmann::json::array(
      {{{"name", "API Lead"}, {"searchableFields", searchable}, {"fields", fields}}});
}

const std::vector<int>& DefaultLeadFields() {
  static const std::vector<int> kDefault = {kFieldId, kFieldEmail, kFieldUpdatedAt, kFieldCreatedAt, kFieldFirstName,
                                            kFieldLastName};
  return kDefault;
}

const std::vector<ActivityType>& StandardActivityTypes() {
  using A = ActivityAttributeDef;
  static const std::vector<ActivityType> kTypes = {
      {kVisitWebpage, "Visit Webpage", "User visits a web page", A{"Webpage ID", "integer"},
       {{"Client IP Address", "string"}, {"Query Parameters", "string"}, {"Referrer URL", "string"},
        {"User Agent", "string"}, {"Webpage URL", "string"}}},
      {kFillOutForm, "Fill Out Form", "User fills out and submits form on web page", A{"Webform ID", "integer"},
       {{"Client IP Address", "string"}, {"Form Fields", "text"}, {"Referrer URL", "string"}, {"Webpage ID", "integer"}}},
      {kSendEmail, "Send Email", "Send Marketo Email to a person", A{"Mailing ID", "integer"},
       {{"Campaign Run ID", "integer"}, {"Choice Number", "integer"}, {"Step ID", "integer"}}},
      {kEmailDelivered, "Email Delivered", "Marketo Email is delivered to a person", A{"Mailing ID", "integer"},
       {{"Campaign Run ID", "integer"}, {"Choice Number", "integer"}, {"Step ID", "integer"}}},
      {kOpenEmail, "Open Email", "User opens Marketo Email", A{"Mailing ID", "integer"},
       {{"Device", "string"}, {"Is Mobile Device", "boolean"}, {"Platform", "string"}, {"User Agent", "string"}}},
      {kClickEmail, "Click Email", "User clicks on a link in a Marketo Email", A{"Mailing ID", "integer"},
       {{"Link", "string"}, {"Device", "string"}, {"Is Mobile Device", "boolean"}}},
      {kNewLead, "New Lead", "New person", std::nullopt,
       {{"Source Type", "string"}, {"API Method Name", "string"}, {"Created Date", "date"}}},
      {kChangeDataValue, "Change Data Value", "Changed attribute value for a person", A{"Attribute Name", "integer"},
       {{"New Value", "string"}, {"Old Value", "string"}, {"Reason", "string"}, {"Source", "string"}}},
      {kChangeScore, "Change Score", "Change score value for a person", A{"Score Name", "integer"},
       {{"Change Value", "string"}, {"New Value", "integer"}, {"Old Value", "integer"}, {"Reason", "string"}}},
      {kAddToList, "Add to List", "Add a person to a static list", A{"List ID", "integer"},
       {{"Source", "string"}}},
      {kRemoveFromList, "Remove from List", "Remove a person from a static list", A{"List ID", "integer"},
       {{"Source", "string"}}},
      {kMergeLeads, "Merge Leads", "Merge two or more persons", A{"Lead ID", "integer"},
       {{"Merge IDs", "string"}, {"Merge Source", "string"}, {"Merged in Sales", "boolean"}}},
      {kDeleteLead, "Delete Lead", "Delete a person", A{"Lead ID", "integer"},
       {{"Client IP Address", "string"}, {"Removed from CRM", "boolean"}}},
      // The attribute names of Interesting Moment are UNCONFIRMED (shared/reference/marketo.md §6).
      {kInterestingMoment, "Interesting Moment", "Interesting moment for a person (Sales Insight)",
       A{"Type", "string"}, {{"Description", "string"}, {"Source", "string"}, {"Date", "datetime"}}},
      {kChangeStatusInProgression, "Change Status in Progression", "Change a person's program status",
       A{"Program ID", "integer"}, {{"New Status", "string"}, {"Old Status", "string"}, {"Reason", "string"}}},
  };
  return kTypes;
}

const ActivityType* FindStandardActivityType(int64_t id) {
  for (const auto& t : StandardActivityTypes()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

nlohmann::json ActivityTypeJson(const ActivityType& t) {
  nlohmann::json out = {{"id", t.id}, {"name", t.name}, {"description", t.description}};
  if (t.primary) out["primaryAttribute"] = {{"name", t.primary->name}, {"dataType", t.primary->data_type}};
  nlohmann::json attrs = nlohmann::json::array();
  for (const auto& a : t.attributes) attrs.push_back({{"name", a.name}, {"dataType", a.data_type}});
  out["attributes"] = attrs;
  return out;
}

}  // namespace salesync::sandbox::marketo
