#include "net/http_message.h"

#include <gtest/gtest.h>

namespace salesync::net {
namespace {

TEST(HttpMessageTest, PercentDecoding) {
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_FALSE(PercentDecode("bad%2", false).has_value());
  EXPECT_FALSE(PercentDecode("bad%zz", false).has_value());
}

TEST(HttpMessageTest, PercentEncodingRoundTrips) {
  std::string s = "a b/c?d=é&+";
  EXPECT_EQ(PercentEncode(s), "a%20b%2Fc%3Fd%3D%C3%A9%26%2B");
  EXPECT_EQ(PercentDecode(PercentEncode(s), false), s);
}

TEST(HttpMessageTest, QueryParameters) {
  HttpRequest r;
  r.query = "state=abc&code=x%2By&empty=&flag";
  EXPECT_EQ(r.QueryParam("code"), "x+y");
  EXPECT_EQ(r.QueryParam("empty"), "");
  EXPECT_EQ(r.QueryParam("flag"), "");
  EXPECT_FALSE(r.QueryParam("missing").has_value());
}

TEST(HttpMessageTest, HeadersAreCaseInsensitive) {
  HttpRequest r;
  r.headers["Authorization"] = "Bearer x";
  EXPECT_EQ(r.Header("authorization"), "Bearer x");
}

}  // namespace
}  // namespace salesync::net
