#include "mapping/text_table.h"

#include <gtest/gtest.h>

namespace salesync::mapping {
namespace {

TEST(TextTableTest, AlignsByCharactersNotBytes) {
  TextTable t{{"name", "city"}, {{"Zoë", "Malmö"}, {"Ada", "London"}}, ""};
  EXPECT_EQ(RenderTextTable(t, 80),
            "name  city\n"
            "----  ------\n"
            "Zoë   Malmö\n"
            "Ada   London\n");
}

TEST(TextTableTest, NarrowsTheWidestColumnFirstAndCutsWithAnEllipsis) {
  TextTable t{{"a", "long"}, {{"x", "a rather long sentence that will not fit"}}, "  "};
  EXPECT_EQ(RenderTextTable(t, 20),
            "  a  long\n"
            "  -  ---------------\n"
            "  x  a rather long…\n");
}

TEST(TextTableTest, NeverNarrowsBelowFourCharactersAndKeepsRowsOnOneLine) {
  TextTable t{{"first", "second"}, {{"line\nbreak", "tab\there"}}, ""};
  EXPECT_EQ(RenderTextTable(t, 5),
            "fir…  sec…\n"
            "----  ----\n"
            "lin…  tab…\n");
  EXPECT_EQ(RenderTextTable(TextTable{}, 80), "");
}

}  // namespace
}  // namespace salesync::mapping
