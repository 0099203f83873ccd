// salesyncctl journey create FILE | edit NAME FILE | show NAME | list [--search T] [--sort status] |
// publish | duplicate | close | abort | delete | simulate NAME | run;  jobs list [--state S] | show | retry | cancel ID
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

#include "base/files.h"
#include "ctl/command.h"
#include "ctl/table.h"
#include "net/http_message.h"

namespace salesync::ctl {

namespace {

std::string Text(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "-";
  if (j[key].is_string()) return j[key].get<std::string>().empty() ? "-" : j[key].get<std::string>();
  return j[key].dump();
}

std::string Path(const std::string& name) { return "/api/v1/journeys/" + net::PercentEncode(name); }

// The flag's value (`--flag VALUE`), removed from args; nullopt when absent. Sets `bad` when no value follows.
std::optional<std::string> TakeFlag(std::vector<std::string>& args, const std::string& flag, bool& bad) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != flag) continue;
    if (i + 1 >= args.size()) {
      bad = true;
      return std::nullopt;
    }
    std::string v = args[i + 1];
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i + 2));
    return v;
  }
  return std::nullopt;
}

bool TakeSwitch(std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == flag) {
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
  }
  return false;
}

// A JSON document from FILE, or stdin for "-".
Result<std::string> ReadDocument(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto r = ReadFile(file);
    if (!r.ok()) return r.error();
    text = *r;
  }
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return MakeError(ErrorCode::kInvalidArgument, file + " is not valid JSON.");
  return j.dump();
}

void PrintJourney(const nlohmann::json& j) {
  std::printf("%s: %s\n", j.value("name", "").c_str(), j.value("status", "").c_str());
  if (!j.value("description", "").empty()) std::printf("  %s\n", j["description"].get<std::string>().c_str());
  std::printf("  created by %s at %s; last updated at %s by %s; published on %s by %s\n", Text(j, "created_by").c_str(),
              Text(j, "created_at").c_str(), Text(j, "last_updated_at").c_str(), Text(j, "last_updated_by").c_str(),
              Text(j, "published_on").c_str(), Text(j, "published_by").c_str());
  if (j.contains("entries")) {
    std::printf("  accounts: %s active, %s finished, %s stopped\n", Text(j["entries"], "active").c_str(),
                Text(j["entries"], "finished").c_str(), Text(j["entries"], "stopped").c_str());
  }
  if (j.contains("document") && j["document"].contains("nodes")) {
    Table t({"NODE", "TYPE", "DETAIL", "NEXT"});
    for (const auto& [id, n] : j["document"]["nodes"].items()) {
      std::string type = n.value("type", "");
      std::string detail, next = n.value("next", "");
      if (type == "action") detail = n.value("scope", "") + " " + n.value("action", "") + " " + n.value("settings", nlohmann::json::object()).dump();
      if (type == "wait") detail = std::to_string(n.value("duration_secs", int64_t{432000})) + "s";
      if (type == "split") {
        detail = n.value("by", "") + " " + n.value("condition", nlohmann::json::object()).dump();
        next = "yes→" + n.value("yes", "") + " no→" + n.value("no", "");
      }
      t.AddRow({id, type, detail, next.empty() ? "-" : next});
    }
    t.Print(stdout, 2);
  }
  if (j.contains("problems")) {
    for (const auto& p : j["problems"]) {
      std::printf("  problem: %s: %s\n", p.value("where", "").c_str(), p.value("message", "").c_str());
    }
  }
}

int PrintOrJson(CommandContext& ctx, const ApiReply& reply, void (*print)(const nlohmann::json&)) {
  if (ctx.options.json) {
    std::printf("%s\n", reply.body.dump(2).c_str());
  } else {
    print(reply.body);
  }
  return kExitOk;
}

int SendDocument(CommandContext& ctx, const std::string& method, const std::string& path, const std::string& file,
                 int ok_status) {
  auto doc = ReadDocument(file);
  if (!doc.ok()) return Fail(kExitUsage, doc.error().message);
  auto reply = ctx.client->Call(method, path, *doc);
  if (int rc = ReplyOr(reply, ok_status); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, PrintJourney);
}

int RunCreate(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "journey create takes one FILE (a JSON document, - for stdin).");
  return SendDocument(ctx, "POST", "/api/v1/journeys", ctx.args[0], 201);
}

int RunEdit(CommandContext& ctx) {
  if (ctx.args.size() != 2) return Fail(kExitUsage, "journey edit takes NAME and FILE.");
  return SendDocument(ctx, "PUT", Path(ctx.args[0]), ctx.args[1], 200);
}

int RunShow(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "journey show takes one NAME.");
  auto reply = ctx.client->Call("GET", Path(ctx.args[0]));
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, PrintJourney);
}

int RunList(CommandContext& ctx) {
  bool bad = false;
  auto search = TakeFlag(ctx.args, "--search", bad);
  auto sort = TakeFlag(ctx.args, "--sort", bad);
  if (bad || !ctx.args.empty()) return Fail(kExitUsage, "journey list [--search TEXT] [--sort status].");
  if (sort && *sort != "status" && *sort != "name") return Fail(kExitUsage, "--sort takes status or name.");
  std::string q = "?search=" + net::PercentEncode(search.value_or("")) + "&sort=" + sort.value_or("");
  auto reply = ctx.client->Call("GET", "/api/v1/journeys" + q);
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& body) {
    Table t({"NAME", "STATUS", "DESCRIPTION", "CREATED BY", "LAST UPDATED AT", "LAST UPDATED BY", "PUBLISHED ON",
             "PUBLISHED BY"});
    for (const auto& j : body["journeys"]) {
      t.AddRow({Text(j, "name"), Text(j, "status"), Text(j, "description"), Text(j, "created_by"),
                Text(j, "last_updated_at"), Text(j, "last_updated_by"), Text(j, "published_on"), Text(j, "published_by")});
    }
    t.Print(stdout, 0);
  });
}

int Transition(CommandContext& ctx, const std::string& verb) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "journey " + verb + " takes one NAME.");
  auto reply = ctx.client->Call("POST", Path(ctx.args[0]) + "/" + verb, "{}");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& j) {
    std::printf("Journey %s is now %s.\n", j.value("name", "").c_str(), j.value("status", "").c_str());
  });
}

int RunPublish(CommandContext& ctx) { return Transition(ctx, "publish"); }
int RunClose(CommandContext& ctx) { return Transition(ctx, "close"); }
int RunAbort(CommandContext& ctx) { return Transition(ctx, "abort"); }

int RunDelete(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "journey delete takes one NAME.");
  auto reply = ctx.client->Call("DELETE", Path(ctx.args[0]));
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& j) {
    std::printf("Journey %s deleted.\n", j.value("deleted", "").c_str());
  });
}

int RunDuplicate(CommandContext& ctx) {
  bool bad = false;
  auto name = TakeFlag(ctx.args, "--name", bad);
  auto description = TakeFlag(ctx.args, "--description", bad);
  bool bare = TakeSwitch(ctx.args, "--without-details");
  if (bad || ctx.args.size() != 1) {
    return Fail(kExitUsage, "journey duplicate NAME [--name NEW] [--description TEXT] [--without-details].");
  }
  nlohmann::json body = {{"type", bare ? "without_details" : "partial"}};
  if (name) body["name"] = *name;
  if (description) body["description"] = *description;
  auto reply = ctx.client->Call("POST", Path(ctx.args[0]) + "/duplicate", body.dump());
  if (int rc = ReplyOr(reply, 201); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& j) {
    std::printf("Journey %s created as a draft.\n", j.value("name", "").c_str());
  });
}

int RunSimulate(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "journey simulate takes one NAME.");
  auto reply = ctx.client->Call("GET", Path(ctx.args[0]) + "/simulate");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& s) {
    std::printf("Dry run of %s over the current store: %s accounts would enter.\n", s.value("journey", "").c_str(),
                Text(s, "accounts").c_str());
    Table t({"NODE", "ACTION", "CONNECTION", "ACCOUNTS", "PEOPLE", "JOBS", "CALLS", "EXECUTES"});
    for (const auto& n : s["nodes"]) {
      t.AddRow({Text(n, "node"), Text(n, "action"), Text(n, "connection"), Text(n, "accounts"), Text(n, "people"),
                Text(n, "jobs"), Text(n, "provider_calls"), n.value("executes", false) ? "yes" : "validated only"});
    }
    t.Print(stdout, 2);
    for (const auto& [name, c] : s["connections"].items()) {
      std::printf("  %s: %s calls", name.c_str(), Text(c, "provider_calls").c_str());
      if (c.contains("window_calls")) {
        std::printf(" = %.0f%% of one %ss window of %s calls (at least %ss)", c["share_of_window"].get<double>() * 100,
                    Text(c, "window_secs").c_str(), Text(c, "window_calls").c_str(), Text(c, "min_secs").c_str());
      }
      if (c.contains("share_of_daily")) std::printf(", %.2f%% of the daily allowance", c["share_of_daily"].get<double>() * 100);
      std::printf("\n");
    }
  });
}

int RunPass(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "journey run takes no arguments.");
  auto reply = ctx.client->Call("POST", "/api/v1/journeys/run", "{}");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& s) {
    const auto& j = s["jobs"];
    std::printf("Scheduler pass: %s accounts entered, %s advanced, %s finished, %s jobs queued; jobs: %s done, %s "
                "retrying, %s dead, %s paused, %s reconciled; %s provider calls.\n",
                Text(s, "entered").c_str(), Text(s, "advanced").c_str(), Text(s, "finished").c_str(),
                Text(s, "jobs_enqueued").c_str(), Text(j, "done").c_str(), Text(j, "retried").c_str(),
                Text(j, "dead").c_str(), Text(j, "paused").c_str(), Text(j, "reconciled").c_str(),
                Text(j, "provider_calls").c_str());
  });
}

void PrintJob(const nlohmann::json& j) {
  std::printf("job %s: %s\n  %s on %s (connection %s), journey %s node %s\n  attempts %s, outcome %s\n",
              Text(j, "id").c_str(), Text(j, "state").c_str(), Text(j, "action").c_str(), Text(j, "subject").c_str(),
              Text(j, "connection").c_str(), Text(j, "journey").c_str(), Text(j, "node").c_str(),
              Text(j, "attempts").c_str(), Text(j, "outcome").c_str());
  if (!j.value("last_error", "").empty()) std::printf("  last error: %s\n", j["last_error"].get<std::string>().c_str());
}

int RunJobsList(CommandContext& ctx) {
  bool bad = false;
  auto state = TakeFlag(ctx.args, "--state", bad);
  if (bad || !ctx.args.empty()) return Fail(kExitUsage, "jobs list [--state S].");
  auto reply = ctx.client->Call("GET", "/api/v1/jobs?state=" + net::PercentEncode(state.value_or("")));
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, [](const nlohmann::json& body) {
    Table t({"ID", "STATE", "ACTION", "CONNECTION", "SUBJECT", "JOURNEY/NODE", "ATTEMPTS", "OUTCOME / ERROR"});
    for (const auto& j : body["jobs"]) {
      std::string detail = j.value("last_error", "").empty() ? Text(j, "outcome") : j.value("last_error", "");
      if (detail.size() > 60) detail = detail.substr(0, 57) + "...";
      t.AddRow({Text(j, "id"), Text(j, "state"), Text(j, "action"), Text(j, "connection"), Text(j, "subject"),
                Text(j, "journey") + "/" + Text(j, "node"), Text(j, "attempts"), detail});
    }
    t.Print(stdout, 0);
  });
}

int JobCall(CommandContext& ctx, const std::string& method, const std::string& suffix, const std::string& verb) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "jobs " + verb + " takes one job ID.");
  auto reply = ctx.client->Call(method, "/api/v1/jobs/" + net::PercentEncode(ctx.args[0]) + suffix, method == "POST" ? "{}" : "");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  return PrintOrJson(ctx, *reply, PrintJob);
}

int RunJobsShow(CommandContext& ctx) { return JobCall(ctx, "GET", "", "show"); }
int RunJobsRetry(CommandContext& ctx) { return JobCall(ctx, "POST", "/retry", "retry"); }
int RunJobsCancel(CommandContext& ctx) { return JobCall(ctx, "POST", "/cancel", "cancel"); }

}  // namespace

std::vector<Command> JourneyCommands() {
  const char* refusals = "A refusal (the journey's status does not allow it) exits 1 with the reason.";
  return {
      {{"journey", "create"}, "journey create FILE [--json]", "Create a draft journey from a JSON document (- reads stdin).",
       "Every problem in the document is reported with the node and the setting it concerns.", RunCreate},
      {{"journey", "edit"}, "journey edit NAME FILE [--json]", "Replace a draft's document.", refusals, RunEdit},
      {{"journey", "show"}, "journey show NAME [--json]", "A journey: status, who and when, nodes, accounts inside.", "",
       RunShow},
      {{"journey", "list"}, "journey list [--search TEXT] [--sort status] [--json]",
       "Journeys: name, status, description, created by, last updated, published.", "", RunList},
      {{"journey", "publish"}, "journey publish NAME", "Publish a draft (checks lists and campaigns live).", refusals,
       RunPublish},
      {{"journey", "duplicate"}, "journey duplicate NAME [--name NEW] [--description TEXT] [--without-details]",
       "Copy a journey as a draft (default name NAME_copy).",
       "Partial content duplication by default; --without-details keeps only nodes and paths, resets every\n"
       "setting and condition and sets every wait to 5 days.",
       RunDuplicate},
      {{"journey", "close"}, "journey close NAME", "Close a live journey to new entries.", refusals, RunClose},
      {{"journey", "abort"}, "journey abort NAME", "Stop every account in the journey at once (no restart).", refusals,
       RunAbort},
      {{"journey", "delete"}, "journey delete NAME", "Delete a draft, aborted or completed journey.", refusals, RunDelete},
      {{"journey", "simulate"}, "journey simulate NAME [--json]",
       "Dry run: accounts and people per action, provider calls and rate budget.", "", RunSimulate},
      {{"journey", "run"}, "journey run [--json]", "Run one scheduler pass now (advance accounts, run due jobs).", "",
       RunPass},
      {{"jobs", "list"}, "jobs list [--state S] [--json]",
       "Journey jobs, newest first (queued, in_flight, reconciling, done, dead, paused, cancelled).", "", RunJobsList},
      {{"jobs", "show"}, "jobs show ID [--json]", "One job: action, subject, attempts, outcome, last error.", "",
       RunJobsShow},
      {{"jobs", "retry"}, "jobs retry ID", "Queue a dead or cancelled job again.", "", RunJobsRetry},
      {{"jobs", "cancel"}, "jobs cancel ID", "Cancel a queued, paused or dead job.", "", RunJobsCancel},
  };
}

}  // namespace salesync::ctl
