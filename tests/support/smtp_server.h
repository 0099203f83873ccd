// SmtpTestServer: runs tests/support/smtp_server.py (Debian's python3-aiosmtpd) on 127.0.0.1 for a test.
//
// Start() launches it with a pipe on stdout and reads the one line with the port, so the server is
// accepting connections when Start() returns; the destructor stops it with SIGTERM. Messages land in
// the folder as NNNNNN.eml and NNNNNN.json (see the script). WaitForMessages() blocks on inotify until
// enough .json files exist, or the deadline (a guard against hangs, not a timing assumption) passes.
// Thread-safety: one test thread owns a server.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

namespace salesync::testing {

class SmtpTestServer {
 public:
  struct Options {
    bool starttls = false;      // offer and require STARTTLS with a generated certificate (cert_path())
    std::string auth;           // "USER:PASS" to require AUTH
    bool keep_raw = true;       // false: only the parsed .json of each message (benchmarks)
  };
  SmtpTestServer(std::string script, std::string dir, Options options);
  ~SmtpTestServer();
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  // Empty on success, else what went wrong (and the script's stderr).
  std::string Start();
  void Stop();

  uint16_t port() const { return port_; }
  std::string url() const;  // smtp://127.0.0.1:PORT
  std::string cert_path() const { return dir_ + "/cert.pem"; }
  const std::string& dir() const { return dir_; }

  // The parsed messages received so far, in order.
  std::vector<nlohmann::json> Messages() const;
  std::string Raw(int index) const;  // 1-based, as in the file names
  // True once at least `count` messages arrived.
  bool WaitForMessages(size_t count, std::chrono::milliseconds deadline) const;

 private:
  std::string script_;
  std::string dir_;
  Options options_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace salesync::testing
