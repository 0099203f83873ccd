#include "ctl/command.h"

#include <cstdio>

namespace salesync::ctl {

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> all = [] {
    std::vector<Command> v;
    for (auto& c : StatusCommands()) v.push_back(c);
    for (auto& c : ConnectionCommands()) v.push_back(c);
    for (auto& c : InviteCommands()) v.push_back(c);
    for (auto& c : UserCommands()) v.push_back(c);
    for (auto& c : SyncCommands()) v.push_back(c);
    for (auto& c : MappingCommands()) v.push_back(c);
    for (auto& c : JourneyCommands()) v.push_back(c);
    return v;
  }();
  return all;
}

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "salesyncctl: %s\n", message.c_str());
  return code;
}

int ReplyOr(const Result<ApiReply>& reply, int ok_status) {
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != ok_status) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  return -1;
}

}  // namespace salesync::ctl
