// MarketoLimits: the instance-wide call limits, enforced like the service (shared/reference/marketo.md §3).
//
//   - rate: at most `rate_per_20s` admitted calls in any sliding 20 s window        -> 606
//   - concurrency: at most `concurrency` requests in flight (the server's count,   -> 615
//     which includes the request being checked)
//   - daily quota: at most `daily_quota` admitted calls per US Central day          -> 607
// Identity calls never reach Admit(). Rejected calls are not counted against the window or the quota
// (the service says 601/602/604/605/608/611 are not counted; for 606/607/615 themselves it is
// UNCONFIRMED and we do not count them). Checks run in the order 615, 606, 607. Each violation is
// recorded in the effects log. Usage per day (calls and error codes) feeds stats/usage.json.
// Times come from the sandbox clock.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "sandbox/effects_log.h"

namespace salesync::sandbox::marketo {

struct LimitSettings {
  int64_t rate_per_20s = 100;
  int64_t concurrency = 10;
  int64_t daily_quota = 50000;
};

class MarketoLimits {
 public:
  MarketoLimits(LimitSettings settings, EffectsLog* effects) : settings_(settings), effects_(effects) {}

  // "" when the call may run (and is then counted), else "606", "607" or "615".
  std::string Admit(int64_t now_millis, int64_t in_flight, const std::string& user);
  // The error message the service gives for a rejection code.
  std::string Message(const std::string& code) const;

  // Counts an error answered to an admitted call (stats/errors.json).
  void CountError(int64_t now_millis, const std::string& code);

  struct DayUsage {
    int64_t total = 0;
    std::map<std::string, int64_t> by_user;
    std::map<std::string, int64_t> errors;
  };
  // Usage of the Central day `day` (see marketo_time.h).
  DayUsage Usage(int64_t day) const;

  void Reset();
  const LimitSettings& settings() const { return settings_; }

 private:
  LimitSettings settings_;
  EffectsLog* effects_;
  mutable std::mutex mu_;
  std::deque<int64_t> window_;  // admission times within the last 20 s
  std::map<int64_t, DayUsage> days_;
};

}  // namespace salesync::sandbox::marketo
