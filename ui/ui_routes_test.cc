#include "ui/ui_routes.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "admin/cookies.h"
#include "store/store.h"

namespace salesync::ui {
namespace {

std::string HeaderOf(const net::HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class UiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "/ui_routes_test_" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto s = store::Store::Open({dir + "/s.db"});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    api_ = std::make_unique<admin::AdminApi>(store_.get(), &metrics_);
    api_->SetToken(Secret("the-admin-token"));
    RegisterUiRoutes(*api_);
  }

  net::HttpResponse Call(const std::string& method, const std::string& path, const std::string& body = "",
                         net::HeaderMap headers = {}) {
    net::HttpRequest r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.headers = std::move(headers);
    r.headers["Host"] = "127.0.0.1:8787";
    return api_->Handle(r);
  }

  // Signs in; returns the session cookie value and sets csrf_.
  std::string SignIn() {
    auto r = Call("POST", "/ui/api/sign-in", "token=the-admin-token",
                  {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "http://127.0.0.1:8787"}});
    EXPECT_EQ(r.status, 200) << r.body;
    csrf_ = nlohmann::json::parse(r.body)["csrf_token"];
    std::string cookie = HeaderOf(r, "Set-Cookie");
    return cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  }

  MetricsRegistry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<admin::AdminApi> api_;
  std::string csrf_;
};

TEST_F(UiRoutesTest, ThePageIsServedWithAStrictPolicy) {
  auto r = Call("GET", "/ui/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Content-Security-Policy").find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_NE(r.body.find("<script type=\"module\" src=\"/ui/app.js\">"), std::string::npos);
}

TEST_F(UiRoutesTest, AssetsHaveTheirTypeAndRevalidateByEtag) {
  auto r = Call("GET", "/ui/app.js");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  std::string etag = HeaderOf(r, "ETag");
  ASSERT_FALSE(etag.empty());
  auto again = Call("GET", "/ui/app.js", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Call("GET", "/ui/app.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Call("GET", "/ui/missing.js").status, 404);
  auto redirect = Call("GET", "/ui");
  EXPECT_EQ(redirect.status, 308);
  EXPECT_EQ(HeaderOf(redirect, "Location"), "/ui/");
}

TEST_F(UiRoutesTest, SignInSetsAnHttpOnlyStrictCookie) {
  auto r = Call("POST", "/ui/api/sign-in", "token=the-admin-token");
  ASSERT_EQ(r.status, 200);
  std::string cookie = HeaderOf(r, "Set-Cookie");
  EXPECT_EQ(cookie.rfind("salesync_session=", 0), 0u);
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_EQ(cookie.find("the-admin-token"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
}

TEST_F(UiRoutesTest, TheCookieIsSecureOnATlsListener) {
  api_->SetSecureCookies(true);
  auto r = Call("POST", "/ui/api/sign-in", "token=the-admin-token");
  EXPECT_NE(HeaderOf(r, "Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(UiRoutesTest, AWrongTokenIsRefused) {
  auto r = Call("POST", "/ui/api/sign-in", "token=nope");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(HeaderOf(r, "Set-Cookie"), "");
  EXPECT_EQ(Call("POST", "/ui/api/sign-in", "").status, 400);
  EXPECT_EQ(api_->sessions().Count(), 0u);
}

TEST_F(UiRoutesTest, SignInFromAnotherOriginIsRefused) {
  auto r = Call("POST", "/ui/api/sign-in", "token=the-admin-token", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(api_->sessions().Count(), 0u);
}

TEST_F(UiRoutesTest, TheSessionEndpointGivesThePageItsCsrfToken) {
  EXPECT_EQ(Call("GET", "/ui/api/session").status, 401);
  std::string cookie = SignIn();
  auto r = Call("GET", "/ui/api/session", "", {{"Cookie", "salesync_session=" + cookie}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["csrf_token"], csrf_);
}

TEST_F(UiRoutesTest, TheCookieOpensTheJsonApi) {
  std::string cookie = SignIn();
  EXPECT_EQ(Call("GET", "/api/v1/status", "", {{"Cookie", "salesync_session=" + cookie}}).status, 200);
}

TEST_F(UiRoutesTest, SignOutNeedsCsrfAndEndsTheSession) {
  std::string cookie = SignIn();
  EXPECT_EQ(Call("POST", "/ui/api/sign-out", "", {{"Cookie", "salesync_session=" + cookie}}).status, 403);
  auto r = Call("POST", "/ui/api/sign-out", "", {{"Cookie", "salesync_session=" + cookie}, {"X-CSRF-Token", csrf_}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(HeaderOf(r, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/status", "", {{"Cookie", "salesync_session=" + cookie}}).status, 401);
  EXPECT_EQ(Call("GET", "/ui/api/session", "", {{"Cookie", "salesync_session=" + cookie}}).status, 401);
}

}  // namespace
}  // namespace salesync::ui
