#include "oauth/rate_budget.h"
#include "oauth/api_client.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace salesync::oauth {
namespace {

// Read by waiting threads while the test thread moves it: atomic.
class FakeClock {
 public:
  std::chrono::steady_clock::time_point Now() const {
    return std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(ms_.load());
  }
  void Advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_{3600 * 1000};
};

struct Fixture {
  FakeClock clock;
  MetricsRegistry metrics;
  RateBudget budget{&metrics, [this] { return clock.Now(); }};
};

TEST(RateBudgetTest, ASlotIsHeldUntilTheWindowAfterTheAnswer) {
  Fixture f;
  f.budget.Configure("m", {3, std::chrono::seconds(20), 0, 0.1});
  for (int i = 0; i < 3; ++i) {
    auto t = f.budget.Acquire("m");
    ASSERT_TRUE(t.ok());
    f.clock.Advance(std::chrono::seconds(1));
    t->Release();  // answered one second after sending
  }
  EXPECT_EQ(f.budget.Inspect("m").in_window, 3);
  // Answers came at +1, +2 and +3 s; at +20 s the window is still full, at +21 s the first slot frees.
  f.clock.Advance(std::chrono::seconds(17));
  EXPECT_EQ(f.budget.Inspect("m").in_window, 3);
  f.clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(f.budget.Inspect("m").in_window, 2);
}

TEST(RateBudgetTest, AWaiterProceedsWhenTheWindowMovesOn) {
  Fixture f;
  f.budget.Configure("m", {2, std::chrono::seconds(20), 0, 0.1});
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(f.budget.Acquire("m").ok());  // tickets released at once
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto t = f.budget.Acquire("m");
    got = t.ok();
  });
  // The waiter cannot proceed on the fake clock until the window passes; move it and wake the waiter.
  EXPECT_FALSE(got.load());
  f.clock.Advance(std::chrono::seconds(21));
  f.budget.Configure("m", {2, std::chrono::seconds(20), 0, 0.1});  // notifies
  waiter.join();
  EXPECT_TRUE(got.load());
}

TEST(RateBudgetTest, InFlightLimitAdmitsOneMoreOnRelease) {
  Fixture f;
  f.budget.Configure("m", {0, std::chrono::seconds(20), 2, 0.1});
  auto a = f.budget.Acquire("m");
  auto b = f.budget.Acquire("m");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(f.budget.Inspect("m").in_flight, 2);
  std::atomic<bool> got{false};
  std::thread waiter([&] { got = f.budget.Acquire("m").ok(); });
  a->Release();
  waiter.join();
  EXPECT_TRUE(got.load());
}

TEST(RateBudgetTest, ManyThreadsNeverExceedTheInFlightLimit) {
  Fixture f;
  f.budget.Configure("m", {0, std::chrono::seconds(20), 3, 0.1});
  std::atomic<int> now{0}, peak{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 50; ++k) {
        auto t = f.budget.Acquire("m");
        ASSERT_TRUE(t.ok());
        int n = ++now;
        int p = peak.load();
        while (n > p && !peak.compare_exchange_weak(p, n)) {
        }
        --now;
        t->Release();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(peak.load(), 3);
}

TEST(RateBudgetTest, DailyAllowanceStopsAtTheReserve) {
  Fixture f;
  f.budget.Configure("sf", {0, std::chrono::seconds(20), 0, 0.1});
  f.budget.ObserveDailyUsage("sf", 899, 1000);
  EXPECT_TRUE(f.budget.Acquire("sf").ok());
  f.budget.ObserveDailyUsage("sf", 900, 1000);
  auto refused = f.budget.Acquire("sf");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_NE(refused.error().message.find("900 of 1000"), std::string::npos);
}

TEST(RateBudgetTest, PauseBlocksEveryCallerUntilItEnds) {
  Fixture f;
  f.budget.Configure("m", {100, std::chrono::seconds(20), 10, 0.1});
  f.budget.Pause("m", std::chrono::seconds(20));
  std::atomic<bool> got{false};
  std::thread waiter([&] { got = f.budget.Acquire("m").ok(); });
  EXPECT_FALSE(got.load());
  f.clock.Advance(std::chrono::seconds(20));
  f.budget.Configure("m", {100, std::chrono::seconds(20), 10, 0.1});
  waiter.join();
  EXPECT_TRUE(got.load());
}

TEST(RateBudgetTest, ShutdownWakesWaitersWithAnError) {
  Fixture f;
  f.budget.Configure("m", {0, std::chrono::seconds(20), 1, 0.1});
  auto held = f.budget.Acquire("m");
  ASSERT_TRUE(held.ok());
  std::atomic<int> code{-1};
  std::thread waiter([&] {
    auto t = f.budget.Acquire("m");
    code = t.ok() ? 0 : static_cast<int>(t.error().code);
  });
  f.budget.Shutdown();
  waiter.join();
  EXPECT_EQ(code.load(), static_cast<int>(ErrorCode::kTransient));
}

TEST(RateBudgetTest, ParsesSalesforceApiUsage) {
  auto u = ParseApiUsage("api-usage=25/15000");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->first, 25);
  EXPECT_EQ(u->second, 15000);
  EXPECT_FALSE(ParseApiUsage("per-app-api-usage").has_value());
  EXPECT_FALSE(ParseApiUsage("api-usage=x/1").has_value());
  EXPECT_FALSE(ParseApiUsage("api-usage=1/0").has_value());
}

}  // namespace
}  // namespace salesync::oauth
