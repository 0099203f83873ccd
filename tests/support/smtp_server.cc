#include "tests/support/smtp_server.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

namespace salesync::testing {

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t CountJson(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") ++n;
  }
  return n;
}

}  // namespace

SmtpTestServer::SmtpTestServer(std::string script, std::string dir, Options options)
    : script_(std::move(script)), dir_(std::move(dir)), options_(std::move(options)) {}

SmtpTestServer::~SmtpTestServer() { Stop(); }

std::string SmtpTestServer::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::string SmtpTestServer::Start() {
  std::filesystem::create_directories(dir_);
  int out[2];
  if (::pipe(out) != 0) return "pipe() failed";
  std::string err_path = dir_ + "/server.stderr";
  std::vector<std::string> argv = {"/usr/bin/python3", script_, "--dir", dir_};
  if (options_.starttls) argv.push_back("--starttls");
  if (!options_.keep_raw) argv.push_back("--quiet-store");
  if (!options_.auth.empty()) {
    argv.push_back("--auth");
    argv.push_back(options_.auth);
  }
  pid_ = ::fork();
  if (pid_ < 0) return "fork() failed";
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    FILE* err = std::fopen(err_path.c_str(), "w");
    if (err != nullptr) ::dup2(fileno(err), STDERR_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  pollfd p{out[0], POLLIN, 0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[64];
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  ::close(out[0]);
  try {
    port_ = static_cast<uint16_t>(std::stoi(line));
  } catch (const std::exception&) {
    Stop();
    return "the SMTP test server did not print its port (is python3-aiosmtpd installed?): " + Slurp(err_path);
  }
  return "";
}

void SmtpTestServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<nlohmann::json> SmtpTestServer::Messages() const {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir_, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> out;
  for (const auto& f : files) out.push_back(nlohmann::json::parse(Slurp(f)));
  return out;
}

std::string SmtpTestServer::Raw(int index) const {
  char name[32];
  std::snprintf(name, sizeof name, "/%06d.eml", index);
  return Slurp(dir_ + name);
}

bool SmtpTestServer::WaitForMessages(size_t count, std::chrono::milliseconds deadline) const {
  int fd = ::inotify_init1(IN_CLOEXEC);
  if (fd < 0) return CountJson(dir_) >= count;
  ::inotify_add_watch(fd, dir_.c_str(), IN_MOVED_TO | IN_CREATE);
  auto end = std::chrono::steady_clock::now() + deadline;
  bool ok = false;
  for (;;) {
    // Checked after the watch exists, so a file that arrives in between is not missed.
    if (CountJson(dir_) >= count) {
      ok = true;
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    (void)::read(fd, buf, sizeof buf);
  }
  ::close(fd);
  return ok;
}

}  // namespace salesync::testing
