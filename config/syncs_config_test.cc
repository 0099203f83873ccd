#include "config/syncs_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.h"

namespace salesync::config {
namespace {

using ::testing::HasSubstr;

constexpr const char* kConnections = R"("connections": {
    "sf": {"type": "salesforce", "flow": "manual", "login_url": "https://login.salesforce.com",
           "rate_limit": {"max_in_flight": 5, "daily_reserve_percent": 20}},
    "mkto": {"type": "marketo", "flow": "manual", "identity_url": "https://1.mktorest.com/identity",
             "base_url": "https://1.mktorest.com", "rate_limit": {"calls_per_window": 80, "window_secs": 20}}
  })";

TEST(SyncsConfigTest, ReadsStreamsSettingsAndWriteback) {
  auto r = ParseConfig("c.json", std::string("{") + kConnections + R"(, "syncs": {
    "people": {"connection": "mkto", "streams": ["leads", "activities"], "interval_secs": 60,
               "stream_settings": {"activities": {"activity_type_ids": [1, 2]}}, "run_as": "owner@example.com"},
    "back": {"writeback": {"connection": "sf", "object": "Task", "from": ["mkto"], "batch_size": 50}}
  }})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->syncs.size(), 2u);
  const auto& p = r->syncs.at("people");
  EXPECT_EQ(p.streams, (std::vector<std::string>{"leads", "activities"}));
  EXPECT_EQ(p.interval_secs, 60);
  EXPECT_EQ(p.stream_settings["activities"]["activity_type_ids"][1], 2);
  EXPECT_EQ(p.run_as, "owner@example.com");
  const auto& b = r->syncs.at("back");
  ASSERT_TRUE(b.writeback.has_value());
  EXPECT_EQ(b.writeback->object, "Task");
  EXPECT_EQ(b.writeback->batch_size, 50);
  EXPECT_EQ(r->connections.at("mkto").rate_limit.calls_per_window, 80);
  EXPECT_EQ(r->connections.at("sf").rate_limit.daily_reserve_percent, 20);
  EXPECT_EQ(r->connections.at("sf").rate_limit.calls_per_window, -1);
}

TEST(SyncsConfigTest, UnknownConnectionsMissingStreamsAndEmptySyncsAreReportedWithPositions) {
  std::vector<ConfigError> errors;
  auto r = ParseConfig("c.json", std::string("{") + kConnections + R"(, "syncs": {
    "a": {"connection": "salesforce", "streams": ["Lead"]},
    "b": {"connection": "sf"},
    "c": {"interval_secs": 60},
    "d": {"writeback": {"connection": "sf", "object": "Task", "from": ["nope"]}, "intervall_secs": 5}
  }})", &errors);
  ASSERT_FALSE(r.ok());
  std::string all = r.error().message;
  EXPECT_THAT(all, HasSubstr("No connection named \"salesforce\" is configured (known: mkto, sf)"));
  EXPECT_THAT(all, HasSubstr("Name the streams to read"));
  EXPECT_THAT(all, HasSubstr("needs \"connection\" (to read streams) or \"writeback\""));
  EXPECT_THAT(all, HasSubstr("No connection named \"nope\""));
  EXPECT_THAT(all, HasSubstr("interval_secs"));  // did you mean
  for (const auto& e : errors) EXPECT_GT(e.line, 0) << e.message;
}

}  // namespace
}  // namespace salesync::config
