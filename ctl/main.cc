// salesyncctl: the admin CLI, a client of the daemon's admin API. See --help.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ctl/command.h"

namespace salesync::ctl {
namespace {

constexpr const char* kGlobalHelp = R"(Global options (anywhere on the line):
  --url URL          admin API base URL (default: $SALESYNC_URL, else STATE_DIR/admin.url)
  --token-file FILE  file holding the admin token (default: $SALESYNC_TOKEN, else STATE_DIR/admin.token)
  --state-dir DIR    the daemon's state directory (default: $SALESYNC_STATE_DIR, else ./var if it
                     exists, else /var/lib/salesync)
  --json             print machine-readable JSON instead of text
  --help             help for salesyncctl or for one command

Exit codes: 0 ok, 1 the operation failed, 2 usage error, 3 the daemon is unreachable.
)";

void PrintMainHelp() {
  std::printf("Usage: salesyncctl [GLOBAL OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
  for (const auto& c : AllCommands()) std::printf("  %-34s %s\n", c.synopsis.c_str(), c.summary.c_str());
  std::printf("\n%s", kGlobalHelp);
}

void PrintCommandHelp(const Command& c) {
  std::printf("Usage: salesyncctl %s\n\n%s\n\n%s\n\n%s", c.synopsis.c_str(), c.summary.c_str(), c.help.c_str(),
              kGlobalHelp);
}

int Main(int argc, char** argv) {
  CommandContext ctx;
  std::vector<std::string> words;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)name;
      return argv[++i];
    };
    if (a == "--help" || a == "-h") help = true;
    else if (a == "--json") ctx.options.json = true;
    else if (a == "--url" || a == "--token-file" || a == "--state-dir") {
      const char* v = value(a.c_str());
      if (v == nullptr) return Fail(kExitUsage, a + " needs a value.");
      if (a == "--url") ctx.options.url = v;
      else if (a == "--token-file") ctx.options.token_file = v;
      else ctx.options.state_dir = v;
    } else if (a == "--token") {
      return Fail(kExitUsage, "--token is not accepted: a token on the command line is visible to other users. "
                              "Use --token-file FILE or the SALESYNC_TOKEN environment variable.");
    } else {
      words.push_back(a);
    }
  }
  if (words.empty()) {
    PrintMainHelp();
    return help ? kExitOk : kExitUsage;
  }
  if (words[0] == "help") {
    PrintMainHelp();
    return kExitOk;
  }
  // The longest command whose words prefix the line wins ("sync start" before "sync").
  const Command* found = nullptr;
  for (const auto& c : AllCommands()) {
    if (c.words.size() > words.size()) continue;
    if (!std::equal(c.words.begin(), c.words.end(), words.begin())) continue;
    if (found == nullptr || c.words.size() > found->words.size()) found = &c;
  }
  if (found == nullptr) {
    Fail(kExitUsage, "unknown command \"" + words[0] + "\".");
    PrintMainHelp();
    return kExitUsage;
  }
  if (help) {
    PrintCommandHelp(*found);
    return kExitOk;
  }
  ctx.args.assign(words.begin() + static_cast<long>(found->words.size()), words.end());
  CtlClient client(ctx.options);
  if (Status s = client.Resolve(); !s.ok()) {
    return Fail(s.error().code == ErrorCode::kTransient ? kExitUnreachable : kExitFailure, s.error().message);
  }
  ctx.client = &client;
  return found->run(ctx);
}

}  // namespace
}  // namespace salesync::ctl

int main(int argc, char** argv) { return salesync::ctl::Main(argc, argv); }
