#include "mapping/plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mapping/testdata/describes.h"

namespace salesync::mapping {
namespace {

using ::testing::HasSubstr;

connectors::Record LeadRecord() {
  connectors::Record r;
  r.object = "lead";
  r.id = "1001";
  r.fields = {{"id", 1001},
              {"email", "  Ada@Example.com "},
              {"firstName", "Ada"},
              {"lastName", "Lovelace"},
              {"title", "Countess"},
              {"company", "Analytical Engines"},
              {"city", "London"},
              {"country", "United Kingdom"},
              {"phone", "+44 20 7946 0958"},
              {"website", "https://example.com"},
              {"leadStatus", "Working"},
              {"leadSource", "Web"},
              {"industry", "Technology"},
              {"numberOfEmployees", 12},
              {"unsubscribed", false},
              {"salesyncId", "sx-1"},
              {"updatedAt", "2024-03-31T12:00:00Z"},
              {"leadScore", 55},
              {"urgency", 0.5},
              {"sfdcContactId", nullptr}};
  return r;
}

TEST(PlanTest, CompilesOnceAndMapsARecordByResolvedSlots) {
  auto source = testdata::MarketoLead();
  auto target = testdata::SalesforceLead();
  auto plan = Plan::Compile(testdata::TwentyFieldSpec(), &source, &target);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_EQ(plan->size(), 20u);
  EXPECT_EQ(plan->source_fields().size(), 20u);
  EXPECT_EQ(plan->version().size(), 64u);

  connectors::Record record = LeadRecord();
  std::vector<SourceValue> row;
  std::vector<std::string> scratch;
  plan->Bind(record, row, scratch);
  ASSERT_EQ(row.size(), 20u);
  MappedRow out;
  plan->Apply(row, out);
  EXPECT_EQ(out.status, CellStatus::kOk);
  nlohmann::json written = plan->ToTargetJson(out);
  EXPECT_EQ(written["Email"], "ada@example.com");
  EXPECT_EQ(written["Status"], "Working - Contacted");
  EXPECT_EQ(written["NumberOfEmployees"], 12);          // typed by the target
  EXPECT_EQ(written["HasOptedOutOfEmail"], false);
  EXPECT_EQ(written["Salesync_Score__c"], 55.0);
  EXPECT_EQ(written["Salesync_Marketo_Id__c"], "1001");
  EXPECT_TRUE(written["Description"].is_null());        // null in, null out
}

TEST(PlanTest, SourceFieldsAreSpelledAsTheDescribeSpellsThemAndReadOnce) {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Contact"},
    "fields": [{"source": "EMAIL", "target": "email"}, {"source": "email", "target": "Description"}]})");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  auto source = testdata::MarketoLead();
  auto target = testdata::SalesforceContact();
  auto plan = Plan::Compile(*spec, &source, &target);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->source_fields(), (std::vector<std::string>{"email"}));
  EXPECT_EQ(plan->target_field(0), "Email");
}

TEST(PlanTest, TargetChecksRejectWithReasons) {
  auto source = testdata::MarketoLead();
  auto target = testdata::SalesforceLead();
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"}, "identity": ["Email"],
    "fields": [{"source": "email", "target": "Email"}, {"source": "lastName", "target": "LastName"},
               {"source": "leadStatus", "target": "Status"}, {"source": "title", "target": "NumberOfEmployees"},
               {"source": "unsubscribed", "target": "HasOptedOutOfEmail"},
               {"source": "city", "target": "Salesync_Birthday__c"}, {"source": "country", "target": "Salesync_Last_Activity__c"},
               {"source": "company", "target": "Salesync_Score__c"}]})");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  auto plan = Plan::Compile(*spec, &source, &target);
  ASSERT_TRUE(plan.ok());
  std::vector<SourceValue> row(plan->source_fields().size());
  auto set = [&](const std::string& name, SourceValue v) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (plan->source_fields()[i] == name) row[i] = v;
    }
  };
  set("email", "not-an-address");
  set("lastName", std::nullopt);
  set("leadStatus", "Nurture");
  set("title", "twelve");
  set("unsubscribed", "YES");
  set("city", "2024-02-30");
  set("country", "2024-03-31T12:00:00");
  set("company", "1e3");
  MappedRow out;
  plan->Apply(row, out);
  EXPECT_EQ(out.status, CellStatus::kRejected);
  EXPECT_EQ(out.cells[0].rejection, Rejection::kNotAnEmail);
  EXPECT_EQ(out.cells[1].rejection, Rejection::kRequiredEmpty);
  EXPECT_EQ(plan->Explain(1, out.cells[1]), "empty, but LastName is required to create a record");
  EXPECT_EQ(out.cells[2].rejection, Rejection::kNotInPicklist);
  EXPECT_THAT(plan->Explain(2, out.cells[2]), HasSubstr("not a value of the Status picklist (Open - Not Contacted"));
  EXPECT_EQ(out.cells[3].rejection, Rejection::kNotAnInteger);
  EXPECT_EQ(out.cells[4].status, CellStatus::kChanged);  // "YES" → "true"
  EXPECT_EQ(out.cells[4].value, "true");
  EXPECT_EQ(out.cells[5].rejection, Rejection::kNotADate);
  EXPECT_EQ(out.cells[6].rejection, Rejection::kNotADateTime);  // no offset
  EXPECT_EQ(out.cells[7].status, CellStatus::kOk);              // 1e3 is a number

  set("email", std::nullopt);
  plan->Apply(row, out);
  EXPECT_EQ(out.cells[0].rejection, Rejection::kIdentityEmpty);
  EXPECT_THAT(plan->Explain(0, out.cells[0]), HasSubstr("Email is an identity field"));
}

TEST(PlanTest, RunsWithoutMetadataWithTransformOutcomesOnly) {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"},
    "fields": [{"source": "firstName", "target": "FirstName", "transforms": [{"truncate": {"max_chars": 2}}]},
               {"source": "lastName", "target": "LastName"}]})");
  ASSERT_TRUE(spec.ok());
  auto plan = Plan::Compile(*spec);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->target_check(0), nullptr);
  std::vector<SourceValue> row = {std::string_view("Ada"), std::nullopt};
  MappedRow out;
  plan->Apply(row, out);
  EXPECT_EQ(out.cells[0].value, "Ad");
  EXPECT_EQ(out.cells[1].status, CellStatus::kOk);  // required-ness unknown without a describe
  EXPECT_EQ(out.status, CellStatus::kChanged);
}

TEST(PlanTest, CompileErrorsPointAtTheTransform) {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"},
    "fields": [{"source": "phone", "target": "Phone", "transforms": [{"phone": {"default_country": "XX"}}]},
               {"source": "title", "target": "Nope", "transforms": ["truncate"]}]})");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  auto target = testdata::SalesforceLead();
  std::vector<config::ConfigError> errors;
  auto plan = Plan::Compile(*spec, nullptr, &target, &errors);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kConfig);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].pointer, "/mappings/m/fields/0/transforms/0");
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_THAT(errors[0].ToString(), HasSubstr("test.json:7:"));
  EXPECT_THAT(errors[0].message, HasSubstr("Unknown default_country \"XX\""));
  EXPECT_THAT(errors[1].message, HasSubstr("truncate has no max_chars and the length of target field \"Nope\" is unknown"));
}

TEST(PlanTest, BindReadsNumbersBooleansAndNulls) {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"},
    "fields": [{"source": "leadScore", "target": "A"}, {"source": "unsubscribed", "target": "B"},
               {"source": "urgency", "target": "C"}, {"source": "city", "target": "D"}, {"source": "missing", "target": "E"}]})");
  ASSERT_TRUE(spec.ok());
  auto plan = Plan::Compile(*spec);
  ASSERT_TRUE(plan.ok());
  connectors::Record r;
  r.fields = {{"leadScore", -7}, {"unsubscribed", true}, {"urgency", 0.25}, {"city", nullptr}};
  std::vector<SourceValue> row;
  std::vector<std::string> scratch;
  plan->Bind(r, row, scratch);
  EXPECT_EQ(row[0], "-7");
  EXPECT_EQ(row[1], "true");
  EXPECT_EQ(row[2], "0.25");
  EXPECT_EQ(row[3], std::nullopt);
  EXPECT_EQ(row[4], std::nullopt);
}

}  // namespace
}  // namespace salesync::mapping
