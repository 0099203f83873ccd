#include "mapping/testdata/describes.h"

#include "config/config.h"

namespace salesync::mapping::testdata {

namespace {

using connectors::FieldMetadata;
using connectors::FieldType;

struct F {
  FieldMetadata f;
  F(std::string name, FieldType type, int64_t length = 0, std::string provider_type = "") {
    f.name = std::move(name);
    f.label = f.name;
    f.type = type;
    f.length = length;
    f.provider_type = provider_type.empty() ? std::string(connectors::FieldTypeName(type)) : provider_type;
  }
  F& Required() { f.nillable = false; return *this; }
  F& ReadOnly() { f.createable = false; f.updateable = false; return *this; }
  F& CreateOnly() { f.updateable = false; return *this; }
  F& Defaulted() { f.defaulted_on_create = true; return *this; }
  F& External() { f.external_id = true; return *this; }
  F& Picklist(std::vector<std::string> values, bool restricted = false) {
    f.picklist_values = std::move(values);
    f.restricted_picklist = restricted;
    return *this;
  }
  F& Ref(std::vector<std::string> to) { f.reference_to = std::move(to); return *this; }
  operator FieldMetadata() const { return f; }  // NOLINT: builder
};

const std::vector<std::string> kLeadSources = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other",
                                               "Webinar"};
const std::vector<std::string> kSalutations = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."};

std::vector<FieldMetadata> WithSystemFields(std::vector<FieldMetadata> own) {
  std::vector<FieldMetadata> out = {F("Id", FieldType::kId, 18).ReadOnly().Required().Defaulted(),
                                    F("IsDeleted", FieldType::kBoolean).ReadOnly().Required().Defaulted()};
  for (auto& f : own) out.push_back(std::move(f));
  out.push_back(F("OwnerId", FieldType::kReference, 18).Required().Defaulted().Ref({"User"}));
  out.push_back(F("CreatedDate", FieldType::kDateTime).ReadOnly().Required().Defaulted());
  out.push_back(F("LastModifiedDate", FieldType::kDateTime).ReadOnly().Required().Defaulted());
  out.push_back(F("SystemModstamp", FieldType::kDateTime).ReadOnly().Required().Defaulted());
  return out;
}

config::FieldMappingSpec Row(std::string source, std::string target,
                             std::vector<config::TransformSpec> transforms = {}) {
  config::FieldMappingSpec row;
  if (!source.empty()) row.source = {std::move(source)};
  row.target = std::move(target);
  row.transforms = std::move(transforms);
  return row;
}

config::TransformSpec T(config::TransformKind kind) {
  config::TransformSpec t;
  t.kind = kind;
  return t;
}

}  // namespace

connectors::ObjectMetadata SalesforceLead() {
  connectors::ObjectMetadata o{"salesforce", "Lead", {}};
  o.fields = WithSystemFields({
      F("LastName", FieldType::kString, 80).Required(),
      F("FirstName", FieldType::kString, 40),
      F("Salutation", FieldType::kPicklist, 40).Picklist(kSalutations),
      F("Name", FieldType::kString, 121).ReadOnly(),
      F("Title", FieldType::kString, 128),
      F("Company", FieldType::kString, 255).Required(),
      F("City", FieldType::kString, 40),
      F("Country", FieldType::kString, 80),
      F("Phone", FieldType::kPhone, 40),
      F("Email", FieldType::kEmail, 80),
      F("Website", FieldType::kUrl, 255),
      F("Description", FieldType::kTextArea, 32000),
      F("LeadSource", FieldType::kPicklist, 255).Picklist(kLeadSources),
      F("Status", FieldType::kPicklist, 255).Required().Defaulted()
          .Picklist({"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}, true),
      F("Industry", FieldType::kPicklist, 255)
          .Picklist({"Technology", "Manufacturing", "Finance", "Healthcare", "Retail", "Education", "Energy", "Media"}),
      F("NumberOfEmployees", FieldType::kInteger, 0, "int"),
      F("HasOptedOutOfEmail", FieldType::kBoolean).Required().Defaulted(),
      F("IsConverted", FieldType::kBoolean).Required().Defaulted().CreateOnly(),
      F("ConvertedContactId", FieldType::kReference, 18).ReadOnly().Ref({"Contact"}),
      F("Salesync_Id__c", FieldType::kString, 64).External(),
      F("Salesync_Last_Activity__c", FieldType::kDateTime),
      F("Salesync_Birthday__c", FieldType::kDate),
      F("Salesync_Score__c", FieldType::kDouble, 0, "double"),
      F("Salesync_Marketo_Id__c", FieldType::kString, 20),
      F("Salesync_Urgency__c", FieldType::kDouble, 0, "double"),
      F("Address", FieldType::kOther, 0, "address").ReadOnly(),
  });
  return o;
}

connectors::ObjectMetadata SalesforceContact() {
  connectors::ObjectMetadata o{"salesforce", "Contact", {}};
  o.fields = WithSystemFields({
      F("AccountId", FieldType::kReference, 18).Ref({"Account"}),
      F("LastName", FieldType::kString, 80).Required(),
      F("FirstName", FieldType::kString, 40),
      F("Salutation", FieldType::kPicklist, 40).Picklist(kSalutations),
      F("Name", FieldType::kString, 121).ReadOnly(),
      F("MailingCity", FieldType::kString, 40),
      F("MailingCountry", FieldType::kString, 80),
      F("Phone", FieldType::kPhone, 40),
      F("Email", FieldType::kEmail, 80),
      F("Title", FieldType::kString, 128),
      F("Department", FieldType::kString, 80),
      F("LeadSource", FieldType::kPicklist, 255).Picklist(kLeadSources),
      F("Description", FieldType::kTextArea, 32000),
      F("HasOptedOutOfEmail", FieldType::kBoolean).Required().Defaulted(),
      F("Salesync_Id__c", FieldType::kString, 64).External(),
  });
  return o;
}

connectors::ObjectMetadata MarketoLead() {
  connectors::ObjectMetadata o{"marketo", "lead", {}};
  auto rw = [](std::string name, FieldType type, int64_t length, std::string provider) {
    return F(std::move(name), type, length, std::move(provider));
  };
  o.fields = {
      rw("id", FieldType::kInteger, 0, "integer").ReadOnly(),
      rw("email", FieldType::kEmail, 255, "email"),
      rw("firstName", FieldType::kString, 255, "string"),
      rw("lastName", FieldType::kString, 255, "string"),
      rw("title", FieldType::kString, 255, "string"),
      rw("phone", FieldType::kPhone, 255, "phone"),
      rw("city", FieldType::kString, 255, "string"),
      rw("country", FieldType::kString, 255, "string"),
      rw("company", FieldType::kString, 255, "string"),
      rw("industry", FieldType::kString, 255, "string"),
      rw("numberOfEmployees", FieldType::kInteger, 0, "integer"),
      rw("website", FieldType::kUrl, 255, "url"),
      rw("leadScore", FieldType::kInteger, 0, "score"),
      rw("leadStatus", FieldType::kString, 255, "string"),
      rw("leadSource", FieldType::kString, 255, "string"),
      rw("sfdcLeadId", FieldType::kString, 18, "string").ReadOnly(),
      rw("sfdcContactId", FieldType::kString, 18, "string").ReadOnly(),
      rw("unsubscribed", FieldType::kBoolean, 0, "boolean"),
      rw("createdAt", FieldType::kDateTime, 0, "datetime").ReadOnly(),
      rw("updatedAt", FieldType::kDateTime, 0, "datetime").ReadOnly(),
      rw("urgency", FieldType::kDouble, 0, "float").ReadOnly(),
      rw("salesyncId", FieldType::kString, 255, "string"),
  };
  return o;
}

config::MappingSpec TwentyFieldSpec() {
  using config::TransformKind;
  config::MappingSpec spec;
  spec.name = "marketo-leads-to-salesforce";
  spec.source = {"marketo", "lead", {}};
  spec.target = {"salesforce", "Lead", {}};
  spec.identity = {"Email"};
  config::TransformSpec status_map = T(TransformKind::kMap);
  status_map.values = {{"New", "Open - Not Contacted"}, {"Working", "Working - Contacted"},
                       {"Converted", "Closed - Converted"}, {"Disqualified", "Closed - Not Converted"}};
  status_map.fallback = "Open - Not Contacted";
  spec.fields = {
      Row("email", "Email", {T(TransformKind::kTrim), T(TransformKind::kLower)}),
      Row("firstName", "FirstName"),
      Row("lastName", "LastName"),
      Row("title", "Title"),
      Row("company", "Company"),
      Row("city", "City"),
      Row("country", "Country"),
      Row("phone", "Phone"),
      Row("website", "Website"),
      Row("leadStatus", "Status", {status_map}),
      Row("leadSource", "LeadSource"),
      Row("industry", "Industry"),
      Row("numberOfEmployees", "NumberOfEmployees"),
      Row("unsubscribed", "HasOptedOutOfEmail"),
      Row("salesyncId", "Salesync_Id__c"),
      Row("updatedAt", "Salesync_Last_Activity__c"),
      Row("leadScore", "Salesync_Score__c"),
      Row("id", "Salesync_Marketo_Id__c"),
      Row("urgency", "Salesync_Urgency__c"),
      Row("sfdcContactId", "Description"),
  };
  return spec;
}

Result<config::MappingSpec> ParseMapping(const std::string& mapping_json) {
  std::string text = R"({"connections": {
  "marketo": {"type": "marketo", "flow": "manual", "identity_url": "https://1.mktorest.com/identity",
              "base_url": "https://1.mktorest.com"},
  "salesforce": {"type": "salesforce", "flow": "manual", "login_url": "https://login.salesforce.com"}},
"mappings": {"m": )" + mapping_json + "}}";
  auto config = config::ParseConfig("test.json", text);
  if (!config.ok()) return config.error();
  return config->mappings.at("m");
}

}  // namespace salesync::mapping::testdata
