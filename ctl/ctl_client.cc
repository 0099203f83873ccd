#include "ctl/ctl_client.h"

#include <cstdlib>
#include <filesystem>

#include "base/files.h"
#include "base/strings.h"

namespace salesync::ctl {

CtlClient::CtlClient(CtlOptions options) : options_(std::move(options)) {}

Status CtlClient::Resolve() {
  state_dir_ = options_.state_dir;
  if (state_dir_.empty()) {
    if (const char* e = std::getenv("SALESYNC_STATE_DIR"); e && *e) state_dir_ = e;
  }
  if (state_dir_.empty()) {
    std::error_code ec;
    state_dir_ = std::filesystem::is_directory("./var", ec) ? "./var" : "/var/lib/salesync";
  }

  url_ = options_.url;
  if (url_.empty()) {
    if (const char* e = std::getenv("SALESYNC_URL"); e && *e) url_ = e;
  }
  if (url_.empty()) {
    auto file = ReadFile(JoinPath(state_dir_, "admin.url"));
    if (file.ok()) url_ = std::string(TrimWhitespace(*file));
  }
  if (url_.empty()) {
    return MakeError(ErrorCode::kTransient,
                     "Cannot find the daemon: no --url, no SALESYNC_URL, and no " + JoinPath(state_dir_, "admin.url") +
                         " (is salesyncd running with this state directory? Use --state-dir DIR or --url URL).");
  }
  while (!url_.empty() && url_.back() == '/') url_.pop_back();

  std::string token_path = options_.token_file;
  if (token_path.empty()) {
    if (const char* e = std::getenv("SALESYNC_TOKEN"); e && *e) {
      token_ = e;
      return OkStatus();
    }
    token_path = JoinPath(state_dir_, "admin.token");
  }
  auto token = ReadFile(token_path);
  if (!token.ok()) {
    return MakeError(ErrorCode::kConfig, "Cannot read the admin token from " + token_path + ": " + token.error().message +
                                             " Use --token-file FILE or SALESYNC_TOKEN.");
  }
  token_ = std::string(TrimWhitespace(*token));
  return OkStatus();
}

Result<ApiReply> CtlClient::Call(const std::string& method, const std::string& path, const std::string& body,
                                 const std::string& content_type) {
  net::ClientRequest request;
  request.method = method;
  request.url = url_ + path;
  request.headers.push_back({"Authorization", "Bearer " + token_});
  request.headers.push_back({"Accept", "application/json"});
  if (!body.empty()) request.headers.push_back({"Content-Type", content_type});
  request.body = body;
  request.connect_timeout = std::chrono::milliseconds(5000);
  request.timeout = std::chrono::milliseconds(120000);
  auto response = http_.Send(request);
  if (!response.ok()) {
    Error e = response.error();
    e.code = ErrorCode::kTransient;
    e.message = "The daemon is unreachable at " + url_ + ": " + e.message;
    return e;
  }
  ApiReply reply;
  reply.status = response->status;
  try {
    reply.body = response->body.empty() ? nlohmann::json::object() : nlohmann::json::parse(response->body);
  } catch (const nlohmann::json::exception&) {
    reply.body = response->body;
  }
  return reply;
}

std::string ReplyErrorMessage(const ApiReply& reply) {
  if (reply.body.is_object() && reply.body.contains("error") && reply.body["error"].is_object()) {
    const auto& e = reply.body["error"];
    std::string message = e.value("message", "");
    if (e.contains("context") && e["context"].is_string()) message = e["context"].get<std::string>() + ": " + message;
    if (!message.empty()) return message;
  }
  return "The daemon answered HTTP " + std::to_string(reply.status) + ".";
}

}  // namespace salesync::ctl
