// RateBudget: how many calls each connection may have on the wire, enforced before a call leaves.
//
// Every outbound call (sync, describe, previews, journey actions) takes a ticket from its connection's
// budget inside ApiClient::Call, so they all share one budget per connection:
//   - a sliding window: at most `window_calls` in any `window` (Marketo: 100 per 20 s). A call holds its
//     slot from the moment it is sent until `window` after its ANSWER arrives, so the provider — which
//     counts arrivals — never sees window_calls + 1 in any window, whatever the latency;
//   - at most `max_in_flight` at once (Marketo: 10);
//   - a daily allowance reported by the provider (Salesforce `Sforce-Limit-Info: api-usage=used/max`):
//     calls stop at max × (1 − reserve), leaving the reserve to the company's other integrations;
//   - a pause: after a limit error that happened anyway, nobody calls until the provider's window ends.
// Waiting blocks the calling worker on a condition variable (never polls) and ends early, with false, when
// Shutdown() is called.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "base/metrics.h"
#include "base/result.h"

namespace salesync::oauth {

struct RateLimits {
  int64_t window_calls = 0;                     // 0: no sliding window
  std::chrono::milliseconds window{20000};
  int64_t max_in_flight = 0;                    // 0: no concurrency limit
  double daily_reserve = 0.1;                   // share of a reported daily allowance left unused
};

class RateBudget {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit RateBudget(MetricsRegistry* metrics, Clock clock = std::chrono::steady_clock::now);

  void Configure(const std::string& connection, RateLimits limits);

  // Held while a call is on the wire; Release() (or destruction) records when its answer arrived.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept { *this = std::move(other); }
    Ticket& operator=(Ticket&& other) noexcept;
    ~Ticket() { Release(); }
    void Release();

   private:
    friend class RateBudget;
    RateBudget* budget_ = nullptr;
    std::string connection_;
  };

  // Waits until the connection may send one more call. kTransient "Shutting down." after Shutdown();
  // kRateLimited when the daily allowance is spent (the caller pauses that work: waiting a day in a
  // worker helps nobody), with retry_after set.
  Result<Ticket> Acquire(const std::string& connection);

  // What the provider said about the day's usage.
  void ObserveDailyUsage(const std::string& connection, int64_t used, int64_t max);
  // Nobody calls this connection for `duration` (a limit error despite the budget).
  void Pause(const std::string& connection, std::chrono::milliseconds duration);

  void Shutdown();

  struct Snapshot {
    int64_t in_flight = 0;
    int64_t in_window = 0;          // slots taken in the current window (in flight included)
    int64_t daily_used = -1, daily_max = -1;
    RateLimits limits;
  };
  Snapshot Inspect(const std::string& connection);

 private:
  struct State {
    RateLimits limits;
    int64_t in_flight = 0;
    std::deque<std::chrono::steady_clock::time_point> answered;  // answer times still inside the window
    int64_t daily_used = -1, daily_max = -1;
    std::chrono::steady_clock::time_point paused_until{};
  };
  State& StateFor(const std::string& connection);  // mu_ held
  void Release(const std::string& connection);

  MetricsRegistry* metrics_;
  Clock clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, State> states_;
  bool shutdown_ = false;
};

// The default limits of a connection type (Marketo: 100 per 20 s, 10 in flight; Salesforce: 25 in flight).
RateLimits DefaultRateLimits(const std::string& type);

}  // namespace salesync::oauth
