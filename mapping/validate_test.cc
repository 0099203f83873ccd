// Each validation rule with a failing and a passing case, against describes shaped like the sandbox's.
#include "mapping/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mapping/testdata/describes.h"

namespace salesync::mapping {
namespace {

using ::testing::HasSubstr;

// The rows that make a Lead creatable (LastName, Company), plus `rows`.
std::vector<Finding> Check(const std::string& rows, const std::string& extra = "", const std::string& target = "Lead") {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": ")" + target + R"("}, )" + extra + R"(
    "fields": [{"source": "lastName", "target": "LastName", "transforms": ["truncate"]},
               {"source": "company", "target": "Company"})" + (rows.empty() ? "" : ", " + rows) + "]}");
  EXPECT_TRUE(spec.ok()) << spec.error().ToString();
  auto source = testdata::MarketoLead();
  auto tgt = target == "Lead" ? testdata::SalesforceLead() : testdata::SalesforceContact();
  return Validate(*spec, source, tgt);
}

std::vector<Finding> Rule(const std::vector<Finding>& all, const std::string& rule) {
  std::vector<Finding> out;
  for (const auto& f : all) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

TEST(ValidateTest, TheBaselineIsClean) {
  auto findings = Check("");
  EXPECT_TRUE(findings.empty()) << findings[0].ToString();
  auto spec = testdata::TwentyFieldSpec();
  auto twenty = Validate(spec, testdata::MarketoLead(), testdata::SalesforceLead());
  EXPECT_NE(WorstSeverity(twenty), Severity::kError) << twenty[0].ToString();
}

TEST(ValidateTest, UnknownSourceFieldSuggests) {
  auto f = Rule(Check(R"({"source": "emial", "target": "Email"})"), "unknown_source_field");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_THAT(f[0].message, HasSubstr("Unknown source field \"emial\": marketo lead has no such field. Did you mean \"email\"?"));
  EXPECT_EQ(f[0].row, 2u);
  EXPECT_EQ(f[0].position.pointer, "/mappings/m/fields/2/source");
  EXPECT_THAT(f[0].ToString(), HasSubstr("test.json:8:"));
  EXPECT_TRUE(Rule(Check(R"({"source": "email", "target": "Email"})"), "unknown_source_field").empty());
}

TEST(ValidateTest, UnknownTargetFieldSuggests) {
  auto f = Rule(Check(R"({"source": "email", "target": "EMail_Address"})"), "unknown_target_field");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].position.pointer, "/mappings/m/fields/2/target");
  auto hint = Rule(Check(R"({"source": "title", "target": "Titel"})"), "unknown_target_field");
  ASSERT_EQ(hint.size(), 1u);
  EXPECT_THAT(hint[0].message, HasSubstr("Did you mean \"Title\"?"));
  EXPECT_TRUE(Rule(Check(R"({"source": "title", "target": "title"})"), "unknown_target_field").empty());  // case-insensitive
}

TEST(ValidateTest, TypeMismatch) {
  auto text_into_date = Rule(Check(R"({"source": "city", "target": "Salesync_Birthday__c"})"), "type_mismatch");
  ASSERT_EQ(text_into_date.size(), 1u);
  EXPECT_EQ(text_into_date[0].message,
            "This row writes text into Lead.Salesync_Birthday__c, which is date: add a datetime transform that reads "
            "the text (\"from\").");
  auto string_into_number = Rule(Check(R"({"source": "title", "target": "NumberOfEmployees"})"), "type_mismatch");
  ASSERT_EQ(string_into_number.size(), 1u);
  EXPECT_EQ(string_into_number[0].severity, Severity::kError);
  auto datetime_into_date = Rule(Check(R"({"source": "updatedAt", "target": "Salesync_Birthday__c"})"), "type_mismatch");
  ASSERT_EQ(datetime_into_date.size(), 1u);
  EXPECT_THAT(datetime_into_date[0].message, HasSubstr("{\"datetime\": {\"to\": \"date\"}}"));
  auto float_into_int = Rule(Check(R"({"source": "urgency", "target": "NumberOfEmployees"})"), "type_mismatch");
  ASSERT_EQ(float_into_int.size(), 1u);
  EXPECT_EQ(float_into_int[0].severity, Severity::kWarning);
  auto bad_map = Rule(Check(R"({"source": "leadStatus", "target": "HasOptedOutOfEmail",
                               "transforms": [{"map": {"values": {"Unsubscribed": "true", "Active": "maybe"}}}]})"),
                      "type_mismatch");
  ASSERT_EQ(bad_map.size(), 1u);
  EXPECT_THAT(bad_map[0].message, HasSubstr("The value \"maybe\" cannot be written to Lead.HasOptedOutOfEmail"));
  EXPECT_EQ(bad_map[0].position.pointer, "/mappings/m/fields/2/transforms/0");
  auto compound = Rule(Check(R"({"source": "city", "target": "Address"})"), "type_mismatch");
  ASSERT_EQ(compound.size(), 1u);

  // Passing: the same targets fed the right way.
  EXPECT_TRUE(Rule(Check(R"({"source": "updatedAt", "target": "Salesync_Birthday__c",
                            "transforms": [{"datetime": {"to": "date"}}]},
                           {"source": "city", "target": "Salesync_Last_Activity__c",
                            "transforms": [{"datetime": {"from": "%d/%m/%Y"}}]},
                           {"source": "numberOfEmployees", "target": "NumberOfEmployees"},
                           {"source": "leadScore", "target": "Salesync_Score__c"},
                           {"source": "unsubscribed", "target": "HasOptedOutOfEmail"},
                           {"source": "leadStatus", "target": "Title",
                            "transforms": [{"map": {"values": {"New": "true"}, "fallback": "false"}}]})"),
                   "type_mismatch").empty());
}

TEST(ValidateTest, TooLong) {
  auto f = Rule(Check(R"({"source": "firstName", "target": "FirstName"})"), "too_long");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].message, "lead.firstName holds up to 255 characters and Lead.FirstName 40: longer values will be "
                          "rejected (add a truncate transform to cut them instead).");
  auto constant = Rule(Check(R"({"target": "Salutation", "default": "Most Honourable Professor Doctor Sir Reginald"})"), "too_long");
  ASSERT_EQ(constant.size(), 1u);
  EXPECT_EQ(constant[0].severity, Severity::kError);
  EXPECT_EQ(constant[0].position.pointer, "/mappings/m/fields/2/default");
  EXPECT_TRUE(Rule(Check(R"({"source": "firstName", "target": "FirstName", "transforms": ["truncate"]})"), "too_long").empty());
  EXPECT_TRUE(Rule(Check(R"({"source": "lastName", "target": "Description"})"), "too_long").empty());
}

TEST(ValidateTest, RequiredTargetFieldsLeftUnmapped) {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"}, "fields": [{"source": "email", "target": "Email"}]})");
  ASSERT_TRUE(spec.ok());
  auto f = Rule(Validate(*spec, testdata::MarketoLead(), testdata::SalesforceLead()), "required_unmapped");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_THAT(f[0].message, HasSubstr("Lead.LastName is required to create a record, and no row writes it"));
  EXPECT_THAT(f[1].message, HasSubstr("Lead.Company"));
  EXPECT_EQ(f[0].row, std::nullopt);
  // Status is required but defaulted on create; OwnerId likewise; booleans are never required.
  EXPECT_TRUE(Rule(Check(""), "required_unmapped").empty());
  EXPECT_EQ(Rule(Check("", "", "Contact"), "required_unmapped").size(), 0u);
}

TEST(ValidateTest, RestrictedPicklist) {
  auto bad_map = Rule(Check(R"({"source": "leadStatus", "target": "Status",
                               "transforms": [{"map": {"values": {"New": "Open"}, "fallback": "Open - Not Contacted"}}]})"),
                      "not_in_picklist");
  ASSERT_EQ(bad_map.size(), 1u);
  EXPECT_EQ(bad_map[0].severity, Severity::kError);
  EXPECT_THAT(bad_map[0].message, HasSubstr("The value \"Open\" cannot be written to Lead.Status: not a value of the Status picklist"));
  auto free_text = Rule(Check(R"({"source": "leadStatus", "target": "Status"})"), "not_in_picklist");
  ASSERT_EQ(free_text.size(), 1u);
  EXPECT_EQ(free_text[0].severity, Severity::kWarning);
  auto bad_default = Rule(Check(R"({"target": "Status", "default": "Hot"})"), "not_in_picklist");
  ASSERT_EQ(bad_default.size(), 1u);
  EXPECT_TRUE(Rule(Check(R"({"source": "leadStatus", "target": "Status",
                            "transforms": [{"map": {"values": {"New": "Open - Not Contacted"}, "fallback": "Working - Contacted"}}]})"),
                   "not_in_picklist").empty());
  EXPECT_TRUE(Rule(Check(R"({"source": "leadSource", "target": "LeadSource"})"), "not_in_picklist").empty());  // unrestricted
}

TEST(ValidateTest, ReadOnlyAndCreateOnlyTargets) {
  auto read_only = Rule(Check(R"({"source": "email", "target": "Name"})"), "not_writable");
  ASSERT_EQ(read_only.size(), 1u);
  EXPECT_EQ(read_only[0].severity, Severity::kError);
  EXPECT_EQ(read_only[0].message, "Lead.Name is read-only (neither createable nor updateable).");
  auto create_only = Rule(Check(R"({"source": "unsubscribed", "target": "IsConverted"})"), "not_writable");
  ASSERT_EQ(create_only.size(), 1u);
  EXPECT_EQ(create_only[0].severity, Severity::kWarning);
  EXPECT_TRUE(Rule(Check(R"({"source": "email", "target": "Email"})"), "not_writable").empty());
}

TEST(ValidateTest, TwoRowsWritingOneTarget) {
  auto f = Rule(Check(R"({"source": "email", "target": "Email"}, {"source": "salesyncId", "target": "EMAIL"})"),
                "duplicate_target");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "Rows 3 and 4 both write Lead.Email (expected one row per target field; join several sources "
                          "with concat).");
  EXPECT_EQ(f[0].row, 3u);
  EXPECT_TRUE(Rule(Check(R"({"source": "email", "target": "Email"}, {"source": "email", "target": "Description"})"),
                   "duplicate_target").empty());
}

TEST(ValidateTest, IdentityFields) {
  auto unknown = Rule(Check("", R"("identity": ["Emial"],)"), "unknown_identity_field");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_THAT(unknown[0].message, HasSubstr("Did you mean \"Email\"?"));
  EXPECT_EQ(unknown[0].position.pointer, "/mappings/m/identity/0");
  auto unmapped = Rule(Check("", R"("identity": ["Email"],)"), "identity_not_mapped");
  ASSERT_EQ(unmapped.size(), 1u);
  auto mapped = Check(R"({"source": "email", "target": "Email", "transforms": ["truncate"]})", R"("identity": ["Email"],)");
  EXPECT_TRUE(mapped.empty()) << mapped[0].ToString();
}

TEST(ValidateTest, TruncateWithoutALength) {
  auto f = Rule(Check(R"({"source": "title", "target": "NumberOfEmployees", "transforms": ["truncate"]})"),
                "truncate_no_length");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(Rule(Check(R"({"source": "numberOfEmployees", "target": "NumberOfEmployees",
                            "transforms": [{"truncate": {"max_chars": 6}}]})"),
                   "truncate_no_length").empty());
}

TEST(ValidateTest, FindingsAsJson) {
  auto f = Rule(Check(R"({"source": "emial", "target": "Email"})"), "unknown_source_field");
  ASSERT_EQ(f.size(), 1u);
  nlohmann::json j = ToJson(f[0]);
  EXPECT_EQ(j["severity"], "error");
  EXPECT_EQ(j["rule"], "unknown_source_field");
  EXPECT_EQ(j["row"], 2);
  EXPECT_EQ(j["position"]["line"], 8);
  EXPECT_EQ(j["position"]["pointer"], "/mappings/m/fields/2/source");
}

}  // namespace
}  // namespace salesync::mapping
