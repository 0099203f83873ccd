// CtlClient: how salesyncctl reaches the daemon's admin API.
//
// The URL comes from --url, else $SALESYNC_URL, else STATE_DIR/admin.url; the token from --token-file,
// else $SALESYNC_TOKEN, else STATE_DIR/admin.token. STATE_DIR is --state-dir, else $SALESYNC_STATE_DIR,
// else ./var when it exists, else /var/lib/salesync. The token is never accepted on the command line,
// where other users could read it in the process list.
// Thread-safety: not thread-safe (one CLI invocation, one thread).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "net/http_client.h"

namespace salesync::ctl {

// Exit codes of salesyncctl (documented in --help and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreachable = 3;

struct CtlOptions {
  std::string url;
  std::string token_file;
  std::string state_dir;
  bool json = false;
};

struct ApiReply {
  int status = 0;
  nlohmann::json body;  // parsed JSON, or a string when the body was not JSON
};

class CtlClient {
 public:
  explicit CtlClient(CtlOptions options);

  // Resolves URL and token. kConfig with a sentence on how to point salesyncctl at the daemon.
  Status Resolve();
  const std::string& url() const { return url_; }

  // kTransient when the daemon cannot be reached (exit code 3); otherwise the reply, whatever its status.
  Result<ApiReply> Call(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::string& content_type = "application/json");

 private:
  CtlOptions options_;
  std::string state_dir_;
  std::string url_;
  std::string token_;
  net::HttpClient http_;
};

// The message of an API error reply ("error.message"), or a generic sentence with the status.
std::string ReplyErrorMessage(const ApiReply& reply);

}  // namespace salesync::ctl
