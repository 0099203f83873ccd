// salesyncctl syncs | sync start NAME | sync run NAME [--wait] | sync status NAME [--follow] | people [show EMAIL]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "ctl/command.h"
#include "base/strings.h"
#include "ctl/table.h"

namespace salesync::ctl {

namespace {

std::string Num(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? std::to_string(j[key].get<int64_t>()) : "-";
}

std::string Duration(int64_t secs) {
  if (secs < 120) return std::to_string(secs) + "s";
  if (secs < 7200) return std::to_string(secs / 60) + "m";
  return std::to_string(secs / 3600) + "h" + std::to_string((secs % 3600) / 60) + "m";
}

bool AnyActive(const nlohmann::json& sync) {
  if (sync.value("running", false)) return true;
  for (const auto& [name, s] : sync["streams"].items()) {
    std::string st = s.value("state", "");
    if (st == "running" || st == "waiting") return true;
  }
  return false;
}

void PrintSync(const nlohmann::json& s) {
  std::printf("%s: %s%s", s.value("name", "").c_str(), s.value("started", false) ? "started" : "not started",
              s.value("running", false) ? ", running" : "");
  if (s.contains("next_run_in_secs") && !s.value("running", false)) {
    std::printf(", next run in %s", Duration(s["next_run_in_secs"].get<int64_t>()).c_str());
  }
  std::printf("\n");
  Table t({"STREAM", "STATE", "READ", "STORED", "RATE/S", "CALLS", "TOTAL", "ETA", "LAG", "DETAIL"});
  std::vector<std::string> order = s.value("stream_names", std::vector<std::string>{});
  if (s.contains("push")) order.push_back("push");
  if (s.contains("writeback")) order.push_back("writeback");
  for (const auto& name : order) {
    nlohmann::json p = s["streams"].contains(name) ? s["streams"][name] : nlohmann::json::object();
    t.AddRow({name, p.value("state", "idle"), Num(p, "records_read"), Num(p, "records_stored"), Num(p, "records_per_sec"),
              Num(p, "calls"), Num(p, "total"), p.contains("eta_secs") ? Duration(p["eta_secs"].get<int64_t>()) : "-",
              p.contains("lag_secs") ? Duration(p["lag_secs"].get<int64_t>()) : "-", p.value("detail", "")});
  }
  t.Print(stdout, 2);
  for (const auto& name : order) {
    if (s["streams"].contains(name) && s["streams"][name].contains("last_error")) {
      std::printf("  %s: last error: %s\n", name.c_str(), s["streams"][name]["last_error"].get<std::string>().c_str());
    }
  }
  if (s.contains("budget")) {
    const auto& b = s["budget"];
    std::printf("  budget of %s: %s in flight", s.value("connection", "").c_str(), Num(b, "in_flight").c_str());
    if (b.value("window_calls", 0) > 0) {
      std::printf(", %s of %s calls in the last %ss", Num(b, "in_window").c_str(), Num(b, "window_calls").c_str(),
                  Num(b, "window_secs").c_str());
    }
    if (b.contains("daily_max")) std::printf(", %s of %s calls today", Num(b, "daily_used").c_str(), Num(b, "daily_max").c_str());
    std::printf("\n");
  }
  if (s.contains("push")) {
    const auto& p = s["push"];
    std::string to = p.contains("target") ? " to " + p["target"].value("connection", "") + " " + p["target"].value("object", "") : "";
    std::printf("  push of mapping %s%s: %s pending, %s done, %s rejected, %s failed\n", p.value("mapping", "").c_str(),
                to.c_str(), Num(p, "pending").c_str(), Num(p, "done").c_str(), Num(p, "rejected").c_str(),
                Num(p, "failed").c_str());
    for (const char* key : {"last_rejections", "last_failures"}) {
      if (!p.contains(key)) continue;
      for (const auto& r : p[key]) {
        std::printf("    %s %s: %s\n", std::string(key) == "last_rejections" ? "rejected" : "failed",
                    r.value("id", "").c_str(), r.value("reason", "").c_str());
      }
    }
  }
  if (s.contains("writeback")) {
    const auto& w = s["writeback"];
    std::printf("  write-back to %s %s: %s pending, %s waiting for a target record, %s done, %s failed\n",
                w.value("connection", "").c_str(), w.value("object", "").c_str(), Num(w, "pending").c_str(),
                Num(w, "waiting_for_target").c_str(), Num(w, "done").c_str(), Num(w, "failed").c_str());
  }
}

int RunSyncs(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "syncs takes no arguments.");
  auto reply = ctx.client->Call("GET", "/api/v1/syncs");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) {
    std::printf("%s\n", reply->body["syncs"].dump(2).c_str());
    return kExitOk;
  }
  if (reply->body["syncs"].empty()) std::printf("No syncs are configured (see \"syncs\" in the configuration).\n");
  for (const auto& s : reply->body["syncs"]) PrintSync(s);
  return kExitOk;
}

// Shows the status, once or until no stream is running (--follow).
int FollowStatus(CommandContext& ctx, const std::string& name, bool follow) {
  bool tty = ::isatty(STDOUT_FILENO);
  for (;;) {
    auto reply = ctx.client->Call("GET", "/api/v1/syncs/" + name);
    if (int rc = ReplyOr(reply); rc >= 0) return rc;
    bool active = AnyActive(reply->body);
    if (ctx.options.json) {
      if (!follow || !active) {
        std::printf("%s\n", reply->body.dump(2).c_str());
        return kExitOk;
      }
    } else if (!follow || !active || tty) {
      if (follow && tty) std::printf("\033[H\033[2J");
      PrintSync(reply->body);
      std::fflush(stdout);
    }
    if (!follow || !active) {
      for (const auto& [stream, s] : reply->body["streams"].items()) {
        if (s.value("state", "") == "failed") return kExitFailure;
      }
      return kExitOk;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// Waits until the daemon has finished a run after the one counted in `before`, showing progress on a
// terminal, then prints the final status. Exit 1 when a stream failed or paused.
int WaitForRun(CommandContext& ctx, const std::string& name, int64_t before) {
  bool tty = ::isatty(STDOUT_FILENO) && !ctx.options.json;
  for (;;) {
    auto reply = ctx.client->Call("GET", "/api/v1/syncs/" + name);
    if (int rc = ReplyOr(reply); rc >= 0) return rc;
    if (reply->body.value("runs_completed", int64_t{0}) > before) {
      if (tty) std::printf("\033[H\033[2J");
      if (ctx.options.json) std::printf("%s\n", reply->body.dump(2).c_str());
      else PrintSync(reply->body);
      for (const auto& [stream, st] : reply->body["streams"].items()) {
        std::string state = st.value("state", "");
        if (state == "failed" || state == "paused") return kExitFailure;
      }
      return kExitOk;
    }
    if (tty) {
      std::printf("\033[H\033[2J");
      PrintSync(reply->body);
      std::fflush(stdout);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(tty ? 1000 : 250));
  }
}

int RunStatus(CommandContext& ctx) {
  bool follow = false;
  std::vector<std::string> rest;
  for (const auto& a : ctx.args) {
    if (a == "--follow" || a == "-f") follow = true;
    else rest.push_back(a);
  }
  if (rest.size() != 1) return Fail(kExitUsage, "sync status takes one sync name (see salesyncctl syncs).");
  return FollowStatus(ctx, rest[0], follow);
}

// For a sync that applies a mapping: shows the preview of the mapping's current version and asks the admin
// to accept it (--yes accepts in scripts). Returns the accepted version, or an exit code.
Result<std::string> AcceptMappingPreview(CommandContext& ctx, const std::string& sync, const std::string& mapping, bool yes) {
  auto preview = ctx.client->Call("GET", "/api/v1/mappings/" + mapping + "/preview?limit=5");
  if (!preview.ok()) return preview.error();
  if (preview->status != 200) return MakeError(ErrorCode::kConflict, ReplyErrorMessage(*preview));
  std::string version = preview->body.value("version", "");
  if (!ctx.options.json) {
    auto text = ctx.client->Call("GET", "/api/v1/mappings/" + mapping + "/preview?limit=5&format=text&width=120");
    if (text.ok() && text->status == 200 && text->body.is_string()) std::printf("%s\n", text->body.get<std::string>().c_str());
  }
  if (preview->body.value("status", "") == "error") {
    return MakeError(ErrorCode::kConflict, "The mapping " + mapping + " has errors (above); fix them before starting " + sync + ".");
  }
  if (yes) return version;
  if (!::isatty(STDIN_FILENO)) {
    return MakeError(ErrorCode::kInvalidArgument, "Starting " + sync + " accepts the preview of mapping " + mapping +
                                                      "; add --yes to accept it without a prompt.");
  }
  std::printf("Start %s with mapping %s version %s? [y/N] ", sync.c_str(), mapping.c_str(), version.substr(0, 12).c_str());
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "y" && answer != "Y" && answer != "yes") return MakeError(ErrorCode::kConflict, "Not started.");
  return version;
}

int RunStart(CommandContext& ctx) {
  bool wait = false, yes = false;
  std::vector<std::string> rest;
  for (const auto& a : ctx.args) {
    if (a == "--wait") wait = true;
    else if (a == "--yes") yes = true;
    else rest.push_back(a);
  }
  if (rest.size() != 1) return Fail(kExitUsage, "sync start takes one sync name.");
  auto sync = ctx.client->Call("GET", "/api/v1/syncs/" + rest[0]);
  if (int rc = ReplyOr(sync); rc >= 0) return rc;
  nlohmann::json body = nlohmann::json::object();
  if (sync->body.contains("mapping")) {
    auto accepted = AcceptMappingPreview(ctx, rest[0], sync->body["mapping"].get<std::string>(), yes);
    if (!accepted.ok()) {
      if (accepted.error().code == ErrorCode::kTransient) return Fail(kExitUnreachable, accepted.error().message);
      return Fail(accepted.error().code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure, accepted.error().message);
    }
    body["accepted_version"] = *accepted;
  }
  auto reply = ctx.client->Call("POST", "/api/v1/syncs/" + rest[0] + "/start", body.dump());
  if (int rc = ReplyOr(reply, 202); rc >= 0) return rc;
  if (!ctx.options.json) std::printf("%s\n", reply->body.value("message", "").c_str());
  return wait ? WaitForRun(ctx, rest[0], reply->body.value("runs_completed", int64_t{0})) : kExitOk;
}

int RunRun(CommandContext& ctx) {
  bool wait = false;
  std::vector<std::string> rest;
  for (const auto& a : ctx.args) {
    if (a == "--wait") wait = true;
    else rest.push_back(a);
  }
  if (rest.size() != 1) return Fail(kExitUsage, "sync run takes one sync name.");
  auto reply = ctx.client->Call("POST", "/api/v1/syncs/" + rest[0] + "/run");
  if (int rc = ReplyOr(reply, 202); rc >= 0) return rc;
  if (!wait) {
    if (!ctx.options.json) std::printf("%s\n", reply->body.value("message", "").c_str());
    return kExitOk;
  }
  return WaitForRun(ctx, rest[0], reply->body.value("runs_completed", int64_t{0}));
}

std::string Time(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return "-";
  return FormatUtcSeconds(j[key].get<int64_t>());
}

int RunPeopleShow(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "people show takes one e-mail address.");
  auto reply = ctx.client->Call("GET", "/api/v1/people/" + ctx.args[0]);
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) {
    std::printf("%s\n", reply->body["people"].dump(2).c_str());
    return kExitOk;
  }
  const auto& people = reply->body["people"];
  if (people.size() > 1) std::printf("%zu people share this e-mail (see the conflicts below).\n", people.size());
  for (const auto& p : people) {
    std::printf("Person %lld: %s %s <%s>  %s%s%s\n", static_cast<long long>(p["id"].get<int64_t>()),
                p.value("first_name", "").c_str(), p.value("last_name", "").c_str(), p.value("email", "").c_str(),
                p.value("title", "").c_str(), p.value("title", "").empty() || p.value("company", "").empty() ? "" : ", ",
                p.value("company", "").c_str());
    Table records({"CONNECTION", "OBJECT", "ID", "E-MAIL", "MODIFIED", "STATE"});
    for (const auto& r : p["records"]) {
      std::string state = r.contains("deleted_ms") ? "deleted " + Time(r, "deleted_ms") : "live";
      if (r.contains("links_to")) state += ", names " + r["links_to"].get<std::string>();
      records.AddRow({r.value("connection", ""), r.value("object", ""), r.value("id", ""), r.value("email", ""),
                      Time(r, "modified_ms"), state});
    }
    records.Print(stdout, 2);
    for (const auto& c : p["conflicts"]) {
      std::printf("  conflict (%s): %s %s %s: %s\n", c.value("kind", "").c_str(), c.value("connection", "").c_str(),
                  c.value("object", "").c_str(), c.value("id", "").c_str(), c.value("detail", "").c_str());
    }
    if (!p["activities"].empty()) {
      std::printf("  Recent activities:\n");
      Table acts({"WHEN", "CONNECTION", "TYPE", "SUMMARY", "WRITTEN BACK"});
      for (const auto& a : p["activities"]) {
        acts.AddRow({Time(a, "occurred_ms"), a.value("connection", ""), a.value("type", ""), a.value("summary", ""),
                     a.value("writebacks", "-")});
      }
      acts.Print(stdout, 2);
    }
  }
  return kExitOk;
}

int RunPeople(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "people takes no arguments (people show EMAIL for one person).");
  auto reply = ctx.client->Call("GET", "/api/v1/people");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) {
    std::printf("%s\n", reply->body.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s people, %s activities, %s identity conflicts\n", Num(reply->body, "people").c_str(),
              Num(reply->body, "activities").c_str(), Num(reply->body, "conflicts").c_str());
  Table t({"CONNECTION/OBJECT", "LIVE", "DELETED"});
  for (const auto& [key, v] : reply->body["records"].items()) t.AddRow({key, Num(v, "live"), Num(v, "deleted")});
  t.Print(stdout, 2);
  if (!reply->body.value("linked_examples", nlohmann::json::array()).empty()) {
    std::printf("People known to several systems, for example: ");
    bool first = true;
    for (const auto& e : reply->body["linked_examples"]) {
      std::printf("%s%s", first ? "" : ", ", e.get<std::string>().c_str());
      first = false;
    }
    std::printf("\n");
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> SyncCommands() {
  return {
      {{"syncs"}, "syncs [--json]", "List the configured syncs with each stream's progress.", "", RunSyncs},
      {{"sync", "start"}, "sync start NAME [--wait] [--yes]", "Start NAME: run it now, then on its schedule.",
       "A sync does nothing until it is started; starting is remembered across restarts.\n"
       "A sync with a mapping first shows the preview of the mapping's current version and asks to accept it\n"
       "(--yes accepts in scripts); when the mapping changes later, runs stop until its new preview is accepted.\n"
       "--wait follows the first run until it ends (exit 1 if a stream failed or paused).",
       RunStart},
      {{"sync", "run"}, "sync run NAME [--wait]", "Run NAME now.", "--wait follows the run until it ends.", RunRun},
      {{"sync", "status"}, "sync status NAME [--follow] [--json]", "Progress of each stream of NAME.",
       "Per stream: state, records read and stored this run, rate, calls, total and ETA when known, lag behind\n"
       "the newest record, and the last error in plain words; then the connection's rate budget and the\n"
       "write-back queue. --follow refreshes every second until no stream is running.",
       RunStatus},
      {{"people"}, "people [--json]", "How many people, records and activities the store holds.", "", RunPeople},
      {{"people", "show"}, "people show EMAIL [--json]", "One person: linked records, conflicts, recent activities.",
       "Records of every connection linked to the person, tombstones of deleted ones, identity conflicts\n"
       "salesync refused to resolve silently, and recent activities with where they were written back.",
       RunPeopleShow},
  };
}

}  // namespace salesync::ctl
