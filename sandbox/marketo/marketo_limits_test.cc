// The instance limits: 606 (sliding 20 s), 615 (in flight), 607 (daily, 00:00 US Central).
#include <gtest/gtest.h>

#include <chrono>

#include "sandbox/marketo/marketo_test_fixture.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {
namespace {

class MarketoLimitsTest : public MarketoFixture {};

TEST_F(MarketoLimitsTest, RateWindowSlides) {
  StartSandbox([](SandboxOptions& o) { o.marketo_rate_per_20s = 3; });
  Token();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Get("/rest/v1/leads/partitions.json")["success"]) << i;
  auto over = Get("/rest/v1/leads/partitions.json");
  EXPECT_EQ(ErrorCode(over), "606");
  EXPECT_EQ(over["errors"][0]["message"], "Max rate limit '3' exceeded with in '20' secs");
  AdvanceClock(10);
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads/partitions.json")), "606");  // still inside the window
  AdvanceClock(11);
  EXPECT_TRUE(Get("/rest/v1/leads/partitions.json")["success"]);
  auto stats = nlohmann::json::parse(Control("GET", "stats").body);
  ASSERT_EQ(stats["limit_violations"].size(), 2u);
  EXPECT_EQ(stats["limit_violations"][0]["limit"], "606 rate");
}

TEST_F(MarketoLimitsTest, DailyQuotaResetsAtMidnightCentral) {
  StartSandbox([](SandboxOptions& o) { o.marketo_daily_quota = 4; });
  Token();
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(Get("/rest/v1/leads/partitions.json")["success"]);
  auto over = Get("/rest/v1/leads/partitions.json");
  EXPECT_EQ(ErrorCode(over), "607");
  EXPECT_EQ(over["errors"][0]["message"], "Daily quota reached");
  // Move to one second after the next Central midnight.
  int64_t now = env_->clock.NowUnixMillis();
  int64_t next_midnight = CentralDayStartMillis(CentralDay(now) + 1);
  AdvanceClock((next_midnight - now) / 1000 + 1);
  // The token lives an hour; fetch a new one if the jump outlived it (identity is not counted).
  token_ = FetchToken()["access_token"];
  EXPECT_TRUE(Get("/rest/v1/leads/partitions.json")["success"]);
  auto usage = Get("/rest/v1/stats/usage.json");
  EXPECT_EQ(usage["result"][0]["total"], 2);  // the call above and this one
}

TEST_F(MarketoLimitsTest, ConcurrencyBeyondTheLimitIs615) {
  StartSandbox([](SandboxOptions& o) { o.marketo_concurrency = 1; });
  Token();
  // Hold one call in flight: the fault answers it 1.5 s late without blocking a server thread.
  ASSERT_EQ(Control("POST", "faults",
                    R"({"match":"GET /rest/v1/leads/describe.json","count":1,"kind":"latency","latency_ms":1500})")
                .status,
            201);
  // The server lowers its in-flight count only once a response is fully written, which can be just
  // after the client has read it: let the calls above drain first.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (env_->effects.InFlight("marketo") > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_EQ(env_->effects.InFlight("marketo"), 0);
  std::string url = base_ + "/rest/v1/leads/describe.json";
  std::string auth = "Bearer " + Token();
  int slow_status = 0;
  std::string slow_body;
  std::thread slow([&] {
    net::HttpClient own;
    net::ClientRequest r{"GET", url};
    r.headers.push_back({"Authorization", auth});
    auto res = own.Send(r);
    if (res.ok()) {
      slow_status = res->status;
      slow_body = res->body;
    }
  });
  // Wait (without sleeping a fixed time) until the slow call has run and is held by its fault.
  auto fault_fired = [&] {
    for (const auto& e : env_->effects.Since(0, "marketo")) {
      if (e.operation == "fault.latency") return true;
    }
    return false;
  };
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!fault_fired() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_TRUE(fault_fired());
  ASSERT_GE(env_->effects.InFlight("marketo"), 1);
  auto rejected = Get("/rest/v1/leads/partitions.json");
  EXPECT_EQ(ErrorCode(rejected), "615");
  EXPECT_EQ(rejected["errors"][0]["message"], "Concurrent access limit reached");
  slow.join();
  EXPECT_EQ(slow_status, 200);
  EXPECT_TRUE(nlohmann::json::parse(slow_body)["success"]);
  EXPECT_TRUE(Get("/rest/v1/leads/partitions.json")["success"]);
  auto stats = nlohmann::json::parse(Control("GET", "stats").body);
  EXPECT_EQ(stats["limit_violations"][0]["limit"], "615 concurrency");
}

TEST_F(MarketoLimitsTest, ErrorsAreCountedForStatsErrors) {
  StartSandbox();
  Get("/rest/v1/leads.json?filterType=firstName&filterValues=Anna");
  Get("/rest/v1/leads.json?filterType=firstName&filterValues=Anna");
  auto errors = Get("/rest/v1/stats/errors.json");
  ASSERT_EQ(errors["result"][0]["errors"].size(), 1u);
  EXPECT_EQ(errors["result"][0]["errors"][0]["errorCode"], "1011");
  EXPECT_EQ(errors["result"][0]["errors"][0]["count"], 2);
  EXPECT_EQ(Get("/rest/v1/stats/usage/last7days.json")["result"].size(), 7u);
}

TEST_F(MarketoLimitsTest, InjectedProviderErrorsUseTheEnvelope) {
  StartSandbox();
  ASSERT_EQ(Control("POST", "faults", R"({"match":"GET /rest/v1/leads/*","count":1,"kind":"provider_error","code":"606"})")
                .status,
            201);
  auto r = Call("GET", "/rest/v1/leads/partitions.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(ErrorCode(nlohmann::json::parse(r.body)), "606");
  ASSERT_EQ(Control("POST", "faults", R"({"match":"* /rest/*","count":1,"kind":"expired_token"})").status, 201);
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads/partitions.json")), "602");
}

}  // namespace
}  // namespace salesync::sandbox::marketo
