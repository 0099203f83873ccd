// ChildProcess: starts a built binary for black-box tests and waits for it without sleeping.
//
// stdout and stderr go to files the test can read afterwards; waiting uses a pidfd with poll(), so a test
// waits exactly as long as the process takes, up to a deadline that only guards against hangs.
// Thread-safety: one test thread owns a ChildProcess.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace salesync::testing {

class ChildProcess {
 public:
  // `env` entries are added to (or replace those of) the current environment; a value of "\x01unset"
  // removes the variable.
  ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env, std::string output_dir);
  ~ChildProcess();

  bool Start();
  pid_t pid() const { return pid_; }
  void Signal(int signo);
  // Exit status (WEXITSTATUS, or 128+signal) once the process ends, nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds deadline);
  bool Running();

  std::string Stdout() const;
  std::string Stderr() const;

 private:
  std::vector<std::string> argv_;
  std::map<std::string, std::string> env_;
  std::string stdout_path_;
  std::string stderr_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// Runs a command to completion and returns its exit code; output files as above.
int RunToCompletion(std::vector<std::string> argv, std::map<std::string, std::string> env,
                    const std::string& output_dir, std::string* out, std::string* err);

// A fresh, empty folder under the test temp dir.
std::string FreshTempDir(const std::string& name);

std::string BinaryPath(const std::string& name);  // path of a built binary, e.g. "daemon/salesyncd"

}  // namespace salesync::testing
