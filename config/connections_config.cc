#include "config/connections_config.h"

#include "base/strings.h"

namespace salesync::config {

namespace {

const std::vector<std::string> kTypes = {"salesforce", "marketo", "superoffice", "linkedin"};
const std::vector<std::string> kFlows = {"authorization_code", "jwt_bearer", "client_credentials", "manual"};

bool IsHttpUrl(const std::string& s) { return StartsWith(s, "https://") || StartsWith(s, "http://"); }

void CheckUrl(ObjectReader& r, const char* key, const std::string& value) {
  if (!value.empty() && !IsHttpUrl(value)) {
    r.AddError(key, "Expected an http:// or https:// URL, found \"" + value + "\".");
  }
}

ConnectionConfig ReadOne(ObjectReader r, const std::string& name) {
  ConnectionConfig c;
  c.name = name;
  c.type = r.Enum("type", kTypes, Presence::kRequired).value_or("");
  c.flow = r.Enum("flow", kFlows, Presence::kRequired).value_or("");
  c.client_id = r.String("client_id").value_or("");
  c.client_secret = r.SecretValue("client_secret");
  c.private_key = r.SecretValue("private_key");
  c.username = r.String("username").value_or("");
  c.login_url = r.String("login_url").value_or("");
  c.identity_url = r.String("identity_url").value_or("");
  c.base_url = r.String("base_url").value_or("");
  if (auto s = r.StringList("scopes")) c.scopes = *s;
  c.redirect_uri = r.String("redirect_uri").value_or("");
  if (auto v = r.String("api_version")) c.api_version = *v;
  c.ca_file = r.String("ca_file").value_or("");
  if (auto v = r.Integer("connect_timeout_secs", 1, 300)) c.connect_timeout_secs = *v;
  if (auto v = r.Integer("timeout_secs", 1, 3600)) c.timeout_secs = *v;
  if (auto v = r.Integer("refresh_margin_secs", 0, 86400)) c.refresh_margin_secs = *v;
  if (ObjectReader rl = r.Object("rate_limit"); rl.present()) {
    if (auto v = rl.Integer("calls_per_window", 0, 1000000)) c.rate_limit.calls_per_window = *v;
    if (auto v = rl.Integer("window_secs", 1, 86400)) c.rate_limit.window_secs = *v;
    if (auto v = rl.Integer("max_in_flight", 0, 1000)) c.rate_limit.max_in_flight = *v;
    if (auto v = rl.Integer("daily_reserve_percent", 0, 99)) c.rate_limit.daily_reserve_percent = *v;
    rl.Finish();
  }
  for (auto [key, value] : {std::pair{"login_url", c.login_url}, {"identity_url", c.identity_url},
                            {"base_url", c.base_url}, {"redirect_uri", c.redirect_uri}}) {
    CheckUrl(r, key, value);
  }
  // What each flow needs: reported against the connection, naming the missing key.
  auto need = [&](bool present, const char* key, const std::string& why) {
    if (!present) r.AddError("", "Missing required key \"" + std::string(key) + "\" (" + why + ").");
  };
  if (c.flow != "manual" && !c.flow.empty()) need(!c.client_id.empty(), "client_id", "the " + c.flow + " flow needs it");
  if (c.flow == "authorization_code" || c.flow == "client_credentials") {
    need(c.client_secret.has_value(), "client_secret", "the " + c.flow + " flow needs it");
  }
  if (c.flow == "jwt_bearer") {
    need(c.private_key.has_value(), "private_key", "the jwt_bearer flow signs its assertion with it");
    need(!c.username.empty(), "username", "the jwt_bearer flow acts as this user");
    if (c.type != "salesforce" && !c.type.empty()) r.AddError("flow", "The jwt_bearer flow exists only for salesforce.");
  }
  if (c.type == "salesforce") need(!c.login_url.empty(), "login_url", "https://login.salesforce.com or https://test.salesforce.com");
  if (c.type == "marketo") {
    need(!c.identity_url.empty(), "identity_url", "https://MUNCHKIN.mktorest.com/identity");
    need(!c.base_url.empty(), "base_url", "https://MUNCHKIN.mktorest.com");
    if (c.flow == "authorization_code" || c.flow == "jwt_bearer") {
      r.AddError("flow", "Marketo connects with client_credentials (or manual), not " + c.flow + ".");
    }
  }
  r.Finish();
  return c;
}

}  // namespace

std::map<std::string, ConnectionConfig> ReadConnections(ObjectReader connections) {
  std::map<std::string, ConnectionConfig> out;
  if (!connections.present()) return out;
  for (const std::string& name : connections.MemberNames()) {
    bool valid = !name.empty() && name.size() <= 64;
    for (char ch : name) {
      valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_');
    }
    if (!valid) {
      connections.AddError(name, "A connection name must be 1 to 64 characters of a-z, 0-9, '-' or '_' (it appears "
                                 "in URLs and commands).", /*at_key=*/true);
    }
    out[name] = ReadOne(connections.Object(name, Presence::kRequired), name);
  }
  return out;
}

VaultConfig ReadVault(ObjectReader vault) {
  VaultConfig v;
  v.key = vault.SecretValue("key");
  vault.Finish();
  return v;
}

}  // namespace salesync::config
