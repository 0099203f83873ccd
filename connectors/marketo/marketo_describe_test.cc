#include "connectors/marketo/marketo_describe.h"

#include <gtest/gtest.h>

#include "connectors/marketo/marketo_connector.h"

namespace salesync::connectors::marketo {
namespace {

TEST(MarketoDescribe, TypesMapToFieldTypes) {
  EXPECT_EQ(MarketoFieldType("string"), FieldType::kString);
  EXPECT_EQ(MarketoFieldType("text"), FieldType::kTextArea);
  EXPECT_EQ(MarketoFieldType("email"), FieldType::kEmail);
  EXPECT_EQ(MarketoFieldType("phone"), FieldType::kPhone);
  EXPECT_EQ(MarketoFieldType("url"), FieldType::kUrl);
  EXPECT_EQ(MarketoFieldType("integer"), FieldType::kInteger);
  EXPECT_EQ(MarketoFieldType("score"), FieldType::kInteger);
  EXPECT_EQ(MarketoFieldType("float"), FieldType::kDouble);
  EXPECT_EQ(MarketoFieldType("currency"), FieldType::kDouble);
  EXPECT_EQ(MarketoFieldType("percent"), FieldType::kDouble);
  EXPECT_EQ(MarketoFieldType("boolean"), FieldType::kBoolean);
  EXPECT_EQ(MarketoFieldType("date"), FieldType::kDate);
  EXPECT_EQ(MarketoFieldType("datetime"), FieldType::kDateTime);
  EXPECT_EQ(MarketoFieldType("reference"), FieldType::kReference);
  EXPECT_EQ(MarketoFieldType("formula"), FieldType::kOther);
}

TEST(MarketoDescribe, Describe) {
  auto m = ParseLeadDescribe("mkto", R"({"requestId":"a#b","success":true,"result":[
    {"id":2,"displayName":"Company Name","dataType":"string","length":255,"rest":{"name":"company","readOnly":false},"soap":{"name":"Company","readOnly":false}},
    {"id":1,"displayName":"Id","dataType":"integer","rest":{"name":"id","readOnly":true}},
    {"id":30,"displayName":"Annual Revenue","dataType":"currency","rest":{"name":"annualRevenue","readOnly":false}}]})");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m->object, "lead");
  ASSERT_EQ(m->fields.size(), 3u);
  const auto* company = m->Find("company");
  ASSERT_NE(company, nullptr);
  EXPECT_EQ(company->length, 255);
  EXPECT_EQ(company->label, "Company Name");
  EXPECT_TRUE(company->updateable);
  EXPECT_EQ(m->Find("id")->type, FieldType::kId);
  EXPECT_FALSE(m->Find("id")->createable);
  EXPECT_EQ(m->Find("annualRevenue")->type, FieldType::kDouble);
  EXPECT_EQ(m->Find("annualRevenue")->provider_type, "currency");
}

TEST(MarketoDescribe, Describe2) {
  auto m = ParseLeadDescribe("mkto", R"({"success":true,"result":[{"name":"API Lead","searchableFields":[["email"],["id"],["firstName","lastName"]],
    "fields":[{"name":"email","displayName":"Email Address","dataType":"email","length":255,"updateable":true,"crmManaged":false},
              {"name":"leadScore","displayName":"Lead Score","dataType":"score","updateable":true,"crmManaged":false},
              {"name":"sfdcLeadId","displayName":"SFDC Lead ID","dataType":"string","length":18,"updateable":false,"crmManaged":true}]}]})");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_TRUE(m->Find("email")->external_id);
  EXPECT_EQ(m->Find("email")->type, FieldType::kEmail);
  EXPECT_EQ(m->Find("leadScore")->type, FieldType::kInteger);
  EXPECT_FALSE(m->Find("leadScore")->external_id);
  EXPECT_FALSE(m->Find("sfdcLeadId")->updateable);
  EXPECT_FALSE(m->Find("sfdcLeadId")->createable);
}

TEST(MarketoConnector, Shape) {
  auto c = MakeMarketoConnector();
  EXPECT_EQ(c->type(), "marketo");
  EXPECT_EQ(c->CheckCall().request.url, "/rest/v1/leads/describe.json");
  EXPECT_EQ(c->StreamNames(), (std::vector<std::string>{"leads", "activities"}));
  EXPECT_FALSE(c->DescribeCall("opportunity").ok());
  EXPECT_FALSE(c->OpenStream("programs", {}).ok());
  auto bad = c->OpenStream("leads", {"mkto", nullptr, 0, {{"bulk_windows_days", 10}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kConfig);
  EXPECT_NE(bad.error().message.find("bulk_window_days"), std::string::npos);
  EXPECT_EQ(c->MaxWriteBatch({"customActivity"}), 300u);
}

}  // namespace
}  // namespace salesync::connectors::marketo
