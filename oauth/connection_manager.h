// ConnectionManager: keeps every configured connection's tokens alive.
//
//  - Token(name) returns a valid access token, refreshing before expiry (refresh_margin_secs).
//  - Single flight: however many threads find the token expired at once, exactly one refresh reaches the
//    provider per connection; the others wait for its result. RefreshAfterRejection(name, generation)
//    refreshes only if nobody did since the rejected token was handed out.
//  - A grant is stored (sealed by the vault) in one transaction before its access token is handed out,
//    so a rotated refresh token is never lost.
//  - A refresh the provider refuses (invalid_grant, revoked) moves the connection to needs_reauth:
//    Token() then fails with kUnauthenticated ("pause, don't fail"), until `salesyncctl connect NAME`.
//  - Authorization code: BeginAuthorization creates a single-use random state bound to one attempt,
//    expiring in 10 minutes, with a PKCE verifier; CompleteAuthorization (the /oauth/callback) exchanges
//    the code; Attempt() lets the CLI follow progress.
// Thread-safety: all methods are thread-safe. Network calls happen without the manager's locks held.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/metrics.h"
#include "base/result.h"
#include "base/secret.h"
#include "config/connections_config.h"
#include "oauth/token_client.h"
#include "oauth/token_vault.h"
#include "store/token_store.h"

namespace salesync::oauth {

struct AccessToken {
  Secret value;
  std::string instance_url;  // Salesforce API host; empty for others
  uint64_t generation = 0;   // changes with every new token; pass back to RefreshAfterRejection
};

struct AuthorizationStart {
  std::string authorize_url;
  std::string attempt_id;
  int64_t expires_at_ms = 0;
};

struct AttemptStatus {
  std::string connection;
  std::string status;   // pending | connected | failed | expired
  std::string message;  // a sentence for the admin
};

struct CallbackResult {
  bool ok = false;
  std::string connection;
  std::string message;  // shown on the callback page
};

class ConnectionManager {
 public:
  ConnectionManager(std::map<std::string, config::ConnectionConfig> connections, store::TokenStore* tokens,
                    std::shared_ptr<const TokenVault> vault, MetricsRegistry* metrics,
                    std::function<int64_t()> now_ms);

  // The admin listener's base URL: the default redirect URI is BASE/oauth/callback.
  void SetAdminBaseUrl(const std::string& url);
  std::string RedirectUri(const std::string& name) const;

  bool Has(const std::string& name) const;
  const config::ConnectionConfig* Config(const std::string& name) const;

  Result<AccessToken> Token(const std::string& name);
  Result<AccessToken> RefreshAfterRejection(const std::string& name, uint64_t generation);

  Result<AuthorizationStart> BeginAuthorization(const std::string& name);
  CallbackResult CompleteAuthorization(const std::string& state, const std::string& code, const std::string& error,
                                       const std::string& error_description);
  Result<AttemptStatus> Attempt(const std::string& attempt_id);

  // jwt_bearer / client_credentials: obtain a token now.
  Status ConnectNow(const std::string& name);
  // Manual fallback: credentials pasted by the admin (never on argv).
  Status ConnectManual(const std::string& name, const ManualCredentials& credentials);
  // Revokes at the provider (best effort, reported) and deletes the stored tokens.
  Result<std::string> Disconnect(const std::string& name);

  // Records a successful API call (last successful call in `connections`).
  void RecordSuccess(const std::string& name);

  // name, type, flow, state, expires_at, last_success, last_error for every configured connection.
  nlohmann::json Describe();

  // Re-seals every stored secret under `next` in one transaction, then uses it.
  Status RotateVault(std::shared_ptr<const TokenVault> next);

 private:
  struct Runtime {
    std::mutex mu;
    std::condition_variable cv;
    bool loaded = false;
    bool refreshing = false;
    std::optional<Secret> access;
    int64_t expires_at_ms = 0;
    uint64_t generation = 0;
    std::string instance_url;
    std::string state = "not_connected";
    std::string last_error;
    std::optional<Error> refresh_error;  // the outcome waiters of a failed refresh receive
    uint64_t refresh_round = 0;
  };
  struct PendingAttempt {
    std::string connection;
    std::string state_hash;
    Secret verifier;
    std::string redirect_uri;
    int64_t expires_at_ms = 0;
    std::string status = "pending";
    std::string message;
  };

  Runtime& RuntimeFor(const std::string& name);
  void LoadLocked(const std::string& name, Runtime& rt);
  // Performs the refresh for `name` (no locks held); stores the grant.
  Result<Grant> DoRefresh(const std::string& name);
  Status StoreGrant(const std::string& name, const Grant& grant, const ManualCredentials* manual);
  void Adopt(const std::string& name, Runtime& rt, const Grant& grant);
  Status MarkNeedsReauth(const std::string& name, const std::string& why);
  Result<std::optional<Secret>> OpenField(const std::string& name, const std::string& field);
  void CountRefresh(const std::string& name, const std::string& outcome);
  void PublishState(const std::string& name, const std::string& state);

  std::map<std::string, config::ConnectionConfig> connections_;
  store::TokenStore* tokens_;
  MetricsRegistry* metrics_;
  std::function<int64_t()> now_ms_;

  mutable std::mutex mu_;  // guards runtimes_ map shape, attempts_, vault_, admin_base_url_
  std::map<std::string, std::unique_ptr<Runtime>> runtimes_;
  std::map<std::string, PendingAttempt> attempts_;  // by attempt id
  std::shared_ptr<const TokenVault> vault_;
  std::string admin_base_url_;
};

}  // namespace salesync::oauth
