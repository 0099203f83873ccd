// Every transform through a compiled plan, with its edge cases: empty, whitespace, Unicode, invalid input,
// overlong values. Rows are written in config syntax and read by the real config reader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mapping/plan.h"
#include "mapping/testdata/describes.h"

namespace salesync::mapping {
namespace {

using ::testing::HasSubstr;

// One row "source: s (and t)" → target, compiled against the sandbox-like describes.
class OneRow {
 public:
  explicit OneRow(const std::string& row, const std::string& target_object = "Lead") {
    auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
      "target": {"connection": "salesforce", "object": ")" + target_object + R"("}, "fields": [)" + row + "]}");
    EXPECT_TRUE(spec.ok()) << spec.error().ToString();
    source_ = testdata::MarketoLead();
    target_ = target_object == "Lead" ? testdata::SalesforceLead() : testdata::SalesforceContact();
    auto plan = Plan::Compile(*spec, &source_, &target_);
    EXPECT_TRUE(plan.ok()) << plan.error().ToString();
    plan_.emplace(std::move(plan).value());
  }

  // Applies the row to source values (nullopt = absent) and returns cell 0.
  Cell Run(std::vector<SourceValue> values) {
    plan_->Apply(values, out_);
    return out_.cells[0];
  }
  Cell Run(std::string_view v) { return Run(std::vector<SourceValue>{v}); }
  std::string Why(const Cell& c) const { return plan_->Explain(0, c); }
  const Plan& plan() const { return *plan_; }

 private:
  connectors::ObjectMetadata source_, target_;
  std::optional<Plan> plan_;
  MappedRow out_;
};

TEST(TransformsTest, TrimLowerUpper) {
  OneRow email(R"({"source": "email", "target": "Email", "transforms": ["trim", "lower"]})");
  EXPECT_EQ(email.Run("  Ada.Lovelace@Example.COM \t").value, "ada.lovelace@example.com");
  EXPECT_EQ(email.Run("\xC2\xA0zoë@exämple.org\xE2\x80\x8B").value, "zoë@exämple.org");
  Cell only_space = email.Run("   ");
  EXPECT_EQ(only_space.value, "");
  EXPECT_EQ(only_space.status, CellStatus::kOk);  // written as null: Lead.Email is optional
  OneRow upper(R"({"source": "city", "target": "City", "transforms": ["upper"]})");
  EXPECT_EQ(upper.Run("Malmö").value, "MALMÖ");
  EXPECT_EQ(upper.Run("").value, "");
  EXPECT_EQ(upper.Run(std::vector<SourceValue>{std::nullopt}).status, CellStatus::kOk);
}

TEST(TransformsTest, DefaultAppliesToEmptyAndAbsentValuesAndSaysSo) {
  OneRow row(R"({"source": "company", "target": "Company", "transforms": ["trim", {"default": "Unknown"}]})");
  Cell c = row.Run("   ");
  EXPECT_EQ(c.value, "Unknown");
  EXPECT_EQ(c.status, CellStatus::kChanged);
  EXPECT_EQ(row.Why(c), "the source was empty; defaulted to \"Unknown\"");
  EXPECT_EQ(row.Run(std::vector<SourceValue>{std::nullopt}).value, "Unknown");
  EXPECT_EQ(row.Run("Acme").status, CellStatus::kOk);
  OneRow constant(R"({"target": "LeadSource", "default": "Web"})");
  EXPECT_EQ(constant.Run(std::vector<SourceValue>{}).value, "Web");
}

TEST(TransformsTest, ConcatJoinsSourcesAndSkipsEmptyOnes) {
  OneRow row(R"({"source": ["firstName", "lastName"], "target": "Description",
                 "transforms": [{"concat": {"separator": " "}}, "trim"]})");
  EXPECT_EQ(row.Run({std::string_view("Ada"), std::string_view("Lovelace")}).value, "Ada Lovelace");
  EXPECT_EQ(row.Run({std::nullopt, std::string_view("Lovelace")}).value, "Lovelace");
  EXPECT_EQ(row.Run({std::string_view(""), std::string_view("")}).value, "");
  OneRow keep(R"({"source": ["firstName", "lastName", "city"], "target": "Description",
                  "transforms": [{"concat": {"separator": ";", "skip_empty": false}}]})");
  EXPECT_EQ(keep.Run({std::string_view("a"), std::nullopt, std::string_view("c")}).value, "a;;c");
}

TEST(TransformsTest, SplitPicksAPart) {
  OneRow last(R"({"source": "title", "target": "Title", "transforms": [{"split": {"separator": " ", "part": -1}}]})");
  EXPECT_EQ(last.Run("Ada   King  Lovelace").value, "Lovelace");
  EXPECT_EQ(last.Run("Single").value, "Single");
  EXPECT_EQ(last.Run("").value, "");
  OneRow second(R"({"source": "title", "target": "Title", "transforms": [{"split": {"separator": " / ", "part": 1}}]})");
  EXPECT_EQ(second.Run("CTO / Founder / Board").value, "Founder");
  EXPECT_EQ(second.Run("CTO").value, "");  // out of range: empty
  OneRow raw(R"({"source": "title", "target": "Title",
                 "transforms": [{"split": {"separator": ",", "part": 1, "skip_empty": false}}]})");
  EXPECT_EQ(raw.Run("a,,c").value, "");
  OneRow unicode(R"({"source": "title", "target": "Title", "transforms": [{"split": {"separator": "·", "part": 1}}]})");
  EXPECT_EQ(unicode.Run("日本·東京").value, "東京");
}

TEST(TransformsTest, MapThroughAValueTableWithAndWithoutFallback) {
  const std::string table = R"("values": {"New": "Open - Not Contacted", "Working": "Working - Contacted",
                                          "Ärger": "Closed - Not Converted"})";
  OneRow with(R"({"source": "leadStatus", "target": "Status", "transforms": [{"map": {)" + table +
              R"(, "fallback": "Open - Not Contacted"}}]})");
  EXPECT_EQ(with.Run("Working").value, "Working - Contacted");
  EXPECT_EQ(with.Run("working").value, "Working - Contacted");  // ignore_case by default
  EXPECT_EQ(with.Run("ÄRGER").value, "Closed - Not Converted");  // Unicode case folding
  Cell fallback = with.Run("Nurture");
  EXPECT_EQ(fallback.value, "Open - Not Contacted");
  EXPECT_EQ(fallback.status, CellStatus::kChanged);
  EXPECT_EQ(with.Why(fallback), "\"Nurture\" is not in the value table; the fallback was used");
  // Empty input is not mapped: the required Status has a default on create in Salesforce, so it stays empty.
  EXPECT_EQ(with.Run("").value, "");

  OneRow without(R"({"source": "leadStatus", "target": "Status", "transforms": [{"map": {)" + table +
                 R"(, "ignore_case": false}}]})");
  Cell rejected = without.Run("working");
  EXPECT_EQ(rejected.status, CellStatus::kRejected);
  EXPECT_EQ(rejected.rejection, Rejection::kUnmappedValue);
  EXPECT_EQ(without.Why(rejected), "\"working\" is not in the value table and the map has no fallback");

  OneRow empty_key(R"({"source": "leadStatus", "target": "Status",
                       "transforms": [{"map": {"values": {"": "Open - Not Contacted"}}}]})");
  EXPECT_EQ(empty_key.Run("").value, "Open - Not Contacted");
}

TEST(TransformsTest, DateTimeRejectsWhatItCannotReadAndReportsShifts) {
  OneRow row(R"({"source": "createdAt", "target": "Salesync_Last_Activity__c",
                 "transforms": [{"datetime": {"from": "%d-%m-%Y %H:%M", "time_zone": "Europe/Amsterdam"}}]})");
  EXPECT_EQ(row.Run("15-01-2024 09:30").value, "2024-01-15T08:30:00.000Z");
  Cell gap = row.Run("31-03-2024 02:15");
  EXPECT_EQ(gap.value, "2024-03-31T01:15:00.000Z");
  EXPECT_EQ(gap.status, CellStatus::kChanged);
  EXPECT_THAT(row.Why(gap), HasSubstr("02:15 does not exist in Europe/Amsterdam"));
  Cell bad = row.Run("2024-01-15");
  EXPECT_EQ(bad.status, CellStatus::kRejected);
  EXPECT_EQ(bad.rejection, Rejection::kInvalidDate);
  EXPECT_EQ(row.Why(bad), "\"2024-01-15\" is not a date/time in the expected format (\"%d-%m-%Y %H:%M\")");
  EXPECT_EQ(row.Run("").status, CellStatus::kOk);
  OneRow to_date(R"({"source": "updatedAt", "target": "Salesync_Birthday__c",
                     "transforms": [{"datetime": {"to": "date", "to_time_zone": "Asia/Seoul"}}]})");
  EXPECT_EQ(to_date.Run("2024-02-28T16:00:00Z").value, "2024-02-29");
}

TEST(TransformsTest, PhoneNormalisation) {
  OneRow e164(R"({"source": "phone", "target": "Phone", "transforms": [{"phone": {"default_country": "NL"}}]})");
  Cell c = e164.Run("(020) 555 12 34");
  EXPECT_EQ(c.value, "+31205551234");
  EXPECT_EQ(c.status, CellStatus::kChanged);
  EXPECT_EQ(e164.Why(c), "normalised to the form Phone expects");
  EXPECT_EQ(e164.Run("+31205551234").status, CellStatus::kOk);  // already normal
  EXPECT_EQ(e164.Run("+1 650-253-0000").value, "+16502530000");
  Cell bad = e164.Run("call me maybe");
  EXPECT_EQ(bad.status, CellStatus::kRejected);
  EXPECT_EQ(bad.rejection, Rejection::kInvalidPhone);
  EXPECT_THAT(e164.Why(bad), HasSubstr("\"call me maybe\": "));
  EXPECT_EQ(e164.Run("12").rejection, Rejection::kInvalidPhone);
  EXPECT_EQ(e164.Run("").status, CellStatus::kOk);

  OneRow intl(R"({"source": "phone", "target": "Phone", "transforms": [{"phone": {"default_country": "SE",
                  "format": "international", "invalid": "keep"}}]})");
  EXPECT_EQ(intl.Run("08-123 456 78").value, "+46 8 123 456 78");
  Cell kept = intl.Run("n/a");
  EXPECT_EQ(kept.value, "n/a");
  EXPECT_EQ(kept.status, CellStatus::kOk);

  OneRow drop(R"({"source": "phone", "target": "Phone", "transforms": [{"phone": {"invalid": "drop"}}]})");
  EXPECT_EQ(drop.Run("+44 20 7946 0958").value, "+442079460958");
  Cell dropped = drop.Run("020 7946 0958");  // no default country, no +44: unknown
  EXPECT_TRUE(dropped.dropped());
  EXPECT_EQ(dropped.status, CellStatus::kChanged);
  EXPECT_THAT(drop.Why(dropped), HasSubstr("left out of the write"));
  EXPECT_FALSE(drop.plan().ToTargetJson(MappedRow{{dropped}, CellStatus::kChanged}).contains("Phone"));
}

TEST(TransformsTest, TruncateIsExplicitAndCountsCharacters) {
  OneRow row(R"({"source": "firstName", "target": "FirstName", "transforms": ["trim", "truncate"]})");
  std::string long_name(45, 'x');
  Cell c = row.Run(long_name);
  EXPECT_EQ(c.value, std::string(40, 'x'));  // FirstName holds 40
  EXPECT_EQ(c.status, CellStatus::kChanged);
  EXPECT_EQ(row.Why(c), "truncated from 45 to 40 characters");
  std::string forty_umlauts;
  for (int i = 0; i < 40; ++i) forty_umlauts += "ü";
  EXPECT_EQ(row.Run(forty_umlauts).status, CellStatus::kOk);  // 80 bytes, 40 characters: fits
  OneRow explicit_max(R"({"source": "title", "target": "Title", "transforms": [{"truncate": {"max_chars": 3}}]})");
  EXPECT_EQ(explicit_max.Run("日本語テキスト").value, "日本語");
  EXPECT_EQ(explicit_max.Run("").value, "");
}

TEST(TransformsTest, OverlongWithoutTruncateIsRejectedNeverCut) {
  OneRow row(R"({"source": "firstName", "target": "FirstName"})");
  Cell c = row.Run(std::string(41, 'a'));
  EXPECT_EQ(c.status, CellStatus::kRejected);
  EXPECT_EQ(c.rejection, Rejection::kTooLong);
  EXPECT_EQ(c.value.size(), 41u);
  EXPECT_EQ(row.Why(c), "41 characters; FirstName holds 40 (add a truncate transform to cut it)");
}

}  // namespace
}  // namespace salesync::mapping
