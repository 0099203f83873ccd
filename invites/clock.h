// Clock: where invites and mail get the time from, so that expiry and backoff are testable without waiting.
// Thread-safety: a Clock must be callable from any thread.
#pragma once

#include <chrono>
#include <functional>

namespace salesync::invites {

using Clock = std::function<std::chrono::system_clock::time_point()>;

inline Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace salesync::invites
