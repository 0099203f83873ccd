// salesyncctl status: what the daemon is, where its state lives, and how long it has run.
#include <cstdio>

#include "ctl/command.h"

namespace salesync::ctl {

namespace {

std::string HumanDuration(int64_t secs) {
  char buf[64];
  if (secs < 60) std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(secs));
  else if (secs < 3600) std::snprintf(buf, sizeof buf, "%lldm %llds", static_cast<long long>(secs / 60), static_cast<long long>(secs % 60));
  else if (secs < 86400) std::snprintf(buf, sizeof buf, "%lldh %lldm", static_cast<long long>(secs / 3600), static_cast<long long>(secs % 3600 / 60));
  else std::snprintf(buf, sizeof buf, "%lldd %lldh", static_cast<long long>(secs / 86400), static_cast<long long>(secs % 86400 / 3600));
  return buf;
}

int RunStatus(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "status takes no arguments (see salesyncctl status --help).");
  auto reply = ctx.client->Call("GET", "/api/v1/status");
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != 200) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  const auto& b = reply->body;
  if (ctx.options.json) {
    std::printf("%s\n", b.dump(2).c_str());
    return kExitOk;
  }
  std::printf("salesyncd %s (pid %lld), up %s since %s\n", b.value("version", "?").c_str(),
              static_cast<long long>(b.value("pid", 0)), HumanDuration(b.value("uptime_secs", 0)).c_str(),
              b.value("started_at", "?").c_str());
  std::printf("  admin API:   %s\n", b.value("listen_url", ctx.client->url()).c_str());
  std::printf("  config file: %s\n", b.value("config_file", "?").c_str());
  std::printf("  state dir:   %s\n", b.value("state_dir", "?").c_str());
  if (b.contains("store")) {
    const auto& s = b["store"];
    std::printf("  store:       %s (schema %d, %.1f KiB)\n", s.value("path", "?").c_str(), s.value("schema_version", 0),
                static_cast<double>(s.value("size_bytes", int64_t{0})) / 1024.0);
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> StatusCommands() {
  return {{{"status"},
           "status [--json]",
           "Show the daemon's version, uptime, config file and store.",
           "Asks GET /api/v1/status. Exit 0 when the daemon answered, 3 when it is unreachable.",
           RunStatus}};
}

}  // namespace salesync::ctl
