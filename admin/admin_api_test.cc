#include "admin/admin_api.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "store/store.h"

namespace salesync::admin {
namespace {

class AdminApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // ctest runs tests in parallel processes: one folder per test and process.
    std::string dir = ::testing::TempDir() + "/admin_api_test_" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto s = store::Store::Open({dir + "/s.db"});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    api_ = std::make_unique<AdminApi>(store_.get(), &metrics_);
    api_->SetToken(Secret("correct-horse-battery-staple"));
    api_->SetStatusInfo({"1.2.3", "/etc/salesync/salesync.json", "/var/lib/salesync", "http://127.0.0.1:1"});
  }

  net::HttpResponse Get(const std::string& path, const std::string& auth = "") {
    net::HttpRequest r;
    r.method = "GET";
    r.path = path;
    if (!auth.empty()) r.headers["Authorization"] = auth;
    return api_->Handle(r);
  }

  MetricsRegistry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AdminApi> api_;
};

TEST_F(AdminApiTest, HealthzNeedsNoToken) { EXPECT_EQ(Get("/healthz").status, 200); }

TEST_F(AdminApiTest, ReadyzFollowsReadiness) {
  EXPECT_EQ(Get("/readyz").status, 503);
  api_->SetReady(true);
  EXPECT_EQ(Get("/readyz").status, 200);
}

TEST_F(AdminApiTest, StatusRequiresTheToken) {
  auto r = Get("/api/v1/status");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "unauthenticated");
  EXPECT_EQ(Get("/api/v1/status", "Bearer wrong-token").status, 401);
  EXPECT_EQ(Get("/api/v1/status", "Basic Y29ycmVjdA==").status, 401);
  EXPECT_EQ(Get("/api/v1/status", "Bearer ").status, 401);
  r = Get("/api/v1/status", "Bearer correct-horse-battery-staple");
  ASSERT_EQ(r.status, 200);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["version"], "1.2.3");
  EXPECT_EQ(body["config_file"], "/etc/salesync/salesync.json");
  EXPECT_EQ(body["store"]["schema_version"], store::Store::LatestSchemaVersion());
  EXPECT_TRUE(body.contains("uptime_secs"));
}

TEST_F(AdminApiTest, MetricsCountRequestsByRouteAndCode) {
  Get("/healthz");
  Get("/nope");
  Get("/api/v1/status");
  auto r = Get("/metrics");
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find(R"(salesync_http_requests_total{route="/healthz",method="GET",code="200"} 1)"),
            std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"(route="unmatched",method="GET",code="404"} 1)"), std::string::npos);
  EXPECT_NE(r.body.find(R"(route="/api/v1/status",method="GET",code="401"} 1)"), std::string::npos);
  EXPECT_NE(r.body.find("salesync_store_size_bytes "), std::string::npos);
}

TEST_F(AdminApiTest, ErrorsAreJson) {
  auto r = Get("/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "not_found");
}

}  // namespace
}  // namespace salesync::admin
