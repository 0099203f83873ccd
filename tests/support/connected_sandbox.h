// ConnectedSandbox: an in-process salesync-sandbox (Salesforce and Marketo on loopback ports, HTTPS with a
// throwaway CA by default) plus the daemon's real connection stack pointed at it: a fresh store, the token
// vault, the ConnectionManager and the ApiClient. Connector, sync and OAuth tests use it to exercise exactly
// the code production runs; only URLs and the CA file differ.
//
//   ConnectedSandbox sb;                 // connections "sf" (client_credentials) and "mkto" (Marketo identity)
//   ASSERT_TRUE(sb.Start().ok());
//   auto r = sb.api().Call("sf", {"GET", "/services/data/v60.0/limits"});
//   sb.AdvanceClock(7200);               // the sandbox and the manager share one clock
//   sb.Effects("salesforce")             // what the provider saw, for assertions
//
// Thread-safety: Start/Stop from the test thread; api() and connections() are thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "base/metrics.h"
#include "base/result.h"
#include "config/connections_config.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "oauth/api_client.h"
#include "oauth/connection_manager.h"
#include "oauth/token_vault.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/sandbox_server.h"
#include "store/store.h"
#include "store/token_store.h"

namespace salesync::testing {

struct ConnectedSandboxOptions {
  bool tls = true;
  sandbox::SeedOptions seed{200, 3, 7};
  // Adjust the sandbox (limits are lifted by default so tests are not throttled unless they ask).
  std::function<void(sandbox::SandboxOptions&)> tweak_sandbox;
  // Adjust or add connections before the manager is built; "sf" and "mkto" exist by default. The
  // sandbox's start-up announcement (client ids, usernames, URLs) is at hand.
  std::function<void(std::map<std::string, config::ConnectionConfig>&, const nlohmann::json& announcement)>
      tweak_connections;
  oauth::RetryPolicy retry{4, std::chrono::milliseconds(1), std::chrono::milliseconds(5)};
  // When false, Start() does not call ConnectNow for the default connections.
  bool connect = true;
};

class ConnectedSandbox {
 public:
  explicit ConnectedSandbox(ConnectedSandboxOptions options = {});
  ~ConnectedSandbox();
  ConnectedSandbox(const ConnectedSandbox&) = delete;
  ConnectedSandbox& operator=(const ConnectedSandbox&) = delete;

  Status Start();
  void Stop();

  oauth::ApiClient& api() { return *api_; }
  oauth::ConnectionManager& connections() { return *connections_; }
  store::Store& store() { return *store_; }
  store::TokenStore& tokens() { return *tokens_; }
  MetricsRegistry& metrics() { return metrics_; }
  sandbox::SandboxServer& server() { return *server_; }
  sandbox::SandboxEnvironment& environment() { return *env_; }
  const std::string& state_dir() const { return state_dir_; }
  const std::string& ca_file() const { return ca_file_; }
  // The provider's base URL ("salesforce", "marketo").
  std::string BaseUrl(const std::string& provider) const;
  const nlohmann::json& announcement() const { return announcement_; }
  const std::map<std::string, config::ConnectionConfig>& connection_configs() const { return configs_; }

  // Moves the clock shared by the sandbox and the connection manager forward.
  void AdvanceClock(int64_t secs);
  int64_t NowMs() const;

  // Calls the provider's control API (/_sandbox/SUB); the parsed JSON answer, or an error.
  Result<nlohmann::json> Control(const std::string& provider, const std::string& method, const std::string& sub,
                                 const nlohmann::json& body = nullptr);
  // The provider's effects log after `since`, and only those whose operation starts with `prefix`.
  nlohmann::json Effects(const std::string& provider, const std::string& prefix = "", int64_t since = 0);
  // Adds a fault rule (see sandbox/fault_injector.h) on the provider.
  Status InjectFault(const std::string& provider, const nlohmann::json& rule);

  // A stored secret of a connection, opened with the vault ("access_token", "refresh_token"), for tests
  // that must name a token to the sandbox (revoke it) or look for it where it must not be.
  Result<Secret> OpenStoredSecret(const std::string& connection, const std::string& field);
  std::shared_ptr<const oauth::TokenVault> vault() const { return vault_; }

 private:
  ConnectedSandboxOptions options_;
  std::string state_dir_;
  std::string ca_file_;
  net::EventLoop loop_{2};
  std::shared_ptr<sandbox::SandboxEnvironment> env_;
  std::unique_ptr<sandbox::SandboxServer> server_;
  std::thread loop_thread_;
  nlohmann::json announcement_;
  std::map<std::string, config::ConnectionConfig> configs_;
  MetricsRegistry metrics_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::TokenStore> tokens_;
  std::shared_ptr<const oauth::TokenVault> vault_;
  std::unique_ptr<oauth::ConnectionManager> connections_;
  std::unique_ptr<oauth::ApiClient> api_;
  net::HttpClient control_client_;
  bool started_ = false;
};

}  // namespace salesync::testing
