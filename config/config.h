// Config: the daemon's whole configuration, read from one JSON file (comments allowed).
//
// Every key is documented in config/salesync.example.json. LoadConfig() collects every problem of the
// file (syntax, wrong type, unknown key with suggestion, missing key, unreadable secret) and reports them
// all with FILE:LINE:COLUMN. Command-line overrides (--state-dir, --listen, --log-level) are applied
// by the daemon after loading.
// Thread-safety: value type. The daemon swaps whole Config objects on reload.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/secret.h"
#include "config/config_error.h"
#include "config/connections_config.h"
#include "config/mail_config.h"
#include "config/mappings_config.h"
#include "config/secret_ref.h"
#include "config/syncs_config.h"

namespace salesync::config {

struct AdminConfig {
  std::string listen = "127.0.0.1:8787";   // HOST:PORT of the admin API; port 0 picks a free port
  std::optional<Secret> token;              // admin bearer token; generated into the state dir when unset
  std::optional<SecretRef> token_ref;
  int64_t max_body_bytes = 8 * 1024 * 1024; // request bodies (CSV uploads) above this get 413
  int64_t max_header_bytes = 16 * 1024;     // request headers above this get 431
  int64_t read_timeout_secs = 30;           // a request must arrive completely within this
  int64_t keep_alive_timeout_secs = 60;     // idle keep-alive connections are closed after this
  int64_t max_connections = 256;            // connections above this are refused
};

struct StoreConfig {
  std::string file = "salesync.db";  // relative to the state directory unless absolute
  int64_t busy_timeout_ms = 5000;
  std::string synchronous = "full";   // "full" (durable across power loss) or "normal"
  int64_t cache_mib = 16;             // SQLite page cache of the connection; bounds the store's share of memory
};

struct DaemonConfig {
  int64_t worker_threads = 2;          // threads running the event loop and handlers
  int64_t shutdown_timeout_secs = 20;  // in-flight work must checkpoint within this on SIGTERM
};

struct Config {
  std::string source_file;   // the file it was read from
  std::string state_dir;     // empty: decided by the daemon ($STATE_DIRECTORY, --state-dir, ./var)
  std::string log_level = "info";
  AdminConfig admin;
  StoreConfig store;
  DaemonConfig daemon;
  std::map<std::string, ConnectionConfig> connections;  // by name
  VaultConfig vault;
  std::optional<SmtpConfig> smtp;  // absent: invitation e-mails wait in the outbox
  InvitesConfig invites;
  std::map<std::string, SyncConfig> syncs;  // by name
  std::map<std::string, MappingSpec> mappings;  // by name; checked against describe by mapping/
};

// Reads and validates a configuration file. On failure the Error (kConfig) lists every problem, one per
// line; `errors`, when given, receives them individually.
Result<Config> LoadConfig(const std::string& path, std::vector<ConfigError>* errors = nullptr);

// The same from text already in memory; `file` names it in messages.
Result<Config> ParseConfig(const std::string& file, const std::string& text,
                           std::vector<ConfigError>* errors = nullptr);

// Splits "HOST:PORT" ("[::1]:8787" for IPv6). kInvalidArgument when malformed.
struct HostPort {
  std::string host;
  uint16_t port = 0;
};
Result<HostPort> ParseHostPort(const std::string& text);

}  // namespace salesync::config
