#include "mapping/preview.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mapping/testdata/describes.h"
#include "mapping/text.h"

namespace salesync::mapping {
namespace {

using ::testing::HasSubstr;

config::MappingSpec PreviewSpec() {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"}, "identity": ["Email"],
    "fields": [{"source": "email", "target": "Email", "transforms": ["trim", "lower"]},
               {"source": "lastName", "target": "LastName"},
               {"source": "firstName", "target": "FirstName", "transforms": ["truncate"]},
               {"source": "company", "target": "Company", "default": "Unknown"},
               {"source": "leadStatus", "target": "Status",
                "transforms": [{"map": {"values": {"New": "Open - Not Contacted"}, "fallback": "Open - Not Contacted"}}]},
               {"source": "phone", "target": "Phone", "transforms": [{"phone": {"default_country": "NL"}}]}]})");
  EXPECT_TRUE(spec.ok()) << spec.error().ToString();
  return *spec;
}

connectors::Record Lead(std::string id, nlohmann::json fields) {
  connectors::Record r;
  r.object = "lead";
  r.id = std::move(id);
  r.fields = std::move(fields);
  return r;
}

std::vector<connectors::Record> Sample() {
  return {Lead("1", {{"email", "ada@example.com"}, {"lastName", "Lovelace"}, {"firstName", "Ada"},
                     {"company", "Engines"}, {"leadStatus", "New"}, {"phone", "+31205551234"}}),
          Lead("2", {{"email", " Grace@Example.COM"}, {"lastName", "Hopper"},
                     {"firstName", "Grace Brewster Murray Hopper, Rear Admiral"}, {"company", ""},
                     {"leadStatus", "Nurture"}, {"phone", "020 555 1234"}}),
          Lead("3", {{"email", "no-at-sign"}, {"lastName", nullptr}, {"firstName", "Zoë"}, {"company", "Åström AB"},
                     {"leadStatus", "New"}, {"phone", "not a number"}}),
          [] {
            auto d = Lead("4", {{"email", "gone@example.com"}});
            d.deleted = true;
            return d;
          }(),
          Lead("5", {{"email", "last@example.com"}, {"lastName", "Last"}, {"company", "C"}})};
}

TEST(PreviewTest, FieldTableSamplesAndSummary) {
  auto p = BuildPreview(PreviewSpec(), testdata::MarketoLead(), testdata::SalesforceLead(), Sample(), 3);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->mapping, "m");
  EXPECT_EQ(p->version.size(), 64u);
  ASSERT_EQ(p->fields.size(), 6u);
  EXPECT_EQ(p->fields[0].source_type, "email(255)");
  EXPECT_EQ(p->fields[0].target_type, "email(80)");
  EXPECT_EQ(p->fields[0].transforms, "trim → lower");
  EXPECT_EQ(p->fields[0].status, Severity::kWarning);  // 255 into 80 without truncate
  EXPECT_EQ(p->fields[2].status, Severity::kOk);
  EXPECT_EQ(p->fields[3].transforms, "default(\"Unknown\")");
  EXPECT_EQ(p->fields[4].target_type, "picklist(255, restricted)");
  EXPECT_EQ(p->fields[4].transforms, "map(1 values, fallback)");
  EXPECT_EQ(p->status, Severity::kWarning);

  ASSERT_EQ(p->samples.size(), 3u);
  EXPECT_EQ(p->samples[0].status, CellStatus::kOk);
  const SampleRow& grace = p->samples[1];
  EXPECT_EQ(grace.status, CellStatus::kChanged);
  EXPECT_EQ(grace.cells[0].source, " Grace@Example.COM");
  EXPECT_EQ(grace.cells[0].mapped, "grace@example.com");
  EXPECT_EQ(grace.cells[0].status, CellStatus::kOk);
  EXPECT_EQ(grace.cells[2].reason, "truncated from 42 to 40 characters");
  EXPECT_EQ(grace.cells[3].mapped, "Unknown");
  EXPECT_EQ(grace.cells[4].reason, "\"Nurture\" is not in the value table; the fallback was used");
  EXPECT_EQ(grace.cells[5].mapped, "+31205551234");
  const SampleRow& bad = p->samples[2];
  EXPECT_EQ(bad.status, CellStatus::kRejected);
  EXPECT_EQ(bad.cells[0].reason, "not an e-mail address, which Email requires");
  EXPECT_EQ(bad.cells[1].reason, "empty, but LastName is required to create a record");
  EXPECT_TRUE(bad.cells[1].source_empty);
  EXPECT_EQ(bad.cells[5].status, CellStatus::kRejected);

  EXPECT_EQ(p->summary.sampled, 3u);
  EXPECT_EQ(p->summary.written, 2u);
  EXPECT_EQ(p->summary.unchanged, 1u);
  EXPECT_EQ(p->summary.changed, 1u);
  EXPECT_EQ(p->summary.rejected, 1u);

  auto all = BuildPreview(PreviewSpec(), testdata::MarketoLead(), testdata::SalesforceLead(), Sample(), 20);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->summary.sampled, 4u);  // the deleted record is skipped
  EXPECT_EQ(all->samples[3].id, "5");
}

TEST(PreviewTest, Json) {
  auto p = BuildPreview(PreviewSpec(), testdata::MarketoLead(), testdata::SalesforceLead(), Sample(), 3);
  ASSERT_TRUE(p.ok());
  nlohmann::json j = ToJson(*p);
  EXPECT_EQ(j["mapping"], "m");
  EXPECT_EQ(j["status"], "warning");
  EXPECT_EQ(j["source"], (nlohmann::json{{"connection", "marketo"}, {"object", "lead"}}));
  EXPECT_EQ(j["fields"][4]["target"], "Status");
  EXPECT_EQ(j["fields"][0]["reasons"].size(), 1u);
  EXPECT_EQ(j["summary"], (nlohmann::json{{"sampled", 3}, {"written", 2}, {"unchanged", 1}, {"changed", 1}, {"rejected", 1}}));
  const auto& cell = j["samples"][1]["cells"][2];
  EXPECT_EQ(cell["target"], "FirstName");
  EXPECT_EQ(cell["status"], "changed");
  EXPECT_EQ(cell["mapped"], "Grace Brewster Murray Hopper, Rear Admir");
  EXPECT_EQ(cell["reason"], "truncated from 42 to 40 characters");
  EXPECT_TRUE(j["samples"][2]["cells"][1]["source"].is_null());
  EXPECT_FALSE(j["samples"][0]["cells"][0].contains("reason"));
  EXPECT_EQ(j["findings"][0]["rule"], "too_long");
  EXPECT_NO_THROW(j.dump());
}

TEST(PreviewTest, TableFitsTheWidth) {
  auto p = BuildPreview(PreviewSpec(), testdata::MarketoLead(), testdata::SalesforceLead(), Sample(), 3);
  ASSERT_TRUE(p.ok());
  for (size_t width : {60u, 100u, 160u}) {
    std::string text = RenderPreviewTable(*p, width);
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) EXPECT_LE(CountChars(line), width) << line;
  }
  std::string text = RenderPreviewTable(*p, 160);
  EXPECT_THAT(text, HasSubstr("Mapping m  version " + p->version.substr(0, 12) + "  marketo lead → salesforce Lead\n"));
  EXPECT_THAT(text, HasSubstr("Status: warning (0 errors, 3 warnings)\n")) << text;
  EXPECT_THAT(text, HasSubstr("\nleadStatus  string(255)  Status     picklist(255, restricted)  map(1 values, fallback)  ok\n"));
  EXPECT_THAT(text, HasSubstr(
      "Record 2  changed\n"
      "  target     source value                                mapped value                              status   why\n"));
  EXPECT_THAT(text, HasSubstr(
      "  FirstName  Grace Brewster Murray Hopper, Rear Admiral  Grace Brewster Murray Hopper, Rear Admir  changed  "
      "truncated from 42 to 40 characters\n"));
  EXPECT_THAT(text, HasSubstr("  LastName   (empty)                             rejected  empty, but LastName is required"));
  EXPECT_THAT(text, HasSubstr("\nSummary: 3 sampled, 2 would be written (1 as they are, 1 changed), 1 rejected\n"));
  // Narrow: cells are cut with an ellipsis instead of wrapping.
  EXPECT_THAT(RenderPreviewTable(*p, 72), HasSubstr("  Status     Nurture          Open - Not Con…  changed  \"Nurture\" is no…\n"));
}

}  // namespace
}  // namespace salesync::mapping
