// Daemon: wires the store, the admin API and the event loop together and runs the process lifecycle.
//
//   start:   resolve the state dir, open and migrate the store, load the admin token, listen,
//            write admin.url, then READY=1.
//   SIGHUP:  RELOADING=1, re-read the config; when it is invalid, log every error and keep running on
//            the old one; READY=1 either way.
//   SIGTERM/SIGINT: STOPPING=1, stop accepting work, let requests in flight finish within
//            daemon.shutdown_timeout_secs, exit 0.
// Signal handlers run on the loop (asio::signal_set), never in signal context.
// Thread-safety: Run() is called once from main; everything else happens on loop threads.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "config/config.h"

namespace salesync::daemon {

struct DaemonFlags {
  std::string config_file;   // empty: defaults only
  std::string state_dir;     // --state-dir
  std::string listen;        // --listen HOST:PORT
  std::string log_level;     // --log-level
};

// Loads the config (or defaults when no file is given) and applies the command-line overrides.
Result<config::Config> LoadEffectiveConfig(const DaemonFlags& flags);

class Daemon {
 public:
  explicit Daemon(DaemonFlags flags);
  ~Daemon();

  // Runs until SIGTERM/SIGINT. Returns the process exit code (0 on a clean stop).
  int Run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace salesync::daemon
