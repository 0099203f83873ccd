#include "tests/support/sandbox_child.h"

#include "tests/support/process_memory.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace salesync::testing {

SandboxChild::SandboxChild(std::string binary, std::vector<std::string> args, std::string stderr_path)
    : binary_(std::move(binary)), args_(std::move(args)), stderr_path_(std::move(stderr_path)) {}

SandboxChild::~SandboxChild() {
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

bool SandboxChild::Start(std::chrono::milliseconds deadline) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error_ = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  std::vector<std::string> argv_s = {binary_};
  argv_s.insert(argv_s.end(), args_.begin(), args_.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) {
    error_ = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid_ == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  stdout_fd_ = fds[0];
  std::string line;
  auto until = std::chrono::steady_clock::now() + deadline;
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      error_ = "salesync-sandbox printed no JSON line in time";
      return false;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    char buf[4096];
    ssize_t got = ::read(stdout_fd_, buf, sizeof buf);
    if (got <= 0) {
      std::ifstream in(stderr_path_);
      std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      error_ = "salesync-sandbox exited before announcing itself: " + err;
      return false;
    }
    line.append(buf, static_cast<size_t>(got));
  }
  announcement_ = nlohmann::json::parse(line.substr(0, line.find('\n')), nullptr, false);
  if (announcement_.is_discarded()) {
    error_ = "the announcement is not JSON: " + line;
    return false;
  }
  return true;
}

long SandboxChild::PeakRssKib() const { return testing::PeakRssKib(std::to_string(pid_)); }

}  // namespace salesync::testing
