#include "daemon/systemd_notifier.h"

#include <systemd/sd-daemon.h>

#include "base/log.h"

namespace salesync::daemon {

void SystemdNotifier::Send(const std::string& state) {
  int rc = sd_notify(0, state.c_str());
  if (rc < 0) LogWarning("sd_notify failed.", {{"errno", -rc}});
}

void SystemdNotifier::Ready(const std::string& status) { Send("READY=1\nSTATUS=" + status); }
void SystemdNotifier::Reloading(const std::string& status) { Send("RELOADING=1\nSTATUS=" + status); }
void SystemdNotifier::Stopping(const std::string& status) { Send("STOPPING=1\nSTATUS=" + status); }
void SystemdNotifier::Status(const std::string& status) { Send("STATUS=" + status); }

std::chrono::microseconds SystemdNotifier::StartWatchdog(net::EventLoop& loop) {
  uint64_t usec = 0;
  // 0: honour WATCHDOG_PID too, so a child process never pings for its parent.
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::chrono::microseconds(0);
  auto interval = std::chrono::microseconds(usec / 2);
  Ping(loop, interval);
  LogInfo("Watchdog enabled.", {{"interval_ms", static_cast<int64_t>(interval.count() / 1000)}});
  return interval;
}

void SystemdNotifier::Ping(net::EventLoop& loop, std::chrono::microseconds interval) {
  Send("WATCHDOG=1");
  loop.RunAfter(std::chrono::duration_cast<std::chrono::milliseconds>(interval),
                [this, &loop, interval] { Ping(loop, interval); });
}

}  // namespace salesync::daemon
