#include "config/json_positions.h"

#include <gtest/gtest.h>

namespace salesync::config {
namespace {

TEST(JsonPositionsTest, MapsPointersToValuesAndKeys) {
  std::string text = "{\n  \"a\": {\"b\": [1, \"x\"]},\n  // c\n  \"c/d\": true\n}";
  auto p = JsonPositions::Build(text);
  EXPECT_EQ(p.ValueAt("").line, 1);
  EXPECT_EQ(p.ValueAt("/a").line, 2);
  EXPECT_EQ(p.ValueAt("/a").column, 8);
  EXPECT_EQ(p.KeyAt("/a/b").column, 9);
  EXPECT_EQ(p.ValueAt("/a/b/1").column, 18);
  EXPECT_EQ(p.ValueAt("/c~1d").line, 4);
  EXPECT_EQ(p.ValueAt("/missing").line, 0);
}

TEST(JsonPositionsTest, CountsColumnsInCharacters) {
  std::string text = "{\"é\": 1, \"k\": 2}";
  auto p = JsonPositions::Build(text);
  EXPECT_EQ(p.KeyAt("/k").column, 10);
}

TEST(JsonPositionsTest, SkipsByteOrderMark) {
  auto p = JsonPositions::Build("\xEF\xBB\xBF{\"a\": 1}");
  EXPECT_EQ(p.ValueAt("/a").column, 7);
}

TEST(JsonPositionsTest, FindsDuplicates) {
  auto p = JsonPositions::Build("{\"a\": 1, \"a\": 2}");
  ASSERT_EQ(p.duplicate_keys().size(), 1u);
  EXPECT_EQ(p.duplicate_keys()[0].pointer, "/a");
}

}  // namespace
}  // namespace salesync::config
