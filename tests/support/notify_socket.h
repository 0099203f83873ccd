// NotifySocket: the receiving end of systemd's sd_notify protocol, for tests. Binds an AF_UNIX datagram
// socket at a path; the daemon under test gets it as NOTIFY_SOCKET and sends READY=1, STOPPING=1...
// exactly as it would to systemd.
// Thread-safety: one test thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace salesync::testing {

class NotifySocket {
 public:
  explicit NotifySocket(std::string path);
  ~NotifySocket();
  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  // The next datagram, or nullopt when none arrives before the deadline.
  std::optional<std::string> Receive(std::chrono::milliseconds deadline);
  // Receives new datagrams until one contains `line` (e.g. "READY=1"); all received ones are kept in log().
  bool WaitFor(const std::string& line, std::chrono::milliseconds deadline);
  const std::vector<std::string>& log() const { return log_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> log_;
};

}  // namespace salesync::testing
