// SandboxClock: the time every emulated provider sees. It runs with the wall clock but can be moved
// forward through the control API (POST /_sandbox/clock {"advance_secs": N}), so tests reach token
// expiry, rate windows and daily quota resets without waiting.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace salesync::sandbox {

class SandboxClock {
 public:
  std::chrono::system_clock::time_point Now() const {
    return std::chrono::system_clock::now() + std::chrono::seconds(offset_secs_.load());
  }
  int64_t NowUnixMillis() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch()).count();
  }
  void Advance(std::chrono::seconds by) { offset_secs_ += by.count(); }
  int64_t offset_secs() const { return offset_secs_.load(); }

 private:
  std::atomic<int64_t> offset_secs_{0};
};

// "2026-11-23T10:00:00Z" (seconds) for a unix time in milliseconds.
std::string FormatIso8601Utc(int64_t unix_millis, bool with_millis = false);

}  // namespace salesync::sandbox
