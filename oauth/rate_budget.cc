#include "oauth/rate_budget.h"

#include "base/log.h"

namespace salesync::oauth {

RateLimits DefaultRateLimits(const std::string& type) {
  RateLimits l;
  if (type == "marketo") {
    l.window_calls = 100;
    l.window = std::chrono::seconds(20);
    l.max_in_flight = 10;
  } else if (type == "salesforce") {
    l.max_in_flight = 25;
  }
  return l;
}

RateBudget::RateBudget(MetricsRegistry* metrics, Clock clock) : metrics_(metrics), clock_(std::move(clock)) {
  metrics_->DeclareCounter("salesync_rate_limit_waits_total", "Calls that waited for their connection's rate budget.");
  metrics_->DeclareCounter("salesync_rate_limit_wait_seconds_total", "Seconds calls waited for the rate budget.");
}

RateBudget::Ticket& RateBudget::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = other.budget_;
    connection_ = std::move(other.connection_);
    other.budget_ = nullptr;
  }
  return *this;
}

void RateBudget::Ticket::Release() {
  if (budget_) budget_->Release(connection_);
  budget_ = nullptr;
}

void RateBudget::Configure(const std::string& connection, RateLimits limits) {
  std::lock_guard<std::mutex> lock(mu_);
  StateFor(connection).limits = limits;
  cv_.notify_all();
}

RateBudget::State& RateBudget::StateFor(const std::string& connection) { return states_[connection]; }

Result<RateBudget::Ticket> RateBudget::Acquire(const std::string& connection) {
  std::unique_lock<std::mutex> lock(mu_);
  bool waited = false;
  auto started = clock_();
  for (;;) {
    if (shutdown_) return MakeError(ErrorCode::kTransient, "Shutting down.", connection);
    State& s = StateFor(connection);
    auto now = clock_();
    while (!s.answered.empty() && s.answered.front() + s.limits.window <= now) s.answered.pop_front();

    std::chrono::steady_clock::time_point wake{};  // when the blocking condition may end; {} = on a release
    bool blocked = false;
    if (s.daily_max > 0 && s.daily_used >= static_cast<int64_t>(static_cast<double>(s.daily_max) * (1.0 - s.limits.daily_reserve))) {
      Error e = MakeError(ErrorCode::kRateLimited,
                          "The daily API allowance is used up to the reserve kept for other integrations (" +
                              std::to_string(s.daily_used) + " of " + std::to_string(s.daily_max) + ").",
                          connection);
      e.retry_after = std::chrono::hours(1);
      return e;
    }
    if (now < s.paused_until) {
      blocked = true;
      wake = s.paused_until;
    } else if (s.limits.max_in_flight > 0 && s.in_flight >= s.limits.max_in_flight) {
      blocked = true;
    } else if (s.limits.window_calls > 0 &&
               s.in_flight + static_cast<int64_t>(s.answered.size()) >= s.limits.window_calls) {
      blocked = true;
      if (!s.answered.empty()) wake = s.answered.front() + s.limits.window;
    }
    if (!blocked) {
      ++s.in_flight;
      if (waited) {
        metrics_->AddCounter("salesync_rate_limit_waits_total", {{"connection", connection}});
        metrics_->AddCounter("salesync_rate_limit_wait_seconds_total", {{"connection", connection}},
                             std::chrono::duration<double>(clock_() - started).count());
      }
      Ticket t;
      t.budget_ = this;
      t.connection_ = connection;
      return t;
    }
    waited = true;
    if (wake == std::chrono::steady_clock::time_point{}) {
      cv_.wait(lock);
    } else {
      // The steady clock is injected for tests; the wait itself uses the real one for the same span.
      cv_.wait_for(lock, wake - now);
    }
  }
}

void RateBudget::Release(const std::string& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = StateFor(connection);
  if (s.in_flight > 0) --s.in_flight;
  if (s.limits.window_calls > 0) s.answered.push_back(clock_());
  cv_.notify_all();
}

void RateBudget::ObserveDailyUsage(const std::string& connection, int64_t used, int64_t max) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = StateFor(connection);
  s.daily_used = used;
  s.daily_max = max;
}

void RateBudget::Pause(const std::string& connection, std::chrono::milliseconds duration) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = StateFor(connection);
  auto until = clock_() + duration;
  if (until > s.paused_until) s.paused_until = until;
  LogNotice("Pausing calls to a connection after a rate-limit answer.",
            {{"connection", connection}, {"pause_ms", static_cast<int64_t>(duration.count())}});
}

void RateBudget::Shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutdown_ = true;
  cv_.notify_all();
}

RateBudget::Snapshot RateBudget::Inspect(const std::string& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = StateFor(connection);
  auto now = clock_();
  while (!s.answered.empty() && s.answered.front() + s.limits.window <= now) s.answered.pop_front();
  return {s.in_flight, s.in_flight + static_cast<int64_t>(s.answered.size()), s.daily_used, s.daily_max, s.limits};
}

}  // namespace salesync::oauth
