// ApiUsage: the org's rolling 24-hour API request allowance (DailyApiRequests).
//
// Every REST call under /services/data/vNN.0/ counts (OAuth endpoints and the versions list do not); the
// count is reported on each response as "Sforce-Limit-Info: api-usage=USED/MAX" and by /limits. Once USED
// reaches MAX, calls answer 403 REQUEST_LIMIT_EXCEEDED until old calls leave the window. Calls are kept in
// one-minute buckets on the sandbox clock, so the window slides minute by minute and memory stays bounded.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

namespace salesync::sandbox::salesforce {

class ApiUsage {
 public:
  explicit ApiUsage(int64_t limit) : limit_(limit) {}

  // Counts one call at `now_millis` and returns the usage including it, or -1 when the allowance is
  // used up (the call is then not counted).
  int64_t TryCount(int64_t now_millis);
  int64_t Used(int64_t now_millis);
  int64_t limit() const;
  void set_limit(int64_t limit);
  void Reset();

 private:
  void Expire(int64_t minute);  // REQUIRES: mu_ held

  mutable std::mutex mu_;
  int64_t limit_;
  int64_t used_ = 0;
  std::deque<std::pair<int64_t, int64_t>> buckets_;  // (minute, calls), oldest first
};

}  // namespace salesync::sandbox::salesforce
