// salesyncctl invite add | preview | send | outbox: invitations from the command line.
#include <cstdio>
#include <iostream>
#include <map>
#include <unistd.h>

#include "base/files.h"
#include "ctl/command.h"
#include "ctl/table.h"
#include "invites/report_csv.h"
#include "net/http_message.h"

namespace salesync::ctl {

namespace {

// Positional arguments and --flags; flags listed in `with_value` take the next argument (repeatable).
struct Args {
  std::vector<std::string> positional;
  std::multimap<std::string, std::string> values;
  std::vector<std::string> switches;
  bool Has(const std::string& s) const { return std::find(switches.begin(), switches.end(), s) != switches.end(); }
  std::vector<std::string> All(const std::string& key) const {
    std::vector<std::string> out;
    for (auto [it, end] = values.equal_range(key); it != end; ++it) out.push_back(it->second);
    return out;
  }
};

Result<Args> ParseArgs(const std::vector<std::string>& raw, const std::vector<std::string>& with_value,
                       const std::vector<std::string>& switches) {
  Args a;
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string& s = raw[i];
    if (s.size() > 2 && s.compare(0, 2, "--") == 0) {
      std::string name = s.substr(2);
      std::string value;
      bool inline_value = false;
      if (size_t eq = name.find('='); eq != std::string::npos && name.compare(0, 3, "map") != 0) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inline_value = true;
      }
      if (std::find(with_value.begin(), with_value.end(), name) != with_value.end()) {
        if (!inline_value) {
          if (i + 1 >= raw.size()) return MakeError(ErrorCode::kInvalidArgument, s + " needs a value.");
          value = raw[++i];
        }
        a.values.emplace(name, value);
      } else if (std::find(switches.begin(), switches.end(), name) != switches.end()) {
        a.switches.push_back(name);
      } else if (name.compare(0, 4, "map=") == 0 &&
                 std::find(with_value.begin(), with_value.end(), "map") != with_value.end()) {
        a.values.emplace("map", name.substr(4));
      } else {
        return MakeError(ErrorCode::kInvalidArgument, "Unknown option " + s + ".");
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::string Query(const Args& a) {
  std::string q;
  auto add = [&](const std::string& k, const std::string& v) { q += (q.empty() ? "?" : "&") + k + "=" + net::PercentEncode(v); };
  for (const auto& m : a.All("map")) add("map", m);
  for (const auto& t : a.All("team")) add("team", t);
  for (const auto& r : a.All("role")) add("role", r);
  if (a.Has("resend")) add("resend", "1");
  return q;
}

std::string Str(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return "";
  if (j[key].is_string()) return j[key].get<std::string>();
  if (j[key].is_null()) return "";
  return j[key].dump();
}

std::string Join(const nlohmann::json& list) {
  std::string out;
  for (const auto& v : list) out += (out.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

int CallFailed(const Result<ApiReply>& reply, int ok_status = 200) {
  if (!reply.ok()) return Fail(kExitUnreachable, reply.error().message);
  if (reply->status != ok_status) return Fail(kExitFailure, ReplyErrorMessage(*reply));
  return -1;
}

void PrintPreview(const std::string& file, const nlohmann::json& p) {
  std::printf("File:      %s (%s, delimiter \"%s\", %lld data row%s)\n", file.c_str(), Str(p, "encoding").c_str(),
              Str(p, "delimiter").c_str(), static_cast<long long>(p.value("data_rows", 0)),
              p.value("data_rows", 0) == 1 ? "" : "s");
  std::printf("\nColumns:\n");
  Table mapping({"#", "HEADER", "FIELD", "HOW", "NOTE"});
  for (const auto& m : p["mapping"]) {
    mapping.AddRow({Str(m, "column"), Str(m, "header"), Str(m, "label"), Str(m, "source"), Str(m, "note")});
  }
  mapping.Print(stdout, 2);
  const auto& sample = p["sample"];
  std::printf("\nRows as they will be imported (%s):\n",
              sample.empty() ? "none" : ("first " + std::to_string(sample.size())).c_str());
  if (!sample.empty()) {
    Table rows({"ROW", "E-MAIL", "FIRST NAME", "LAST NAME", "ROLE", "TEAMS", "ACTION"});
    for (const auto& r : sample) {
      rows.AddRow({Str(r, "row"), Str(r, "email"), Str(r, "first_name"), Str(r, "last_name"), Str(r, "role"),
                   Join(r["teams"]), Str(r, "action")});
    }
    rows.Print(stdout, 2);
  }
  const auto& problems = p["problems"];
  int64_t unlisted = p.value("problems_not_listed", int64_t{0});
  std::printf("\nProblems (%lld):\n", static_cast<long long>(problems.size() + static_cast<size_t>(unlisted)));
  if (problems.empty()) {
    std::printf("  none\n");
  } else {
    Table t({"ROW", "PROBLEM", "DETAILS"});
    for (const auto& pr : problems) t.AddRow({Str(pr, "row"), Str(pr, "kind"), Str(pr, "message")});
    t.Print(stdout, 2);
    if (unlisted > 0) std::printf("  ... and %lld more not listed.\n", static_cast<long long>(unlisted));
  }
  std::printf("\nSummary:   %lld row%s will be invited, %lld skipped.\n",
              static_cast<long long>(p.value("importable_rows", 0)), p.value("importable_rows", 0) == 1 ? "" : "s",
              static_cast<long long>(p.value("skipped_rows", 0)));
}

void PrintReport(const nlohmann::json& r) {
  const auto& entries = r["entries"];
  if (!entries.empty()) {
    Table t({"ROW", "E-MAIL", "OUTCOME", "REASON"});
    for (const auto& e : entries) {
      std::string outcome = Str(e, "outcome");
      if (e.value("owner", false)) outcome += " (owner)";
      t.AddRow({Str(e, "row"), Str(e, "email"), outcome, Str(e, "reason")});
    }
    t.Print(stdout);
    int64_t unlisted = r.value("entries_not_listed", int64_t{0});
    if (unlisted > 0) std::printf("... and %lld more not listed.\n", static_cast<long long>(unlisted));
  }
  std::printf("%s\n", Str(r, "confirmation").c_str());
}

bool Confirm(const std::string& question) {
  std::fprintf(stderr, "%s [y/N] ", question.c_str());
  std::string line;
  if (!std::getline(std::cin, line)) return false;
  return line == "y" || line == "Y" || line == "yes";
}

Status WriteText(const std::string& path, const std::string& text) { return WriteFileAtomic(path, text, 0644); }

int RunAdd(CommandContext& ctx) {
  auto a = ParseArgs(ctx.args, {"team", "role"}, {"resend"});
  if (!a.ok()) return Fail(kExitUsage, a.error().message);
  if (a->positional.empty()) return Fail(kExitUsage, "invite add needs at least one e-mail address.");
  nlohmann::json body = {{"emails", a->positional}, {"teams", a->All("team")}, {"resend", a->Has("resend")}};
  if (auto roles = a->All("role"); !roles.empty()) body["role"] = roles.back();
  auto reply = ctx.client->Call("POST", "/api/v1/invites/emails", body.dump());
  if (int rc = CallFailed(reply); rc >= 0) return rc;
  if (ctx.options.json) {
    std::printf("%s\n", reply->body.dump(2).c_str());
  } else {
    PrintReport(reply->body);
  }
  return reply->body.value("failed", 0) > 0 ? kExitFailure : kExitOk;
}

Result<std::string> ReadCsv(const Args& a, const char* command) {
  if (a.positional.size() != 1) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(command) + " takes exactly one CSV file.");
  }
  auto csv = ReadFile(a.positional[0]);
  if (!csv.ok()) return MakeError(ErrorCode::kNotFound, "Cannot read " + a.positional[0] + ": " + csv.error().message);
  if (csv->empty()) return MakeError(ErrorCode::kInvalidArgument, a.positional[0] + " is empty.");
  return csv;
}

int RunPreview(CommandContext& ctx) {
  auto a = ParseArgs(ctx.args, {"map", "team", "role", "problems-csv"}, {"resend"});
  if (!a.ok()) return Fail(kExitUsage, a.error().message);
  auto csv = ReadCsv(*a, "invite preview");
  if (!csv.ok()) return Fail(csv.error().code == ErrorCode::kNotFound ? kExitFailure : kExitUsage, csv.error().message);
  auto reply = ctx.client->Call("POST", "/api/v1/invites/preview" + Query(*a), *csv, "text/csv");
  if (int rc = CallFailed(reply); rc >= 0) return rc;
  for (const auto& path : a->All("problems-csv")) {
    if (Status s = WriteText(path, invites::PreviewProblemsCsv(reply->body)); !s.ok()) {
      return Fail(kExitFailure, s.error().ToString());
    }
  }
  if (ctx.options.json) {
    std::printf("%s\n", reply->body.dump(2).c_str());
  } else {
    PrintPreview(a->positional[0], reply->body);
  }
  return kExitOk;
}

int RunSend(CommandContext& ctx) {
  auto a = ParseArgs(ctx.args, {"map", "team", "role", "report"}, {"resend", "yes"});
  if (!a.ok()) return Fail(kExitUsage, a.error().message);
  auto csv = ReadCsv(*a, "invite send");
  if (!csv.ok()) return Fail(csv.error().code == ErrorCode::kNotFound ? kExitFailure : kExitUsage, csv.error().message);
  bool yes = a->Has("yes");
  if (!yes && !::isatty(STDIN_FILENO)) {
    return Fail(kExitUsage, "invite send asks for confirmation on a terminal, and standard input is not one. Check "
                            "the file with \"salesyncctl invite preview FILE\", then run invite send with --yes.");
  }
  std::string query = Query(*a);
  if (!yes) {
    auto preview = ctx.client->Call("POST", "/api/v1/invites/preview" + query, *csv, "text/csv");
    if (int rc = CallFailed(preview); rc >= 0) return rc;
    PrintPreview(a->positional[0], preview->body);
    int64_t n = preview->body.value("importable_rows", int64_t{0});
    if (n == 0) {
      std::printf("\nNobody to invite; nothing was sent.\n");
      return kExitOk;
    }
    std::printf("\n");
    if (!Confirm("Invite " + std::to_string(n) + (n == 1 ? " user" : " users") + " and send the invitation e-mail" +
                 (n == 1 ? "?" : "s?"))) {
      std::printf("Nothing was sent.\n");
      return kExitFailure;
    }
  }
  auto reply = ctx.client->Call("POST", "/api/v1/invites" + query, *csv, "text/csv");
  if (int rc = CallFailed(reply); rc >= 0) return rc;
  for (const auto& path : a->All("report")) {
    if (Status s = WriteText(path, invites::SendReportCsv(reply->body)); !s.ok()) {
      return Fail(kExitFailure, s.error().ToString());
    }
  }
  if (ctx.options.json) {
    std::printf("%s\n", reply->body.dump(2).c_str());
  } else {
    PrintReport(reply->body);
  }
  return reply->body.value("failed", 0) > 0 ? kExitFailure : kExitOk;
}

int RunOutbox(CommandContext& ctx) {
  auto a = ParseArgs(ctx.args, {"limit", "to"}, {});
  if (!a.ok()) return Fail(kExitUsage, a.error().message);
  if (!a->positional.empty()) return Fail(kExitUsage, "invite outbox takes no arguments besides --limit and --to.");
  std::string q = "?limit=" + (a->All("limit").empty() ? std::string("20") : net::PercentEncode(a->All("limit").back()));
  if (!a->All("to").empty()) q += "&recipient=" + net::PercentEncode(a->All("to").back());
  auto reply = ctx.client->Call("GET", "/api/v1/invites/outbox" + q);
  if (int rc = CallFailed(reply); rc >= 0) return rc;
  const auto& b = reply->body;
  if (ctx.options.json) {
    std::printf("%s\n", b.dump(2).c_str());
    return kExitOk;
  }
  std::printf("E-mails: %lld queued, %lld sent, %lld failed.\n", static_cast<long long>(b.value("queued", 0)),
              static_cast<long long>(b.value("sent", 0)), static_cast<long long>(b.value("failed", 0)));
  if (!b["jobs"].empty()) {
    Table t({"TO", "STATE", "ATTEMPTS", "QUEUED AT", "SENT AT", "LAST ERROR"});
    for (const auto& j : b["jobs"]) {
      t.AddRow({Str(j, "recipient"), Str(j, "state"), Str(j, "attempts"), Str(j, "created_at"), Str(j, "sent_at"),
                Str(j, "last_error")});
    }
    t.Print(stdout);
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> InviteCommands() {
  return {
      {{"invite", "add"},
       "invite add EMAIL... [--team T] [--role R] [--resend]",
       "Invite users by e-mail address.",
       "Creates each user as invited, joins it to \"Everyone\" (and --team teams, repeatable), and queues one\n"
       "invitation e-mail each. Addresses that are already users are skipped with the reason; --resend sends\n"
       "pending invitations again with a new link. --role is admin or member (default). Exit 1 if any failed.",
       RunAdd},
      {{"invite", "preview"},
       "invite preview FILE.csv [--map COLUMN=FIELD]... [--team T]",
       "Show how a CSV file would be imported, without inviting.",
       "Shows the encoding and delimiter found, which column feeds which field, the first rows as they will be\n"
       "imported and every problem by row (line) number. FIELD is email, first_name, last_name, full_name,\n"
       "role, team or ignore; COLUMN is a header or a 1-based position. --problems-csv OUT writes the problems\n"
       "as CSV (spreadsheet-safe).",
       RunPreview},
      {{"invite", "send"},
       "invite send FILE.csv [--map COLUMN=FIELD]... [--team T] [--yes]",
       "Invite the users of a CSV file.",
       "Previews the file and asks for confirmation on a terminal; --yes sends without asking (required when\n"
       "standard input is not a terminal). Prints a report (invited / skipped / failed, with reasons) and a\n"
       "confirmation line; --report OUT.csv writes the report as CSV. Running the same file again invites\n"
       "nobody twice; --resend sends pending invitations again. Exit 1 if any row failed.",
       RunSend},
      {{"invite", "outbox"},
       "invite outbox [--limit N] [--to EMAIL]",
       "Show queued, sent and failed invitation e-mails.",
       "Counts of the e-mail outbox and its newest entries, with the SMTP server's reply for failures.",
       RunOutbox},
  };
}

}  // namespace salesync::ctl
