// salesyncctl users list|show|enable|disable|delete|transfer-owner and teams list|create|add|remove.
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "ctl/command.h"
#include "ctl/table.h"
#include "net/http_message.h"

namespace salesync::ctl {

namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

std::string Name(const nlohmann::json& u) {
  std::string first = Str(u, "first_name"), last = Str(u, "last_name");
  return first.empty() ? last : last.empty() ? first : first + " " + last;
}

std::string Teams(const nlohmann::json& u) {
  std::string out;
  for (const auto& t : u["teams"]) out += (out.empty() ? "" : ", ") + t.get<std::string>();
  return out;
}

// Splits off --yes; every other --option is a usage error.
bool TakeYes(std::vector<std::string>& args, std::string* bad) {
  bool yes = false;
  std::vector<std::string> rest;
  for (const auto& a : args) {
    if (a == "--yes") yes = true;
    else if (a.size() > 2 && a.compare(0, 2, "--") == 0) *bad = a;
    else rest.push_back(a);
  }
  args = rest;
  return yes;
}

int Finish(CommandContext& ctx, const Result<ApiReply>& reply, const std::string& done, int ok_status = 200) {
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != ok_status) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  if (ctx.options.json) std::printf("%s\n", reply->body.dump(2).c_str());
  else std::printf("%s\n", done.c_str());
  return kExitOk;
}

std::string UserPath(const std::string& email) { return "/api/v1/users/" + net::PercentEncode(email); }

int RunUsersList(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "users list takes no arguments.");
  auto reply = ctx.client->Call("GET", "/api/v1/users");
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != 200) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  const auto& users = reply->body["users"];
  if (ctx.options.json) {
    std::printf("%s\n", users.dump(2).c_str());
    return kExitOk;
  }
  if (users.empty()) {
    std::printf("No users yet. Invite some with: salesyncctl invite add EMAIL, or invite send FILE.csv\n");
    return kExitOk;
  }
  Table t({"E-MAIL", "NAME", "ROLE", "STATE", "OWNER", "TEAMS"});
  for (const auto& u : users) {
    t.AddRow({Str(u, "email"), Name(u), Str(u, "role"), Str(u, "state"), u.value("owner", false) ? "yes" : "",
              Teams(u)});
  }
  t.Print(stdout);
  return kExitOk;
}

int RunUsersShow(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "users show takes one e-mail address.");
  auto reply = ctx.client->Call("GET", UserPath(ctx.args[0]));
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != 200) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  const auto& u = reply->body;
  if (ctx.options.json) {
    std::printf("%s\n", u.dump(2).c_str());
    return kExitOk;
  }
  Table t({"FIELD", "VALUE"});
  t.AddRow({"e-mail", Str(u, "email")});
  t.AddRow({"name", Name(u)});
  t.AddRow({"role", Str(u, "role")});
  t.AddRow({"state", Str(u, "state")});
  t.AddRow({"owner", u.value("owner", false) ? "yes" : "no"});
  t.AddRow({"teams", Teams(u)});
  t.AddRow({"invited at", Str(u, "created_at")});
  t.AddRow({"activated at", Str(u, "activated_at")});
  t.AddRow({"disabled at", Str(u, "disabled_at")});
  t.Print(stdout);
  return kExitOk;
}

int UserAction(CommandContext& ctx, const char* command, const char* method, const std::string& suffix,
               const std::string& done) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, std::string(command) + " takes one e-mail address.");
  return Finish(ctx, ctx.client->Call(method, UserPath(ctx.args[0]) + suffix), done + " " + ctx.args[0] + ".");
}

int RunUsersDisable(CommandContext& ctx) { return UserAction(ctx, "users disable", "POST", "/disable", "Disabled"); }
int RunUsersEnable(CommandContext& ctx) { return UserAction(ctx, "users enable", "POST", "/enable", "Enabled"); }
int RunTransferOwner(CommandContext& ctx) {
  return UserAction(ctx, "users transfer-owner", "POST", "/owner", "The owner is now");
}

int RunUsersDelete(CommandContext& ctx) {
  std::string bad;
  bool yes = TakeYes(ctx.args, &bad);
  if (!bad.empty()) return Fail(kExitUsage, "Unknown option " + bad + ".");
  if (ctx.args.size() != 1) return Fail(kExitUsage, "users delete takes one e-mail address.");
  if (!yes) {
    if (!::isatty(STDIN_FILENO)) {
      return Fail(kExitUsage, "users delete asks for confirmation on a terminal, and standard input is not one; "
                              "pass --yes to delete without asking.");
    }
    std::fprintf(stderr, "Delete %s, its memberships and pending invitation? [y/N] ", ctx.args[0].c_str());
    std::string line;
    if (!std::getline(std::cin, line) || (line != "y" && line != "Y" && line != "yes")) {
      std::printf("Nothing was deleted.\n");
      return kExitFailure;
    }
  }
  return UserAction(ctx, "users delete", "DELETE", "", "Deleted");
}

int RunTeamsList(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "teams list takes no arguments.");
  auto reply = ctx.client->Call("GET", "/api/v1/teams");
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != 200) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  if (ctx.options.json) {
    std::printf("%s\n", reply->body["teams"].dump(2).c_str());
    return kExitOk;
  }
  Table t({"TEAM", "MEMBERS", "CREATED AT"});
  for (const auto& team : reply->body["teams"]) t.AddRow({Str(team, "name"), Str(team, "members"), Str(team, "created_at")});
  t.Print(stdout);
  return kExitOk;
}

int RunTeamsCreate(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "teams create takes one team name (quote it if it has spaces).");
  nlohmann::json body = {{"name", ctx.args[0]}};
  return Finish(ctx, ctx.client->Call("POST", "/api/v1/teams", body.dump()), "Created the team " + ctx.args[0] + ".",
                201);
}

int RunTeamsAdd(CommandContext& ctx) {
  if (ctx.args.size() < 2) return Fail(kExitUsage, "teams add takes a team and at least one e-mail address.");
  std::vector<std::string> emails(ctx.args.begin() + 1, ctx.args.end());
  nlohmann::json body = {{"emails", emails}};
  return Finish(ctx, ctx.client->Call("POST", "/api/v1/teams/" + net::PercentEncode(ctx.args[0]) + "/members", body.dump()),
                "Added " + std::to_string(emails.size()) + (emails.size() == 1 ? " user" : " users") + " to " +
                    ctx.args[0] + ".");
}

int RunTeamsRemove(CommandContext& ctx) {
  if (ctx.args.size() != 2) return Fail(kExitUsage, "teams remove takes a team and one e-mail address.");
  return Finish(ctx,
                ctx.client->Call("DELETE", "/api/v1/teams/" + net::PercentEncode(ctx.args[0]) + "/members/" +
                                               net::PercentEncode(ctx.args[1])),
                "Removed " + ctx.args[1] + " from " + ctx.args[0] + ".");
}

}  // namespace

std::vector<Command> UserCommands() {
  return {
      {{"users", "list"}, "users list [--json]", "List users with their role, state and teams.",
       "The owner is the first user ever invited (see users transfer-owner).", RunUsersList},
      {{"users", "show"}, "users show EMAIL", "Show one user.", "Includes when the user was invited and activated.",
       RunUsersShow},
      {{"users", "disable"}, "users disable EMAIL", "Disable a user.",
       "Refused for the owner while a sync runs under it: hand ownership over first.", RunUsersDisable},
      {{"users", "enable"}, "users enable EMAIL", "Enable a disabled user again.",
       "A user who never accepted the invitation becomes invited again.", RunUsersEnable},
      {{"users", "delete"}, "users delete EMAIL [--yes]", "Delete a user.",
       "Removes the user, its memberships, invitation and queued e-mail. Asks on a terminal; --yes does not.\n"
       "Refused for the owner while a sync runs under it: hand ownership over first.",
       RunUsersDelete},
      {{"users", "transfer-owner"}, "users transfer-owner EMAIL", "Make another user the owner.",
       "The owner is the user syncs run under; it cannot be disabled or deleted while a sync does.",
       RunTransferOwner},
      {{"teams", "list"}, "teams list [--json]", "List teams and their sizes.",
       "\"Everyone\" always exists and every user belongs to it.", RunTeamsList},
      {{"teams", "create"}, "teams create NAME", "Create a team.",
       "Names are unique ignoring case, up to 64 bytes, without '/', ',', ';' or '|'.", RunTeamsCreate},
      {{"teams", "add"}, "teams add TEAM EMAIL...", "Add users to a team.", "Adding a member twice is not an error.",
       RunTeamsAdd},
      {{"teams", "remove"}, "teams remove TEAM EMAIL", "Remove a user from a team.",
       "Nobody leaves \"Everyone\"; disable or delete the user instead.", RunTeamsRemove},
  };
}

}  // namespace salesync::ctl
