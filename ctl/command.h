// Command: one salesyncctl subcommand (or a group such as "sync start"), and the table of all of them.
// Each command file registers its commands in AllCommands() (ctl/command.cc) with one line.
// Thread-safety: single-threaded CLI.
#pragma once

#include <string>
#include <vector>

#include "ctl/ctl_client.h"

namespace salesync::ctl {

struct CommandContext {
  CtlOptions options;
  std::vector<std::string> args;  // what follows the command words
  CtlClient* client = nullptr;    // resolved before run()
};

struct Command {
  std::vector<std::string> words;  // {"status"}, {"sync", "start"}
  std::string synopsis;            // "status [--json]"
  std::string summary;             // one line for the command list
  std::string help;                // the rest of --help
  int (*run)(CommandContext& ctx);
};

const std::vector<Command>& AllCommands();

// Prints `message` to stderr prefixed with "salesyncctl: " and returns `code`.
int Fail(int code, const std::string& message);
// -1 when the admin API answered `ok_status`; otherwise prints why (unreachable: exit 3, an API error: its
// sentence, exit 1) and returns that exit code.
int ReplyOr(const Result<ApiReply>& reply, int ok_status = 200);

// Status command group (ctl/status_command.cc).
std::vector<Command> StatusCommands();
// Connections and vault (ctl/connection_commands.cc).
std::vector<Command> ConnectionCommands();
// Invitations (ctl/invite_commands.cc), users and teams (ctl/user_commands.cc).
std::vector<Command> InviteCommands();
std::vector<Command> UserCommands();
// Syncs and people (ctl/sync_commands.cc).
std::vector<Command> SyncCommands();
// Mappings and their previews (ctl/mapping_commands.cc).
std::vector<Command> MappingCommands();
// Journeys and their jobs (ctl/journey_commands.cc).
std::vector<Command> JourneyCommands();

}  // namespace salesync::ctl
