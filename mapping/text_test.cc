#include "mapping/text.h"

#include <gtest/gtest.h>

namespace salesync::mapping {
namespace {

TEST(TextTest, CountsAndCutsCharactersNotBytes) {
  EXPECT_EQ(CountChars(""), 0u);
  EXPECT_EQ(CountChars("abc"), 3u);
  EXPECT_EQ(CountChars("Zoë Åström"), 10u);
  EXPECT_EQ(CountChars("日本語"), 3u);
  EXPECT_EQ(CountChars("😀x"), 2u);
  std::string s = "Zoë Åström";
  EXPECT_TRUE(TruncateChars(s, 3));
  EXPECT_EQ(s, "Zoë");
  std::string emoji = "😀😀😀";
  EXPECT_TRUE(TruncateChars(emoji, 2));
  EXPECT_EQ(emoji, "😀😀");
  std::string short_one = "ab";
  EXPECT_FALSE(TruncateChars(short_one, 2));
  EXPECT_EQ(short_one, "ab");
  std::string zero = "abc";
  EXPECT_TRUE(TruncateChars(zero, 0));
  EXPECT_EQ(zero, "");
}

TEST(TextTest, TrimsAsciiAndUnicodeSpaces) {
  auto trim = [](std::string s) {
    TrimInPlace(s);
    return s;
  };
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim("\xC2\xA0" "Ada\xE2\x80\x83"), "Ada");          // no-break space, em space
  EXPECT_EQ(trim("\xEF\xBB\xBF" "Ada"), "Ada");                   // BOM
  EXPECT_EQ(trim("\xE3\x80\x80" "日本\xE3\x80\x80"), "日本");    // ideographic space
  EXPECT_EQ(trim(" \xC2\xA0 \t"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("é"), "é");
  EXPECT_EQ(trim(" \xFF "), "\xFF");  // invalid bytes are not whitespace and are kept
}

TEST(TextTest, CaseMappingIsUnicodeAware) {
  std::string scratch;
  std::string a = "ÉRIC Ñandú";
  ToLowerInPlace(a, scratch);
  EXPECT_EQ(a, "éric ñandú");
  std::string b = "straße";
  ToUpperInPlace(b, scratch);
  EXPECT_EQ(b, "STRASSE");
  std::string c = "MiXeD@Example.COM";
  ToLowerInPlace(c, scratch);
  EXPECT_EQ(c, "mixed@example.com");
  std::string d = "ΣΊΣΥΦΟΣ";
  ToLowerInPlace(d, scratch);
  EXPECT_EQ(d, "σίσυφος");  // final sigma
}

TEST(TextTest, SanitisesAndFitsForPrinting) {
  EXPECT_TRUE(IsValidUtf8("Zoë"));
  EXPECT_FALSE(IsValidUtf8("a\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(SanitiseUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(FitToWidth("line one\nline two", 100), "line one line two");
  EXPECT_EQ(FitToWidth("Åström Ångström", 6), "Åströ…");
  EXPECT_EQ(FitToWidth("abc", 3), "abc");
  EXPECT_EQ(FitToWidth("abcd", 0), "");
}

}  // namespace
}  // namespace salesync::mapping
