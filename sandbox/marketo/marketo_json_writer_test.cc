#include "sandbox/marketo/marketo_json_writer.h"

#include <gtest/gtest.h>

#include "sandbox/marketo/marketo_lead_store.h"

namespace salesync::sandbox::marketo {
namespace {

TEST(MarketoJsonWriterTest, EscapesLikeAJsonLibraryReadsIt) {
  std::string out;
  AppendJsonString(out, std::string("a\"b\\c\nd\te\x01f Søren", 21));
  auto back = nlohmann::json::parse(out);
  EXPECT_EQ(back.get<std::string>(), std::string("a\"b\\c\nd\te\x01f Søren", 21));
  out.clear();
  AppendJsonValue(out, nlohmann::json::array({1, -2, true, nullptr, "x", 2.5}));
  EXPECT_EQ(nlohmann::json::parse(out), nlohmann::json::array({1, -2, true, nullptr, "x", 2.5}));
}

TEST(MarketoJsonWriterTest, PagedLeadJsonMatchesTheTreeVersion) {
  PeopleUniverse u(SeedOptions{50, 3, 9});
  LeadStore store(&u);
  std::vector<int> all;
  for (int i = 0; i < kLeadFieldCount; ++i) all.push_back(i);
  for (int64_t id = 1; id <= 50; ++id) {
    auto lead = store.Get(id);
    if (!lead) continue;
    std::string text;
    AppendLeadJson(text, *lead, all);
    EXPECT_EQ(nlohmann::json::parse(text), LeadJson(*lead, all)) << id;
  }
}

}  // namespace
}  // namespace salesync::sandbox::marketo
