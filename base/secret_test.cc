#include "base/secret.h"

#include <gtest/gtest.h>
#include <sstream>

#include "base/random.h"

namespace salesync {
namespace {

TEST(SecretTest, StreamsAsStars) {
  std::ostringstream os;
  os << Secret("topsecret");
  EXPECT_EQ(os.str(), "***");
  EXPECT_EQ(Secret("topsecret").Reveal(), "topsecret");
}

TEST(SecretTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(RandomTest, HexAndBase64Url) {
  auto h = RandomHex(16);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 32u);
  EXPECT_NE(*h, *RandomHex(16));
  EXPECT_EQ(HexEncode("\x01\xff"), "01ff");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlEncode("hello"), "aGVsbG8");
}

}  // namespace
}  // namespace salesync
