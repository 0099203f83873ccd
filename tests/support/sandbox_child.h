// SandboxChild: runs the built salesync-sandbox binary as a child process and reads the one JSON line it
// prints once listening (from a pipe, waiting with poll() up to a deadline, never sleeping). Used by the
// black-box tests and the sandbox benchmarks.
// Thread-safety: one thread owns a SandboxChild.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

namespace salesync::testing {

class SandboxChild {
 public:
  // `args` follow the binary path; stderr goes to `stderr_path`.
  SandboxChild(std::string binary, std::vector<std::string> args, std::string stderr_path);
  ~SandboxChild();  // SIGTERM, then waits
  SandboxChild(const SandboxChild&) = delete;
  SandboxChild& operator=(const SandboxChild&) = delete;

  // Starts the process and parses its JSON line; false (with error()) on failure or timeout.
  bool Start(std::chrono::milliseconds deadline = std::chrono::seconds(60));
  const nlohmann::json& announcement() const { return announcement_; }
  const std::string& error() const { return error_; }
  pid_t pid() const { return pid_; }
  // Peak resident memory (VmHWM) in KiB, from /proc; -1 when unreadable.
  long PeakRssKib() const;

 private:
  std::string binary_;
  std::vector<std::string> args_;
  std::string stderr_path_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  nlohmann::json announcement_;
  std::string error_;
};

}  // namespace salesync::testing
