// SystemdNotifier: the sd_notify protocol (Type=notify) and the watchdog.
//
// Every call is a no-op outside systemd (NOTIFY_SOCKET unset), so the same binary runs anywhere. The
// watchdog pings WATCHDOG=1 at half of WATCHDOG_USEC from an EventLoop timer, so a stuck loop stops the
// pings and systemd restarts the daemon.
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <chrono>
#include <string>

#include "net/event_loop.h"

namespace salesync::daemon {

class SystemdNotifier {
 public:
  void Ready(const std::string& status);
  void Reloading(const std::string& status);
  void Stopping(const std::string& status);
  void Status(const std::string& status);

  // Starts pinging when systemd asked for a watchdog; returns the interval (0 when disabled).
  std::chrono::microseconds StartWatchdog(net::EventLoop& loop);

 private:
  void Send(const std::string& state);
  void Ping(net::EventLoop& loop, std::chrono::microseconds interval);
};

}  // namespace salesync::daemon
