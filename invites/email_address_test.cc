#include "invites/email_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace salesync::invites {
namespace {

TEST(EmailAddressTest, NormalisesValidAddresses) {
  EXPECT_EQ(*NormaliseEmail("  Ann.Lee@Example.COM "), "ann.lee@example.com");
  EXPECT_EQ(*NormaliseEmail("a+tag@sub.example.co.uk"), "a+tag@sub.example.co.uk");
  EXPECT_EQ(*NormaliseEmail("o'brien@x-y.nl"), "o'brien@x-y.nl");
}

TEST(EmailAddressTest, RefusesWithAReason) {
  for (const char* bad : {"", "plain", "a@b", "a@@b.com", "a@b@c.com", "@x.com", "a@", "a..b@x.com", ".a@x.com",
                          "a@-x.com", "a@x..com", "a@x.c", "a@x.123", "a b@x.com", "Ann <a@x.com>", "jürgen@x.de",
                          "a/b@x.com", "a@x_y.com"}) {
    auto r = NormaliseEmail(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty()) << bad;
    }
  }
  EXPECT_THAT(NormaliseEmail("a@b").error().message, ::testing::HasSubstr("no dot"));
  EXPECT_FALSE(NormaliseEmail(std::string(65, 'a') + "@x.com").ok());
}

}  // namespace
}  // namespace salesync::invites
