// salesyncctl connections | connect NAME [--manual] | disconnect NAME | connection test NAME | vault rotate-key
#include <chrono>
#include <cstdio>
#include <iostream>
#include <termios.h>
#include <thread>
#include <unistd.h>

#include "ctl/command.h"

namespace salesync::ctl {

namespace {

std::string Cell(const nlohmann::json& j, const char* key, const char* fallback = "-") {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

int RunConnections(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "connections takes no arguments.");
  auto reply = ctx.client->Call("GET", "/api/v1/connections");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  const auto& list = reply->body["connections"];
  if (ctx.options.json) {
    std::printf("%s\n", list.dump(2).c_str());
    return kExitOk;
  }
  if (list.empty()) {
    std::printf("No connections are configured (add them under \"connections\" in the configuration).\n");
    return kExitOk;
  }
  std::printf("%-20s %-12s %-19s %-14s %-21s %-21s\n", "NAME", "TYPE", "FLOW", "STATE", "TOKEN EXPIRES", "LAST SUCCESS");
  for (const auto& c : list) {
    std::printf("%-20s %-12s %-19s %-14s %-21s %-21s\n", Cell(c, "name").c_str(), Cell(c, "type").c_str(),
                Cell(c, "flow").c_str(), Cell(c, "state").c_str(), Cell(c, "token_expires_at").c_str(),
                Cell(c, "last_success_at").c_str());
    if (c.contains("last_error")) std::printf("  last error: %s\n", c["last_error"].get<std::string>().c_str());
  }
  return kExitOk;
}

// Reads a value from stdin without echo when stdin is a terminal.
std::string Prompt(const std::string& label, bool secret) {
  bool tty = ::isatty(STDIN_FILENO);
  if (tty) std::fprintf(stderr, "%s: ", label.c_str());
  termios old{};
  if (tty && secret) {
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty && secret) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

int ConnectManual(CommandContext& ctx, const std::string& name, const std::string& type) {
  // A JSON object on stdin, or answers to prompts; never argv.
  nlohmann::json creds = nlohmann::json::object();
  if (!::isatty(STDIN_FILENO)) {
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    try {
      creds = nlohmann::json::parse(all);
    } catch (const nlohmann::json::exception&) {
      return Fail(kExitUsage, "--manual reads a JSON object on standard input, e.g. {\"client_id\": \"...\", "
                              "\"client_secret\": \"...\"}.");
    }
  } else if (type == "marketo") {
    std::fprintf(stderr, "Paste the API credentials of the Marketo custom service (Admin > LaunchPoint).\n");
    creds["client_id"] = Prompt("client_id", false);
    creds["client_secret"] = Prompt("client_secret", true);
  } else {
    std::fprintf(stderr, "Paste the tokens of an existing session (the refresh token lets salesync keep it alive).\n");
    creds["access_token"] = Prompt("access_token", true);
    creds["refresh_token"] = Prompt("refresh_token", true);
    creds["instance_url"] = Prompt("instance_url", false);
  }
  auto reply = ctx.client->Call("POST", "/api/v1/connections/" + name + "/manual", creds.dump());
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  std::printf("Connected %s with the pasted credentials.\n", name.c_str());
  return kExitOk;
}

int RunConnect(CommandContext& ctx) {
  bool manual = false;
  int timeout_secs = 600;
  std::vector<std::string> rest;
  for (size_t i = 0; i < ctx.args.size(); ++i) {
    if (ctx.args[i] == "--manual") manual = true;
    else if (ctx.args[i] == "--timeout" && i + 1 < ctx.args.size()) timeout_secs = std::atoi(ctx.args[++i].c_str());
    else rest.push_back(ctx.args[i]);
  }
  if (rest.size() != 1) return Fail(kExitUsage, "connect takes one connection name (see salesyncctl connect --help).");
  const std::string& name = rest[0];
  auto list = ctx.client->Call("GET", "/api/v1/connections");
  if (int rc = ReplyOr(list); rc >= 0) return rc;
  nlohmann::json conn;
  for (const auto& c : list->body["connections"]) {
    if (c.value("name", "") == name) conn = c;
  }
  if (conn.is_null()) return Fail(kExitFailure, "No connection named \"" + name + "\" is configured.");
  std::string flow = conn.value("flow", "");
  if (manual || flow == "manual") return ConnectManual(ctx, name, conn.value("type", ""));
  if (flow == "jwt_bearer" || flow == "client_credentials") {
    auto reply = ctx.client->Call("POST", "/api/v1/connections/" + name + "/connect");
    if (int rc = ReplyOr(reply); rc >= 0) return rc;
    std::printf("Connected %s (%s).\n", name.c_str(), flow.c_str());
    return kExitOk;
  }
  auto start = ctx.client->Call("POST", "/api/v1/connections/" + name + "/authorize");
  if (int rc = ReplyOr(start); rc >= 0) return rc;
  std::string attempt = start->body.value("attempt_id", "");
  if (ctx.options.json) {
    std::printf("%s\n", start->body.dump().c_str());
  } else {
    std::printf("Open this URL in a browser and approve access:\n\n  %s\n\n", start->body.value("authorize_url", "").c_str());
    std::printf("The provider will send the browser back to %s.\n", start->body.value("redirect_uri", "").c_str());
  }
  std::fflush(stdout);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_secs);
  int ticks = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto status = ctx.client->Call("GET", "/api/v1/connections/attempts/" + attempt);
    if (int rc = ReplyOr(status); rc >= 0) return rc;
    std::string s = status->body.value("status", "");
    if (s == "connected") {
      if (!ctx.options.json && ::isatty(STDERR_FILENO)) std::fprintf(stderr, "\r%60s\r", "");
      std::printf("Connected %s.\n", name.c_str());
      return kExitOk;
    }
    if (s == "failed" || s == "expired") return Fail(kExitFailure, status->body.value("message", "The sign-in failed."));
    if (!ctx.options.json && ::isatty(STDERR_FILENO)) {
      auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - std::chrono::steady_clock::now()).count();
      std::fprintf(stderr, "\rWaiting for the sign-in to finish%-3s (%lld:%02lld left) ", std::string(ticks % 4, '.').c_str(),
                   static_cast<long long>(left / 60), static_cast<long long>(left % 60));
    }
    ++ticks;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return Fail(kExitFailure, "Nobody completed the sign-in in time. Run salesyncctl connect " + name + " again.");
}

int RunDisconnect(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "disconnect takes one connection name.");
  auto reply = ctx.client->Call("DELETE", "/api/v1/connections/" + ctx.args[0]);
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) std::printf("%s\n", reply->body.dump(2).c_str());
  else std::printf("%s: %s\n", ctx.args[0].c_str(), reply->body.value("message", "disconnected").c_str());
  return kExitOk;
}

int RunTest(CommandContext& ctx) {
  if (ctx.args.size() != 1) return Fail(kExitUsage, "connection test takes one connection name.");
  auto reply = ctx.client->Call("POST", "/api/v1/connections/" + ctx.args[0] + "/test");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) std::printf("%s\n", reply->body.dump(2).c_str());
  else std::printf("%s: ok. %s\n", ctx.args[0].c_str(), reply->body.value("message", "").c_str());
  return kExitOk;
}

int RunRotate(CommandContext& ctx) {
  if (!ctx.args.empty()) return Fail(kExitUsage, "vault rotate-key takes no arguments.");
  auto reply = ctx.client->Call("POST", "/api/v1/vault/rotate-key");
  if (int rc = ReplyOr(reply); rc >= 0) return rc;
  if (ctx.options.json) std::printf("%s\n", reply->body.dump(2).c_str());
  else std::printf("%s New key id: %s\n", reply->body.value("message", "").c_str(), reply->body.value("key_id", "").c_str());
  return kExitOk;
}

}  // namespace

std::vector<Command> ConnectionCommands() {
  return {
      {{"connections"}, "connections [--json]", "List connections: type, flow, state, token expiry, last success.",
       "States: connected, needs_reauth (run connect again; its work is paused), error, not_connected.", RunConnections},
      {{"connect"}, "connect NAME [--manual] [--timeout SECS]", "Connect NAME to its system.",
       "authorization_code: prints the provider's sign-in URL and waits until the browser comes back to the daemon's\n"
       "/oauth/callback (10 minutes at most). jwt_bearer and client_credentials: connects at once.\n"
       "--manual: reads pasted credentials from standard input (a JSON object, or prompts on a terminal):\n"
       "Marketo {\"client_id\", \"client_secret\"}; Salesforce {\"access_token\", \"refresh_token\", \"instance_url\"}.\n"
       "Credentials are never taken from the command line.",
       RunConnect},
      {{"disconnect"}, "disconnect NAME", "Revoke NAME's tokens at the provider and delete them here.", "", RunDisconnect},
      {{"connection", "test"}, "connection test NAME", "Make one cheap real call through NAME.",
       "Salesforce: GET limits; Marketo: lead describe. Refreshes the token first when needed.", RunTest},
      {{"vault", "rotate-key"}, "vault rotate-key", "Re-encrypt every stored token under a new vault key.",
       "All secrets are re-sealed in one transaction; an interrupted rotation is finished or undone at the next start.",
       RunRotate},
  };
}

}  // namespace salesync::ctl
