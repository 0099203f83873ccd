#include "tests/support/process.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <poll.h>
#include <sstream>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace salesync::testing {

namespace {
std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}
}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env,
                           std::string output_dir)
    : argv_(std::move(argv)), env_(std::move(env)) {
  std::filesystem::create_directories(output_dir);
  std::string base = std::filesystem::path(argv_[0]).filename().string();
  stdout_path_ = output_dir + "/" + base + ".stdout";
  stderr_path_ = output_dir + "/" + base + ".stderr";
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int st;
    ::waitpid(pid_, &st, 0);
  }
}

bool ChildProcess::Start() {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (auto& [k, v] : env_) {
    if (v == "\x01unset") merged.erase(k);
    else merged[k] = v;
  }
  std::vector<std::string> env_strings;
  for (auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, argvp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  for (auto& s : argv_) argvp.push_back(s.data());
  argvp.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    int out = ::open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(argvp[0], argvp.data(), envp.data());
    std::fprintf(stderr, "exec %s failed: %s\n", argvp[0], std::strerror(errno));
    ::_exit(127);
  }
  return true;
}

void ChildProcess::Signal(int signo) {
  if (pid_ > 0 && !status_) ::kill(pid_, signo);
}

bool ChildProcess::Running() {
  if (status_) return false;
  int st;
  pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    status_ = DecodeStatus(st);
    return false;
  }
  return true;
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds deadline) {
  if (status_) return status_;
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(deadline.count()));
    ::close(pidfd);
    if (r <= 0) return std::nullopt;
  }
  int st;
  pid_t r = ::waitpid(pid_, &st, pidfd >= 0 ? 0 : 0);
  if (r != pid_) return std::nullopt;
  status_ = DecodeStatus(st);
  return status_;
}

std::string ChildProcess::Stdout() const { return Slurp(stdout_path_); }
std::string ChildProcess::Stderr() const { return Slurp(stderr_path_); }

int RunToCompletion(std::vector<std::string> argv, std::map<std::string, std::string> env,
                    const std::string& output_dir, std::string* out, std::string* err) {
  ChildProcess p(std::move(argv), std::move(env), output_dir);
  if (!p.Start()) return -1;
  auto code = p.Wait(std::chrono::minutes(2));
  if (out) *out = p.Stdout();
  if (err) *err = p.Stderr();
  return code.value_or(-1);
}

std::string FreshTempDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "salesync-" + name + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string BinaryPath(const std::string& name) { return std::string(SALESYNC_BINARY_DIR) + "/" + name; }

}  // namespace salesync::testing
