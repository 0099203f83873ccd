// salesyncd: parses flags, then hands over to Daemon. See daemon/daemon.h for the lifecycle.
#include <cstdio>
#include <cstring>
#include <getopt.h>
#include <string>

#include "base/log.h"
#include "base/strings.h"
#include "config/config.h"
#include "daemon/daemon.h"

#ifndef SALESYNC_VERSION
#define SALESYNC_VERSION "0.0.0"
#endif

namespace {

constexpr const char* kUsage = R"(Usage: salesyncd [OPTIONS]
       salesyncd --check-config FILE

The salesync integration daemon.

Options:
  --config FILE        configuration file (JSON with comments); default: built-in defaults
  --state-dir DIR      state directory (store, admin token); $STATE_DIRECTORY wins under systemd;
                       default: the config's state_dir, else ./var
  --listen HOST:PORT   admin API address (overrides admin.listen); port 0 picks a free port
  --log-level LEVEL    debug, info, notice, warning or error (overrides log_level)
  --check-config FILE  validate FILE, print every problem with FILE:LINE:COLUMN, exit 0 if valid, 1 if not
  --version            print the version and exit
  --help               print this help and exit

Signals: SIGHUP reloads the configuration (an invalid one is logged and ignored);
SIGTERM or SIGINT stops gracefully.
Exit codes: 0 clean stop or valid config, 1 failure or invalid config, 2 usage error.
)";

int CheckConfig(const std::string& file) {
  std::vector<salesync::config::ConfigError> errors;
  auto r = salesync::config::LoadConfig(file, &errors);
  if (r.ok()) {
    std::printf("%s: the configuration is valid.\n", file.c_str());
    return 0;
  }
  std::fputs(salesync::config::FormatConfigErrors(errors).c_str(), stderr);
  std::fprintf(stderr, "%s: %zu problem%s found.\n", file.c_str(), errors.size(), errors.size() == 1 ? "" : "s");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  salesync::daemon::DaemonFlags flags;
  std::string check_file;
  bool check = false;
  static const option kOptions[] = {
      {"config", required_argument, nullptr, 'c'},   {"state-dir", required_argument, nullptr, 's'},
      {"listen", required_argument, nullptr, 'l'},   {"log-level", required_argument, nullptr, 'L'},
      {"check-config", required_argument, nullptr, 'C'}, {"version", no_argument, nullptr, 'V'},
      {"help", no_argument, nullptr, 'h'},           {nullptr, 0, nullptr, 0}};
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, "", kOptions, nullptr)) != -1) {
    switch (opt) {
      case 'c': flags.config_file = optarg; break;
      case 's': flags.state_dir = optarg; break;
      case 'l': flags.listen = optarg; break;
      case 'L': flags.log_level = optarg; break;
      case 'C': check = true; check_file = optarg; break;
      case 'V': std::printf("salesyncd %s\n", SALESYNC_VERSION); return 0;
      case 'h': std::fputs(kUsage, stdout); return 0;
      default:
        std::fprintf(stderr, "salesyncd: unknown or incomplete option \"%s\".\n\n%s", argv[optind - 1], kUsage);
        return 2;
    }
  }
  if (optind < argc) {
    std::fprintf(stderr, "salesyncd: unexpected argument \"%s\".\n\n%s", argv[optind], kUsage);
    return 2;
  }
  if (check) return CheckConfig(check_file);
  salesync::daemon::Daemon daemon(flags);
  return daemon.Run();
}
