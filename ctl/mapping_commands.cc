// salesyncctl mappings | mapping preview NAME [--limit N] [--refresh]
#include <cstdio>
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ctl/command.h"

namespace salesync::ctl {

namespace {

size_t TerminalWidth() {
  winsize ws{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    long n = std::atol(c);
    if (n >= 40) return static_cast<size_t>(n);
  }
  return 120;
}

int RunMappings(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "mappings takes no arguments.");
  auto reply = ctx.client->Call("GET", "/api/v1/mappings");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) {
    std::printf("%s\n", reply->body["mappings"].dump(2).c_str());
    return kExitOk;
  }
  if (reply->body["mappings"].empty()) std::printf("No mappings are configured (see \"mappings\" in the configuration).\n");
  for (const auto& m : reply->body["mappings"]) {
    std::printf("%-32s %s -> %s, %lld rows, version %s\n", m.value("name", "").c_str(), m.value("source", "").c_str(),
                m.value("target", "").c_str(), static_cast<long long>(m.value("fields", int64_t{0})),
                m.value("version", "").substr(0, 12).c_str());
  }
  return kExitOk;
}

int RunPreview(CommandContext& ctx) {
  std::string limit = "20";
  bool refresh = false;
  std::vector<std::string> rest;
  for (size_t i = 0; i < ctx.args.size(); ++i) {
    if (ctx.args[i] == "--limit" && i + 1 < ctx.args.size()) limit = ctx.args[++i];
    else if (ctx.args[i] == "--refresh") refresh = true;
    else rest.push_back(ctx.args[i]);
  }
  if (rest.size() != 1) return Fail(kExitUsage, "mapping preview takes one mapping name (see salesyncctl mappings).");
  if (limit.empty() || limit.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(kExitUsage, "--limit takes a number of sample records (1 to 200).");
  }
  std::string path = "/api/v1/mappings/" + rest[0] + "/preview?limit=" + limit + (refresh ? "&refresh=1" : "");
  if (ctx.options.json) {
    auto reply = ctx.client->Call("GET", path);
    if (int rc = ReplyOr(reply); rc >= 0) return rc;
    std::printf("%s\n", reply->body.dump(2).c_str());
    return reply->body.value("status", "") == "error" ? kExitFailure : kExitOk;
  }
  auto text = ctx.client->Call("GET", path + "&format=text&width=" + std::to_string(TerminalWidth()));
  if (int rc = ReplyOr(text); rc >= 0) return rc;
  std::string out = text->body.is_string() ? text->body.get<std::string>() : text->body.dump(2);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!out.empty() && out.back() != '\n') std::printf("\n");
  return kExitOk;
}

}  // namespace

std::vector<Command> MappingCommands() {
  return {
      {{"mappings"}, "mappings [--json]", "List the configured mappings with their versions.", "", RunMappings},
      {{"mapping", "preview"}, "mapping preview NAME [--limit N] [--refresh] [--json]",
       "What NAME would write: field table, sample records, summary.",
       "Validates every row against the live describe of both systems (cached 10 minutes; --refresh reads it\n"
       "again) and maps the first N source records (default 20): each cell shows the source value, the value\n"
       "that would be written, and whether it would be changed or rejected and why. Exit 1 when the mapping\n"
       "has errors (with --json).",
       RunPreview},
  };
}

}  // namespace salesync::ctl
