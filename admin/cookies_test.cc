#include "admin/cookies.h"

#include <gtest/gtest.h>

namespace salesync::admin {
namespace {

net::HttpRequest WithCookie(const std::string& cookie) {
  net::HttpRequest r;
  r.headers["Cookie"] = cookie;
  return r;
}

TEST(CookiesTest, FindsTheNamedCookieAmongOthers) {
  EXPECT_EQ(CookieValue(WithCookie("a=1; salesync_session=abc; b=2"), kSessionCookie), "abc");
  EXPECT_EQ(CookieValue(WithCookie("salesync_session=\"q\""), kSessionCookie), "q");
  EXPECT_EQ(CookieValue(WithCookie("x_salesync_session=no"), kSessionCookie), std::nullopt);
  EXPECT_EQ(CookieValue(WithCookie("garbage; salesync_session = v "), kSessionCookie), "v");
  EXPECT_EQ(CookieValue(net::HttpRequest{}, kSessionCookie), std::nullopt);
}

TEST(CookiesTest, SessionCookieIsHttpOnlyStrictAndSecureOnTls) {
  std::string plain = SessionCookieHeader("id", std::chrono::seconds(60), false);
  EXPECT_EQ(plain, "salesync_session=id; Max-Age=60; Path=/; HttpOnly; SameSite=Strict");
  std::string tls = SessionCookieHeader("id", std::chrono::seconds(60), true);
  EXPECT_NE(tls.find("; Secure"), std::string::npos);
  EXPECT_EQ(ClearSessionCookieHeader(false), "salesync_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace salesync::admin
