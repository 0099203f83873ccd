#include "connectors/salesforce/salesforce_describe.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace salesync::connectors::salesforce {
namespace {

TEST(SalesforceDescribeTest, EverySalesforceTypeHasAFieldType) {
  struct Case {
    const char* sf;
    FieldType type;
  } cases[] = {
      {"id", FieldType::kId},           {"string", FieldType::kString},        {"encryptedstring", FieldType::kString},
      {"combobox", FieldType::kString}, {"textarea", FieldType::kTextArea},    {"email", FieldType::kEmail},
      {"phone", FieldType::kPhone},     {"url", FieldType::kUrl},              {"picklist", FieldType::kPicklist},
      {"multipicklist", FieldType::kMultiPicklist},                           {"boolean", FieldType::kBoolean},
      {"int", FieldType::kInteger},     {"long", FieldType::kInteger},         {"double", FieldType::kDouble},
      {"currency", FieldType::kDouble}, {"percent", FieldType::kDouble},       {"date", FieldType::kDate},
      {"datetime", FieldType::kDateTime},                                     {"reference", FieldType::kReference},
      {"time", FieldType::kOther},      {"base64", FieldType::kOther},         {"address", FieldType::kOther},
      {"location", FieldType::kOther},  {"anyType", FieldType::kOther},        {"somethingNew", FieldType::kOther},
  };
  for (const auto& c : cases) EXPECT_EQ(MapFieldType(c.sf), c.type) << c.sf;
}

TEST(SalesforceDescribeTest, ParsesFieldPropertiesAndKeepsOnlyActivePicklistValues) {
  nlohmann::json body = {
      {"name", "Lead"},
      {"fields",
       {{{"name", "Status"}, {"label", "Status"}, {"type", "picklist"}, {"length", 255}, {"nillable", false},
         {"createable", true}, {"updateable", true}, {"defaultedOnCreate", true}, {"restrictedPicklist", true},
         {"externalId", false},
         {"picklistValues",
          {{{"active", true}, {"value", "Open"}}, {{"active", false}, {"value", "Old"}}, {{"active", true}, {"value", "Closed"}}}},
         {"referenceTo", nlohmann::json::array()}},
        {{"name", "OwnerId"}, {"type", "reference"}, {"length", 18}, {"nillable", false}, {"createable", true},
         {"updateable", true}, {"defaultedOnCreate", true}, {"referenceTo", {"User", "Group"}}},
        {{"name", "Salesync_Id__c"}, {"label", "Salesync ID"}, {"type", "string"}, {"length", 64}, {"nillable", true},
         {"createable", true}, {"updateable", true}, {"externalId", true}},
        {{"name", "LegacyField"}, {"type", "string"}, {"deprecatedAndHidden", true}},
        {{"name", "Name"}, {"type", "string"}, {"length", 121}, {"createable", false}, {"updateable", false}}}}};
  auto m = ParseDescribeBody("sf", "lead", body.dump());
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m->connection, "sf");
  EXPECT_EQ(m->object, "Lead") << "Salesforce's spelling";
  ASSERT_EQ(m->fields.size(), 4u) << "deprecatedAndHidden is left out";
  const FieldMetadata* status = m->Find("status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->type, FieldType::kPicklist);
  EXPECT_EQ(status->provider_type, "picklist");
  EXPECT_TRUE(status->restricted_picklist);
  EXPECT_EQ(status->picklist_values, (std::vector<std::string>{"Open", "Closed"}));
  EXPECT_FALSE(status->RequiredOnCreate()) << "defaulted on create";
  const FieldMetadata* owner = m->Find("OwnerId");
  EXPECT_EQ(owner->reference_to, (std::vector<std::string>{"User", "Group"}));
  EXPECT_EQ(owner->length, 18);
  const FieldMetadata* key = m->Find("Salesync_Id__c");
  EXPECT_TRUE(key->external_id);
  EXPECT_EQ(key->label, "Salesync ID");
  EXPECT_EQ(key->length, 64);
  const FieldMetadata* name = m->Find("Name");
  EXPECT_FALSE(name->createable);
  EXPECT_FALSE(name->updateable);
  EXPECT_EQ(name->label, "Name") << "no label: the name";
}

TEST(SalesforceDescribeTest, SomethingElseIsAPermanentError) {
  for (const char* body : {"", "[]", "{\"name\":\"Lead\"}", "{\"fields\":[{\"type\":\"string\"}]}",
                           "[{\"errorCode\":\"NOT_FOUND\"}]"}) {
    auto m = ParseDescribeBody("sf", "Lead", body);
    ASSERT_FALSE(m.ok()) << body;
    EXPECT_EQ(m.error().code, ErrorCode::kPermanent);
  }
}

}  // namespace
}  // namespace salesync::connectors::salesforce
