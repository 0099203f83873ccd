#include "mapping/spec_version.h"

#include <gtest/gtest.h>

#include "mapping/testdata/describes.h"

namespace salesync::mapping {
namespace {

std::string VersionOf(const std::string& fields, const std::string& extra = "") {
  auto spec = testdata::ParseMapping(R"({"source": {"connection": "marketo", "object": "lead"},)" + extra +
                                     R"( "target": {"connection": "salesforce", "object": "Lead"}, "fields": )" + fields + "}");
  EXPECT_TRUE(spec.ok()) << spec.error().ToString();
  return SpecVersion(*spec);
}

TEST(SpecVersionTest, SameBehaviourSameVersion) {
  std::string a = VersionOf(R"([{"source": "email", "target": "Email", "transforms": ["trim"]}])");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, VersionOf(R"([{"target": "Email", "transforms": [{"trim": {}}], "source": "email"}])"));
  // Spelled-out defaults, and a layout with other positions, change nothing.
  EXPECT_EQ(VersionOf(R"([{"source": "s", "target": "T", "transforms": [{"map": {"values": {"a": "1", "b": "2"}}}]}])"),
            VersionOf(R"([{"source": "s", "target": "T",
                           "transforms": [{"map": {"ignore_case": true, "values": {"b": "2", "a": "1"}}}]}])"));
  EXPECT_EQ(VersionOf(R"([{"source": "d", "target": "D", "transforms": ["datetime"]}])"),
            VersionOf(R"([{"source": "d", "target": "D", "transforms": [{"datetime": {"from": "iso8601", "to": "iso8601",
                           "time_zone": "UTC", "to_time_zone": "UTC"}}]}])"));
  // The name is not part of what the mapping does.
  auto spec = testdata::TwentyFieldSpec();
  std::string before = SpecVersion(spec);
  spec.name = "renamed";
  spec.fields[0].position.line = 99;
  EXPECT_EQ(SpecVersion(spec), before);
}

TEST(SpecVersionTest, AnyChangeInBehaviourChangesIt) {
  std::string base = VersionOf(R"([{"source": "email", "target": "Email", "transforms": ["trim"]}])");
  EXPECT_NE(base, VersionOf(R"([{"source": "email", "target": "Email", "transforms": ["trim", "lower"]}])"));
  EXPECT_NE(base, VersionOf(R"([{"source": "email", "target": "Description", "transforms": ["trim"]}])"));
  EXPECT_NE(base, VersionOf(R"([{"source": "email", "target": "Email", "transforms": ["trim"], "default": "x"}])"));
  EXPECT_NE(base, VersionOf(R"([{"source": "email", "target": "Email", "transforms": ["trim"]}])", R"( "identity": ["Email"],)"));
  EXPECT_NE(VersionOf(R"([{"source": "s", "target": "T", "transforms": [{"map": {"values": {"a": "1"}}}]}])"),
            VersionOf(R"([{"source": "s", "target": "T", "transforms": [{"map": {"values": {"a": "1"}, "fallback": "1"}}]}])"));
}

}  // namespace
}  // namespace salesync::mapping
