// How the JSON API authenticates browser sessions next to the CLI's bearer token (issue 10).
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "admin/admin_api.h"
#include "admin/cookies.h"
#include "store/store.h"

namespace salesync::admin {
namespace {

using namespace std::chrono_literals;

class SessionAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "/session_auth_test_" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto s = store::Store::Open({dir + "/s.db"});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    api_ = std::make_unique<AdminApi>(store_.get(), &metrics_, SessionOptions{.idle_timeout = 1h, .max_age = 8h},
                                      [this] { return now_; });
    api_->SetToken(Secret("the-admin-token"));
    api_->router().Add("POST", "/api/v1/things", true, [this](const net::HttpRequest&, const PathParams&) {
      ++posts_;
      return net::HttpResponse::Text(201, "made");
    });
    auto session = api_->sessions().Create();
    ASSERT_TRUE(session.ok());
    session_ = std::move(*session);
  }

  net::HttpResponse Call(const std::string& method, const std::string& path, const std::string& cookie,
                         const std::string& csrf = "", const std::string& bearer = "") {
    net::HttpRequest r;
    r.method = method;
    r.path = path;
    if (!cookie.empty()) r.headers["Cookie"] = "theme=dark; " + std::string(kSessionCookie) + "=" + cookie;
    if (!csrf.empty()) r.headers["X-CSRF-Token"] = csrf;
    if (!bearer.empty()) r.headers["Authorization"] = "Bearer " + bearer;
    return api_->Handle(r);
  }
  static std::string Code(const net::HttpResponse& r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

  std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::time_point{} + 100h;
  MetricsRegistry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AdminApi> api_;
  NewSession session_;
  int posts_ = 0;
};

TEST_F(SessionAuthTest, CookieSessionReadsWithoutCsrf) {
  EXPECT_EQ(Call("GET", "/api/v1/status", session_.id.Reveal()).status, 200);
}

TEST_F(SessionAuthTest, CookiePostWithoutCsrfIs403) {
  auto r = Call("POST", "/api/v1/things", session_.id.Reveal());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Code(r), "csrf_failed");
  r = Call("POST", "/api/v1/things", session_.id.Reveal(), "not-the-token");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(posts_, 0);
}

TEST_F(SessionAuthTest, CookiePostWithCsrfIsAllowed) {
  auto r = Call("POST", "/api/v1/things", session_.id.Reveal(), session_.csrf_token.Reveal());
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(posts_, 1);
}

TEST_F(SessionAuthTest, AnotherSessionsCsrfTokenIsRefused) {
  auto other = api_->sessions().Create();
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Call("POST", "/api/v1/things", session_.id.Reveal(), other->csrf_token.Reveal()).status, 403);
}

TEST_F(SessionAuthTest, BearerRequestsNeedNoCsrf) {
  EXPECT_EQ(Call("POST", "/api/v1/things", "", "", "the-admin-token").status, 201);
  EXPECT_EQ(Call("GET", "/api/v1/status", "", "", "the-admin-token").status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/things", "", "", "wrong").status, 401);
}

TEST_F(SessionAuthTest, AWrongBearerIsNotRescuedByACookie) {
  auto r = Call("POST", "/api/v1/things", session_.id.Reveal(), session_.csrf_token.Reveal(), "wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(posts_, 0);
}

TEST_F(SessionAuthTest, ExpiredSessionIs401AndClearsTheCookie) {
  now_ += 2h;  // idle for longer than the idle timeout
  auto r = Call("GET", "/api/v1/status", session_.id.Reveal());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Code(r), "session_expired");
  bool cleared = false;
  for (const auto& [k, v] : r.headers) cleared |= k == "Set-Cookie" && v.find("Max-Age=0") != std::string::npos;
  EXPECT_TRUE(cleared);
  EXPECT_EQ(Call("POST", "/api/v1/things", session_.id.Reveal(), session_.csrf_token.Reveal()).status, 401);
}

TEST_F(SessionAuthTest, UnknownSessionIs401) {
  EXPECT_EQ(Call("GET", "/api/v1/status", std::string(64, 'a')).status, 401);
}

TEST_F(SessionAuthTest, RoutesWithoutAuthIgnoreTheCookie) {
  EXPECT_EQ(Call("GET", "/healthz", "garbage").status, 200);
}

TEST_F(SessionAuthTest, ARouteMayChooseItsOwnCacheControl) {
  api_->router().Add("GET", "/asset", false, [](const net::HttpRequest&, const PathParams&) {
    net::HttpResponse r = net::HttpResponse::Text(200, "x");
    r.headers.push_back({"Cache-Control", "no-cache"});
    return r;
  });
  auto r = Call("GET", "/asset", "");
  int count = 0;
  for (const auto& [k, v] : r.headers) count += k == "Cache-Control";
  EXPECT_EQ(count, 1);
  r = Call("GET", "/healthz", "");
  bool no_store = false;
  for (const auto& [k, v] : r.headers) no_store |= k == "Cache-Control" && v == "no-store";
  EXPECT_TRUE(no_store);
}

}  // namespace
}  // namespace salesync::admin
