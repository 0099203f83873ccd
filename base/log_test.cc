#include "base/log.h"

#include <gtest/gtest.h>

namespace salesync {
namespace {

TEST(LogTest, JournalLinesCarryTheSyslogPriority) {
  EXPECT_EQ(FormatLogLine(LogLevel::kError, "Store failed.", {{"path", "/x"}}, true), "<3>Store failed. path=/x\n");
  EXPECT_EQ(FormatLogLine(LogLevel::kInfo, "Ready.", {}, true), "<6>Ready.\n");
  EXPECT_EQ(FormatLogLine(LogLevel::kDebug, "d", {}, true), "<7>d\n");
  EXPECT_EQ(FormatLogLine(LogLevel::kWarning, "w", {}, true), "<4>w\n");
}

TEST(LogTest, HumanLinesHaveTimestampAndLevel) {
  std::string line = FormatLogLine(LogLevel::kInfo, "Listening.", {{"port", 8787}}, false);
  EXPECT_TRUE(line.find("INFO") != std::string::npos) << line;
  EXPECT_TRUE(line.find("Listening. port=8787\n") != std::string::npos) << line;
  EXPECT_EQ(line[4], '-');
  EXPECT_EQ(line.back(), '\n');
}

TEST(LogTest, ValuesWithSpacesAndQuotesAreQuoted) {
  EXPECT_EQ(FormatLogLine(LogLevel::kInfo, "m", {{"k", "a b\"c"}}, true), "<6>m k=\"a b\\\"c\"\n");
  EXPECT_EQ(FormatLogLine(LogLevel::kInfo, "m", {{"k", ""}}, true), "<6>m k=\"\"\n");
}

TEST(LogTest, NewlinesCannotForgeASecondEntry) {
  std::string line = FormatLogLine(LogLevel::kInfo, "a\nb", {{"k", "x\ny"}}, true);
  EXPECT_EQ(line, "<6>a b k=\"x\\ny\"\n");
}

TEST(LogTest, SecretsPrintAsStars) {
  Secret s("hunter2");
  std::string line = FormatLogLine(LogLevel::kInfo, "Token loaded.", {{"token", s}}, true);
  EXPECT_EQ(line, "<6>Token loaded. token=***\n");
  EXPECT_EQ(line.find("hunter2"), std::string::npos);
}

TEST(LogTest, ParsesLevelNames) {
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("warning"), LogLevel::kWarning);
  EXPECT_FALSE(ParseLogLevel("loud").has_value());
}

}  // namespace
}  // namespace salesync
