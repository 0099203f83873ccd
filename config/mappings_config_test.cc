#include "config/mappings_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.h"

namespace salesync::config {
namespace {

using ::testing::HasSubstr;

// Two manual connections, so mappings have something to name.
std::string WithConnections(const std::string& mappings) {
  return R"({"connections": {
  "marketo": {"type": "marketo", "flow": "manual", "identity_url": "https://1.mktorest.com/identity",
              "base_url": "https://1.mktorest.com"},
  "salesforce": {"type": "salesforce", "flow": "manual", "login_url": "https://login.salesforce.com"}
},
"mappings": )" + mappings + "}";
}

std::string Errors(const std::string& mappings) {
  std::vector<ConfigError> errors;
  auto r = ParseConfig("m.json", WithConnections(mappings), &errors);
  EXPECT_FALSE(r.ok());
  return FormatConfigErrors(errors);
}

TEST(MappingsConfigTest, ReadsEveryTransformAndRemembersWhereItWasWritten) {
  auto r = ParseConfig("m.json", WithConnections(R"({
  "leads": {
    "source": {"connection": "marketo", "object": "lead"},
    "target": {"connection": "salesforce", "object": "Lead"},
    "identity": ["Email"],
    "fields": [
      {"source": "email", "target": "Email", "transforms": ["trim", "lower"]},
      {"source": ["firstName", "lastName"], "target": "Description",
       "transforms": [{"concat": {"separator": ", ", "skip_empty": false}}, "upper"]},
      {"source": "leadStatus", "target": "Status",
       "transforms": [{"map": {"values": {"New": "Open - Not Contacted", "Working": "Working - Contacted"},
                               "fallback": "Open - Not Contacted", "ignore_case": false}}]},
      {"source": "createdAt", "target": "Birthdate",
       "transforms": [{"datetime": {"from": "%d/%m/%Y %H:%M", "to": "date", "time_zone": "Europe/Amsterdam",
                                    "to_time_zone": "UTC"}}]},
      {"source": "phone", "target": "Phone", "transforms": [{"phone": {"default_country": "NL", "format": "international",
                                                                       "invalid": "drop"}}]},
      {"source": "title", "target": "Title", "transforms": [{"split": {"separator": "/", "part": -1}}, {"truncate": {"max_chars": 40}}]},
      {"source": "company", "target": "Company", "default": "Unknown", "transforms": [{"default": "n/a"}, "truncate"]},
      {"target": "LeadSource", "default": "Web"}
    ]
  }
})"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->mappings.size(), 1u);
  const MappingSpec& m = r->mappings.at("leads");
  EXPECT_EQ(m.source.connection, "marketo");
  EXPECT_EQ(m.target.object, "Lead");
  EXPECT_EQ(m.identity, (std::vector<std::string>{"Email"}));
  ASSERT_EQ(m.fields.size(), 8u);

  const FieldMappingSpec& email = m.fields[0];
  EXPECT_EQ(email.source, (std::vector<std::string>{"email"}));
  ASSERT_EQ(email.transforms.size(), 2u);
  EXPECT_EQ(email.transforms[1].kind, TransformKind::kLower);
  // Line 12 of the document, pointing at the row object.
  EXPECT_EQ(email.position.file, "m.json");
  EXPECT_EQ(email.position.line, 12);
  EXPECT_EQ(email.position.pointer, "/mappings/leads/fields/0");
  EXPECT_EQ(email.transforms[1].position.line, 12);
  EXPECT_EQ(email.transforms[1].position.pointer, "/mappings/leads/fields/0/transforms/1");
  EXPECT_GT(email.transforms[1].position.column, email.transforms[0].position.column);

  EXPECT_EQ(m.fields[1].source.size(), 2u);
  EXPECT_EQ(m.fields[1].transforms[0].separator, ", ");
  EXPECT_FALSE(m.fields[1].transforms[0].skip_empty);
  const TransformSpec& map = m.fields[2].transforms[0];
  EXPECT_EQ(map.kind, TransformKind::kMap);
  ASSERT_EQ(map.values.size(), 2u);
  EXPECT_EQ(map.values[0], (std::pair<std::string, std::string>{"New", "Open - Not Contacted"}));
  EXPECT_EQ(map.fallback, "Open - Not Contacted");
  EXPECT_FALSE(map.ignore_case);
  const TransformSpec& dt = m.fields[3].transforms[0];
  EXPECT_EQ(dt.from, "%d/%m/%Y %H:%M");
  EXPECT_EQ(dt.to, "date");
  EXPECT_EQ(dt.time_zone, "Europe/Amsterdam");
  const TransformSpec& phone = m.fields[4].transforms[0];
  EXPECT_EQ(phone.default_country, "NL");
  EXPECT_EQ(phone.phone_format, "international");
  EXPECT_EQ(phone.invalid, "drop");
  EXPECT_EQ(m.fields[5].transforms[0].part, -1);
  EXPECT_EQ(m.fields[5].transforms[1].max_chars, 40);
  EXPECT_EQ(m.fields[6].default_value, "Unknown");
  EXPECT_EQ(m.fields[6].transforms[0].value, "n/a");
  EXPECT_EQ(m.fields[6].transforms[1].max_chars, 0);
  EXPECT_TRUE(m.fields[7].source.empty());
  EXPECT_EQ(m.fields[7].default_value, "Web");
}

TEST(MappingsConfigTest, UnknownTransformIsReportedAtItsPositionWithASuggestion) {
  std::string all = Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
  "target": {"connection": "salesforce", "object": "Lead"},
  "fields": [{"source": "email", "target": "Email", "transforms": ["trim", "lowr", {"mapp": {"values": {}}}]}]}})");
  EXPECT_THAT(all, HasSubstr("m.json:8:76: /mappings/m/fields/0/transforms/1: Unknown transform \"lowr\""));
  EXPECT_THAT(all, HasSubstr("Did you mean \"lower\"?"));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/0/transforms/2/mapp: Unknown transform \"mapp\""));
  EXPECT_THAT(all, HasSubstr("Did you mean \"map\"?"));
}

TEST(MappingsConfigTest, UnknownKeysSuggestTheRightOne) {
  std::string all = Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
  "target": {"connection": "salesforce", "object": "Lead"},
  "fields": [{"source": "email", "taget": "Email"},
             {"source": "x", "target": "Y", "transforms": [{"split": {"separator": " ", "prat": 1}}]}]}})");
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/0: Missing required key \"target\""));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/0/taget: Unknown key \"taget\". Did you mean \"target\"?"));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/1/transforms/0/split/prat: Unknown key \"prat\". Did you mean \"part\"?"));
}

TEST(MappingsConfigTest, TransformsThatNeedArgumentsSayWhatTheyLookLike) {
  std::string all = Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
  "target": {"connection": "salesforce", "object": "Lead"},
  "fields": [{"source": "s", "target": "Status", "transforms": ["map", {"default": 3}, {"trim": {}, "lower": {}}, 7]}]}})");
  EXPECT_THAT(all, HasSubstr("transforms/0: The \"map\" transform needs arguments (expected {\"map\": {\"values\""));
  EXPECT_THAT(all, HasSubstr("transforms/1/default: Wrong type: found an integer (expected {\"default\": \"VALUE\"})"));
  EXPECT_THAT(all, HasSubstr("transforms/2: A transform object has exactly one key"));
  EXPECT_THAT(all, HasSubstr("transforms/3: Wrong type: found an integer (expected a transform name"));
}

TEST(MappingsConfigTest, RowShapeRules) {
  std::string all = Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
  "target": {"connection": "salesforce", "object": "Lead"},
  "fields": [{"source": ["firstName", "lastName"], "target": "Name"},
             {"source": "a", "target": "B", "transforms": ["trim", "concat"]},
             {"target": "LeadSource"},
             {"source": [], "target": "X"},
             {"source": "", "target": ""}]}})");
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/0/source: A row with 2 source fields needs a concat transform first"));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/1/transforms/1: concat joins the row's source fields, so it must be the first"));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/2: A row without \"source\" writes a constant: it needs \"default\""));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/3/source: Wrong type: found an array"));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/4/source: The source field name is empty."));
  EXPECT_THAT(all, HasSubstr("/mappings/m/fields/4/target: The target field name is empty."));
}

TEST(MappingsConfigTest, ConnectionsTimeZonesPatternsAndCountriesAreChecked) {
  std::string all = Errors(R"({"Bad Name": {"source": {"connection": "marketto", "object": "lead"},
  "target": {"connection": "salesforce"},
  "fields": [{"source": "d", "target": "D", "transforms": [
     {"datetime": {"time_zone": "Europe/Amsterdm", "to_time_zone": "Mars/Olympus"}},
     {"datetime": {"from": "%d.%m.%Q", "to": "isodate"}},
     {"datetime": {"from": "%d.%m.%", "to": "plain text"}},
     {"phone": {"default_country": "nl", "format": "E164"}},
     {"truncate": {"max_chars": 0}}]}],
  "identity": "Email"}})");
  EXPECT_THAT(all, HasSubstr("/mappings/Bad Name: A mapping name must be"));
  EXPECT_THAT(all, HasSubstr("/mappings/Bad Name/source/connection: Unknown connection \"marketto\""));
  EXPECT_THAT(all, HasSubstr("Did you mean \"marketo\"?"));
  EXPECT_THAT(all, HasSubstr("/mappings/Bad Name/target: Missing required key \"object\""));
  EXPECT_THAT(all, HasSubstr("time_zone: Unknown time zone \"Europe/Amsterdm\""));
  EXPECT_THAT(all, HasSubstr("Did you mean \"Europe/Amsterdam\"?"));
  EXPECT_THAT(all, HasSubstr("to_time_zone: Unknown time zone \"Mars/Olympus\""));
  EXPECT_THAT(all, HasSubstr("from: Invalid input pattern \"%d.%m.%Q\": unknown or unsupported conversion %Q"));
  EXPECT_THAT(all, HasSubstr("to: Unknown format \"isodate\""));
  EXPECT_THAT(all, HasSubstr("ends with a lone '%'"));
  EXPECT_THAT(all, HasSubstr("to: Unknown format \"plain text\""));
  EXPECT_THAT(all, HasSubstr("default_country: Expected a two-letter ISO 3166 country code in capitals"));
  EXPECT_THAT(all, HasSubstr("format: Unknown value \"E164\""));
  EXPECT_THAT(all, HasSubstr("Did you mean \"e164\"?"));
  EXPECT_THAT(all, HasSubstr("max_chars: Out of range: 0"));
  EXPECT_THAT(all, HasSubstr("/mappings/Bad Name/identity: Wrong type: found a string (expected an array of strings)"));
}

TEST(MappingsConfigTest, MapTableRules) {
  std::string all = Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
  "target": {"connection": "salesforce", "object": "Lead"},
  "fields": [{"source": "s", "target": "Status", "transforms": [
      {"map": {"values": {"New": "A", "NEW": "B"}}},
      {"map": {"values": {}}},
      {"map": {"values": {"x": 1}}}]}]}})");
  EXPECT_THAT(all, HasSubstr("\"NEW\" and \"New\" differ only in case"));
  EXPECT_THAT(all, HasSubstr("transforms/1/map/values: The value table is empty"));
  EXPECT_THAT(all, HasSubstr("transforms/2/map/values/x: Wrong type: found an integer (expected a string)"));
}

TEST(MappingsConfigTest, FieldsMustBeANonEmptyArray) {
  EXPECT_THAT(Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
      "target": {"connection": "salesforce", "object": "Lead"}}})"),
              HasSubstr("/mappings/m: Missing required key \"fields\""));
  EXPECT_THAT(Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
      "target": {"connection": "salesforce", "object": "Lead"}, "fields": []}})"),
              HasSubstr("/mappings/m/fields: A mapping needs at least one row"));
  EXPECT_THAT(Errors(R"({"m": {"source": {"connection": "marketo", "object": "lead"},
      "target": {"connection": "salesforce", "object": "Lead"}, "fields": {}}})"),
              HasSubstr("/mappings/m/fields: Wrong type: found an object (expected an array of rows)"));
}

TEST(MappingsConfigTest, PatternChecker) {
  std::string problem;
  EXPECT_TRUE(CheckDateTimePattern("%Y-%m-%dT%H:%M:%S%Ez", &problem));
  EXPECT_TRUE(CheckDateTimePattern("%d/%m/%Y 100%%", &problem));
  EXPECT_FALSE(CheckDateTimePattern("%Z", &problem));
  EXPECT_FALSE(CheckDateTimePattern("100%%", &problem));
  EXPECT_THAT(problem, HasSubstr("no conversion"));
}

}  // namespace
}  // namespace salesync::config
