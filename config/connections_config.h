// The `connections` and `vault` sections: which external systems the daemon talks to and how.
//
//   "connections": {
//     "salesforce": {"type": "salesforce", "flow": "authorization_code", "client_id": "...",
//                    "client_secret": {"credential": "sf.secret"}, "login_url": "https://login.salesforce.com"},
//     "marketo-eu": {"type": "marketo", "flow": "client_credentials", "client_id": "...",
//                    "client_secret": {"env": "MKTO_SECRET"}, "identity_url": "https://123-ABC-456.mktorest.com/identity",
//                    "base_url": "https://123-ABC-456.mktorest.com"}
//   }
// Several connections of one type are normal. Documented key by key in config/salesync.example.json.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/secret.h"
#include "config/config_reader.h"

namespace salesync::config {

struct ConnectionConfig {
  std::string name;
  std::string type;   // salesforce | marketo | superoffice | linkedin
  std::string flow;   // authorization_code | jwt_bearer | client_credentials | manual
  std::string client_id;
  std::optional<Secret> client_secret;
  std::optional<Secret> private_key;   // jwt_bearer: PEM RSA key whose certificate the connected app holds
  std::string username;                // jwt_bearer: the user the daemon acts as (sub)
  std::string login_url;               // salesforce/superoffice/linkedin authorization server
  std::string identity_url;            // marketo identity endpoint (…/identity)
  std::string base_url;                // API base: Marketo REST host; Salesforce takes instance_url from the token
  std::vector<std::string> scopes;
  std::string redirect_uri;            // authorization_code: defaults to ADMIN_URL/oauth/callback
  std::string api_version = "v60.0";   // salesforce REST version
  std::string ca_file;                 // extra CA to trust (PEM); verification is never off
  int64_t connect_timeout_secs = 10;
  int64_t timeout_secs = 60;
  int64_t refresh_margin_secs = 300;   // refresh this long before expiry
  // The connection's rate budget (oauth/rate_budget.h); -1 keeps the type's default (Marketo: 100 calls
  // per 20 s and 10 in flight; Salesforce: 25 in flight, 10 % of the daily allowance kept in reserve).
  struct RateLimit {
    int64_t calls_per_window = -1;
    int64_t window_secs = -1;
    int64_t max_in_flight = -1;
    int64_t daily_reserve_percent = -1;
  } rate_limit;
};

struct VaultConfig {
  std::optional<Secret> key;  // 32 bytes or 64 hex; when unset STATE_DIR/vault.key is generated
};

// Reads the `connections` object (each member one connection); problems go to the reader's document.
std::map<std::string, ConnectionConfig> ReadConnections(ObjectReader connections);
VaultConfig ReadVault(ObjectReader vault);

}  // namespace salesync::config
