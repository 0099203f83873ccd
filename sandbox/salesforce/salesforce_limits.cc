#include "sandbox/salesforce/salesforce_limits.h"

namespace salesync::sandbox::salesforce {

namespace {
constexpr int64_t kWindowMinutes = 24 * 60;
}

void ApiUsage::Expire(int64_t minute) {
  while (!buckets_.empty() && buckets_.front().first <= minute - kWindowMinutes) {
    used_ -= buckets_.front().second;
    buckets_.pop_front();
  }
}

int64_t ApiUsage::TryCount(int64_t now_millis) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t minute = now_millis / 60000;
  Expire(minute);
  if (used_ >= limit_) return -1;
  if (buckets_.empty() || buckets_.back().first != minute) buckets_.emplace_back(minute, 0);
  ++buckets_.back().second;
  return ++used_;
}

int64_t ApiUsage::Used(int64_t now_millis) {
  std::lock_guard<std::mutex> lock(mu_);
  Expire(now_millis / 60000);
  return used_;
}

int64_t ApiUsage::limit() const {
  std::lock_guard<std::mutex> lock(mu_);
  return limit_;
}

void ApiUsage::set_limit(int64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  limit_ = limit;
}

void ApiUsage::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_.clear();
  used_ = 0;
}

}  // namespace salesync::sandbox::salesforce
