#include "base/strings.h"

#include <gtest/gtest.h>

namespace salesync {
namespace {

TEST(StringsTest, EditDistance) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("same", "same"), 0u);
}

TEST(StringsTest, DidYouMeanSuggestsCloseKeys) {
  std::vector<std::string> keys = {"listen", "log_level", "state_dir", "admin"};
  EXPECT_EQ(DidYouMean("listn", keys), "listen");
  EXPECT_EQ(DidYouMean("loglevel", keys), "log_level");
  EXPECT_EQ(DidYouMean("State_Dir", keys), "state_dir");
  EXPECT_FALSE(DidYouMean("completely_unrelated", keys).has_value());
}

TEST(StringsTest, TrimAndSplit) {
  EXPECT_EQ(TrimWhitespace("  a b \r\n"), "a b");
  EXPECT_EQ(SplitString("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(ToLowerAscii("AbC"), "abc");
}

TEST(StringsTest, JoinStringsPutsTheSeparatorOnlyBetweenParts) {
  EXPECT_EQ(JoinStrings({}, ", "), "");
  EXPECT_EQ(JoinStrings({"a"}, ", "), "a");
  EXPECT_EQ(JoinStrings({"a", "", "c"}, "+"), "a++c");
}

TEST(StringsTest, FormatUtcSecondsIsIso8601InUtcWithoutFractions) {
  EXPECT_EQ(FormatUtcSeconds(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtcSeconds(1800000000999), "2027-01-15T08:00:00Z");
}

}  // namespace
}  // namespace salesync
