#include "oauth/connection_manager.h"

#include <openssl/sha.h>

#include "base/strings.h"
#include "base/log.h"
#include "base/random.h"
#include "oauth/pkce.h"

namespace salesync::oauth {

namespace {

constexpr int64_t kAttemptLifetimeMs = 10 * 60 * 1000;
const std::vector<std::string> kStates = {"not_connected", "connected", "needs_reauth", "error"};

std::string Sha256Hex(const std::string& s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  return HexEncode(std::string(reinterpret_cast<const char*>(d), sizeof d));
}

Error NeedsReauth(const std::string& name, const std::string& why) {
  return MakeError(ErrorCode::kUnauthenticated,
                   "The connection needs to be authorized again" + (why.empty() ? std::string() : ": " + why) +
                       " Work for it is paused. Run: salesyncctl connect " + name,
                   name);
}

}  // namespace

ConnectionManager::ConnectionManager(std::map<std::string, config::ConnectionConfig> connections,
                                     store::TokenStore* tokens, std::shared_ptr<const TokenVault> vault,
                                     MetricsRegistry* metrics, std::function<int64_t()> now_ms)
    : connections_(std::move(connections)),
      tokens_(tokens),
      metrics_(metrics),
      now_ms_(std::move(now_ms)),
      vault_(std::move(vault)) {
  metrics_->DeclareCounter("salesync_oauth_token_refreshes_total", "Token refreshes by connection and outcome.");
  metrics_->DeclareGauge("salesync_connection_state", "1 for the state each connection is in.");
  for (const auto& [name, c] : connections_) {
    runtimes_[name] = std::make_unique<Runtime>();
    auto row = tokens_->LoadState(name);
    PublishState(name, row.ok() && row->has_value() ? row->value().state : "not_connected");
  }
}

void ConnectionManager::SetAdminBaseUrl(const std::string& url) {
  std::lock_guard<std::mutex> lock(mu_);
  admin_base_url_ = url;
}

std::string ConnectionManager::RedirectUri(const std::string& name) const {
  const auto* c = Config(name);
  if (c && !c->redirect_uri.empty()) return c->redirect_uri;
  std::lock_guard<std::mutex> lock(mu_);
  return admin_base_url_ + "/oauth/callback";
}

bool ConnectionManager::Has(const std::string& name) const { return connections_.count(name) > 0; }

const config::ConnectionConfig* ConnectionManager::Config(const std::string& name) const {
  auto it = connections_.find(name);
  return it == connections_.end() ? nullptr : &it->second;
}

ConnectionManager::Runtime& ConnectionManager::RuntimeFor(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return *runtimes_.at(name);
}

void ConnectionManager::PublishState(const std::string& name, const std::string& state) {
  for (const auto& s : kStates) metrics_->SetGauge("salesync_connection_state", {{"connection", name}, {"state", s}}, s == state ? 1 : 0);
}

void ConnectionManager::CountRefresh(const std::string& name, const std::string& outcome) {
  metrics_->AddCounter("salesync_oauth_token_refreshes_total", {{"connection", name}, {"outcome", outcome}});
}

Result<std::optional<Secret>> ConnectionManager::OpenField(const std::string& name, const std::string& field) {
  auto fields = tokens_->LoadFields(name);
  if (!fields.ok()) return fields.error();
  auto it = fields->find(field);
  if (it == fields->end()) return std::optional<Secret>();
  std::shared_ptr<const TokenVault> vault;
  {
    std::lock_guard<std::mutex> lock(mu_);
    vault = vault_;
  }
  auto opened = vault->Open(it->second.sealed, name, field);
  if (!opened.ok()) return opened.error();
  return std::optional<Secret>(std::move(*opened));
}

void ConnectionManager::LoadLocked(const std::string& name, Runtime& rt) {
  if (rt.loaded) return;
  rt.loaded = true;
  auto row = tokens_->LoadState(name);
  if (!row.ok() || !row->has_value()) return;
  rt.state = row->value().state;
  rt.last_error = row->value().last_error;
  rt.instance_url = row->value().instance_url;
  rt.expires_at_ms = row->value().expires_at_ms.value_or(0);
  if (rt.state == "connected") {
    auto access = OpenField(name, "access_token");
    if (!access.ok()) {
      rt.state = "error";
      rt.last_error = access.error().message;
      LogError("Cannot open a stored token.", {{"connection", name}, {"error", access.error().message}});
      return;
    }
    rt.access = *access;
    ++rt.generation;
  }
}

Status ConnectionManager::StoreGrant(const std::string& name, const Grant& grant, const ManualCredentials* manual) {
  std::shared_ptr<const TokenVault> vault;
  {
    std::lock_guard<std::mutex> lock(mu_);
    vault = vault_;
  }
  std::map<std::string, store::SealedField> fields;
  auto seal = [&](const std::string& field, const Secret& value) -> Status {
    auto sealed = vault->Seal(value.Reveal(), name, field);
    if (!sealed.ok()) return sealed.error();
    fields[field] = {*sealed, vault->key_id()};
    return OkStatus();
  };
  if (Status s = seal("access_token", grant.access_token); !s.ok()) return s;
  if (grant.refresh_token) {
    if (Status s = seal("refresh_token", *grant.refresh_token); !s.ok()) return s;
  }
  if (manual) {
    if (manual->client_id) if (Status s = seal("client_id", *manual->client_id); !s.ok()) return s;
    if (manual->client_secret) if (Status s = seal("client_secret", *manual->client_secret); !s.ok()) return s;
  }
  store::ConnectionStateRow row;
  row.connection = name;
  row.state = "connected";
  row.expires_at_ms = grant.expires_at_ms;
  row.instance_url = grant.instance_url;
  row.identity_url = grant.identity_url;
  row.scope = grant.scope;
  row.last_success_ms = now_ms_();
  return tokens_->SaveGrant(name, fields, row);
}

void ConnectionManager::Adopt(const std::string& name, Runtime& rt, const Grant& grant) {
  rt.access = grant.access_token;
  rt.expires_at_ms = grant.expires_at_ms;
  if (!grant.instance_url.empty()) rt.instance_url = grant.instance_url;
  rt.state = "connected";
  rt.last_error.clear();
  ++rt.generation;
  PublishState(name, "connected");
}

Status ConnectionManager::MarkNeedsReauth(const std::string& name, const std::string& why) {
  store::ConnectionStateRow row;
  auto existing = tokens_->LoadState(name);
  if (existing.ok() && existing->has_value()) row = existing->value();
  row.connection = name;
  row.state = "needs_reauth";
  row.last_error = why;
  PublishState(name, "needs_reauth");
  LogError("Connection needs to be authorized again; its work is paused.", {{"connection", name}, {"reason", why}});
  return tokens_->SetState(row);
}

Result<Grant> ConnectionManager::DoRefresh(const std::string& name) {
  const config::ConnectionConfig& c = connections_.at(name);
  TokenClient client(c, now_ms_);
  if (c.flow == "jwt_bearer") return client.JwtBearer();
  if (c.flow == "client_credentials") return client.ClientCredentials();
  if (c.flow == "manual" && c.type == "marketo") {
    ManualCredentials m;
    auto id = OpenField(name, "client_id");
    auto secret = OpenField(name, "client_secret");
    if (!id.ok()) return id.error();
    if (!secret.ok()) return secret.error();
    if (!id->has_value() || !secret->has_value()) {
      return MakeError(ErrorCode::kPermanent, "No pasted credentials are stored.", name);
    }
    m.client_id = **id;
    m.client_secret = **secret;
    return client.ClientCredentials(&m);
  }
  auto refresh = OpenField(name, "refresh_token");
  if (!refresh.ok()) return refresh.error();
  if (!refresh->has_value()) return MakeError(ErrorCode::kPermanent, "No refresh token is stored.", name);
  auto grant = client.Refresh(**refresh);
  if (grant.ok() && !grant->refresh_token) grant->refresh_token = **refresh;  // no rotation: keep the old one
  return grant;
}

Result<AccessToken> ConnectionManager::Token(const std::string& name) {
  if (!Has(name)) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  const config::ConnectionConfig& c = connections_.at(name);
  Runtime& rt = RuntimeFor(name);
  std::unique_lock<std::mutex> lock(rt.mu);
  LoadLocked(name, rt);
  bool headless = c.flow == "jwt_bearer" || c.flow == "client_credentials";
  for (;;) {
    if (rt.state == "needs_reauth") return NeedsReauth(name, rt.last_error);
    int64_t margin = c.refresh_margin_secs * 1000;
    if (rt.access && now_ms_() < rt.expires_at_ms - margin) {
      return AccessToken{*rt.access, rt.instance_url, rt.generation};
    }
    if (rt.state == "not_connected" && !headless) {
      return MakeError(ErrorCode::kUnauthenticated, "The connection is not connected yet. Run: salesyncctl connect " + name, name);
    }
    if (rt.refreshing) {
      uint64_t round = rt.refresh_round;
      rt.cv.wait(lock, [&] { return !rt.refreshing; });
      if (rt.refresh_round != round && rt.refresh_error) return *rt.refresh_error;
      continue;
    }
    rt.refreshing = true;
    lock.unlock();
    auto grant = DoRefresh(name);
    Status stored = grant.ok() ? StoreGrant(name, *grant, nullptr) : OkStatus();
    lock.lock();
    rt.refreshing = false;
    ++rt.refresh_round;
    if (grant.ok() && stored.ok()) {
      Adopt(name, rt, *grant);
      rt.refresh_error.reset();
      CountRefresh(name, "ok");
      LogInfo("Access token refreshed.", {{"connection", name}});
      rt.cv.notify_all();
      continue;
    }
    Error e = grant.ok() ? stored.error() : grant.error();
    if (e.code == ErrorCode::kPermanent) {
      CountRefresh(name, "rejected");
      rt.state = "needs_reauth";
      rt.last_error = e.message;
      rt.access.reset();
      lock.unlock();
      (void)MarkNeedsReauth(name, e.message);
      lock.lock();
      rt.refresh_error = NeedsReauth(name, e.message);
    } else {
      CountRefresh(name, "transient");
      rt.last_error = e.message;
      rt.refresh_error = e;
      LogWarning("Token refresh failed; will retry.", {{"connection", name}, {"error", e.message}});
    }
    rt.cv.notify_all();
    return *rt.refresh_error;
  }
}

Result<AccessToken> ConnectionManager::RefreshAfterRejection(const std::string& name, uint64_t generation) {
  if (!Has(name)) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  Runtime& rt = RuntimeFor(name);
  {
    std::lock_guard<std::mutex> lock(rt.mu);
    // Only the holder of the current token may invalidate it; a newer token is already fresh.
    if (rt.generation == generation) rt.expires_at_ms = 0;
  }
  return Token(name);
}

Result<AuthorizationStart> ConnectionManager::BeginAuthorization(const std::string& name) {
  const auto* c = Config(name);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  if (c->flow != "authorization_code") {
    return MakeError(ErrorCode::kConflict, "The connection uses the " + c->flow + " flow, not a browser sign-in.", name);
  }
  auto state = RandomHex(32);
  auto id = RandomHex(12);
  auto pkce = MakePkce();
  if (!state.ok()) return state.error();
  if (!id.ok()) return id.error();
  if (!pkce.ok()) return pkce.error();
  std::string redirect = RedirectUri(name);
  TokenClient client(*c, now_ms_);
  auto url = client.AuthorizeUrl(*state, pkce->challenge, redirect);
  if (!url.ok()) return url.error();
  PendingAttempt a;
  a.connection = name;
  a.state_hash = Sha256Hex(*state);
  a.verifier = Secret(pkce->verifier);
  a.redirect_uri = redirect;
  a.expires_at_ms = now_ms_() + kAttemptLifetimeMs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = attempts_.begin(); it != attempts_.end();) {
      // Forget attempts an hour after they expired; their ids then read as unknown.
      if (it->second.expires_at_ms + 3600 * 1000 < now_ms_()) it = attempts_.erase(it);
      else ++it;
    }
    attempts_[*id] = a;
  }
  return AuthorizationStart{*url, *id, a.expires_at_ms};
}

CallbackResult ConnectionManager::CompleteAuthorization(const std::string& state, const std::string& code,
                                                        const std::string& error, const std::string& description) {
  CallbackResult result;
  std::string hash = Sha256Hex(state);
  PendingAttempt attempt;
  std::string attempt_id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, a] : attempts_) {
      if (!state.empty() && a.state_hash == hash) {
        attempt_id = id;
        break;
      }
    }
    if (attempt_id.empty()) {
      result.message = "This sign-in link is unknown or was already used. Start again with: salesyncctl connect NAME";
      return result;
    }
    PendingAttempt& a = attempts_[attempt_id];
    a.state_hash.clear();  // single use: a replay finds nothing
    result.connection = a.connection;
    if (now_ms_() > a.expires_at_ms) {
      a.status = "expired";
      a.message = "The sign-in took longer than 10 minutes and expired. Start again with: salesyncctl connect " + a.connection;
      result.message = a.message;
      return result;
    }
    if (!error.empty()) {
      a.status = "failed";
      a.message = ExplainOAuthError(error, description);
      result.message = a.message;
      return result;
    }
    if (code.empty()) {
      a.status = "failed";
      a.message = "The provider redirected back without an authorization code.";
      result.message = a.message;
      return result;
    }
    a.message = "Exchanging the authorization code.";
    attempt = a;
  }
  TokenClient client(connections_.at(attempt.connection), now_ms_);
  auto grant = client.ExchangeCode(code, attempt.verifier, attempt.redirect_uri);
  Status stored = grant.ok() ? StoreGrant(attempt.connection, *grant, nullptr) : OkStatus();
  std::string status, message;
  if (grant.ok() && stored.ok()) {
    Runtime& rt = RuntimeFor(attempt.connection);
    {
      std::lock_guard<std::mutex> lock(rt.mu);
      rt.loaded = true;
      Adopt(attempt.connection, rt, *grant);
    }
    CountRefresh(attempt.connection, "authorized");
    status = "connected";
    message = "Connected " + attempt.connection + ". You can close this window.";
    LogInfo("Connection authorized.", {{"connection", attempt.connection}});
    result.ok = true;
  } else {
    status = "failed";
    message = (grant.ok() ? stored.error() : grant.error()).message;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    attempts_[attempt_id].status = status;
    attempts_[attempt_id].message = message;
  }
  result.message = message;
  return result;
}

Result<AttemptStatus> ConnectionManager::Attempt(const std::string& attempt_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = attempts_.find(attempt_id);
  if (it == attempts_.end()) return MakeError(ErrorCode::kNotFound, "No such sign-in attempt.");
  PendingAttempt& a = it->second;
  if (a.status == "pending" && now_ms_() > a.expires_at_ms) {
    a.status = "expired";
    a.state_hash.clear();
    a.message = "Nobody completed the sign-in within 10 minutes.";
  }
  return AttemptStatus{a.connection, a.status, a.message};
}

Status ConnectionManager::ConnectNow(const std::string& name) {
  const auto* c = Config(name);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  if (c->flow != "jwt_bearer" && c->flow != "client_credentials") {
    return MakeError(ErrorCode::kConflict, "The connection uses the " + c->flow + " flow; use the browser sign-in or --manual.", name);
  }
  TokenClient client(*c, now_ms_);
  auto grant = c->flow == "jwt_bearer" ? client.JwtBearer() : client.ClientCredentials();
  if (!grant.ok()) return grant.error();
  if (Status s = StoreGrant(name, *grant, nullptr); !s.ok()) return s;
  Runtime& rt = RuntimeFor(name);
  std::lock_guard<std::mutex> lock(rt.mu);
  rt.loaded = true;
  Adopt(name, rt, *grant);
  CountRefresh(name, "authorized");
  return OkStatus();
}

Status ConnectionManager::ConnectManual(const std::string& name, const ManualCredentials& m) {
  const auto* c = Config(name);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  Result<Grant> grant = MakeError(ErrorCode::kInvalidArgument, "");
  if (m.client_id && m.client_secret) {
    // Pasted API credentials: prove them with a real token request before storing anything.
    TokenClient client(*c, now_ms_);
    grant = client.ClientCredentials(&m);
  } else if (m.access_token) {
    Grant g;
    g.access_token = *m.access_token;
    g.refresh_token = m.refresh_token;
    g.instance_url = m.instance_url;
    g.issued_at_ms = now_ms_();
    g.expires_at_ms = now_ms_() + TokenClient::kSalesforceSessionMs;
    grant = g;
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Paste either client_id and client_secret, or access_token (with refresh_token and instance_url).");
  }
  if (!grant.ok()) return grant.error();
  if (Status s = StoreGrant(name, *grant, &m); !s.ok()) return s;
  Runtime& rt = RuntimeFor(name);
  std::lock_guard<std::mutex> lock(rt.mu);
  rt.loaded = true;
  Adopt(name, rt, *grant);
  LogInfo("Connection set up with pasted credentials.", {{"connection", name}});
  return OkStatus();
}

Result<std::string> ConnectionManager::Disconnect(const std::string& name) {
  const auto* c = Config(name);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  std::string outcome = "Deleted the stored tokens.";
  auto refresh = OpenField(name, "refresh_token");
  auto access = OpenField(name, "access_token");
  std::optional<Secret> to_revoke;
  if (refresh.ok() && refresh->has_value()) to_revoke = **refresh;
  else if (access.ok() && access->has_value()) to_revoke = **access;
  if (to_revoke && c->type == "salesforce") {
    TokenClient client(*c, now_ms_);
    Status revoked = client.Revoke(*to_revoke);
    outcome = revoked.ok() ? "Revoked the tokens at the provider and deleted them here."
                           : "Could not revoke at the provider (" + revoked.error().message + "); deleted the tokens here.";
  }
  if (Status s = tokens_->Forget(name); !s.ok()) return s.error();
  Runtime& rt = RuntimeFor(name);
  {
    std::lock_guard<std::mutex> lock(rt.mu);
    rt.access.reset();
    rt.expires_at_ms = 0;
    rt.state = "not_connected";
    rt.last_error.clear();
    ++rt.generation;
  }
  PublishState(name, "not_connected");
  LogInfo("Connection disconnected.", {{"connection", name}});
  return outcome;
}

void ConnectionManager::RecordSuccess(const std::string& name) { (void)tokens_->RecordSuccess(name, now_ms_()); }

nlohmann::json ConnectionManager::Describe() {
  nlohmann::json out = nlohmann::json::array();
  auto rows = tokens_->ListStates();
  std::map<std::string, store::ConnectionStateRow> by_name;
  if (rows.ok()) {
    for (auto& r : *rows) by_name[r.connection] = r;
  }
  for (const auto& [name, c] : connections_) {
    nlohmann::json j = {{"name", name}, {"type", c.type}, {"flow", c.flow}, {"state", "not_connected"}};
    auto it = by_name.find(name);
    if (it != by_name.end()) {
      const auto& r = it->second;
      j["state"] = r.state;
      if (r.expires_at_ms) j["token_expires_at"] = FormatUtcSeconds(*r.expires_at_ms);
      if (r.last_success_ms) j["last_success_at"] = FormatUtcSeconds(*r.last_success_ms);
      if (!r.last_error.empty()) j["last_error"] = r.last_error;
      if (!r.instance_url.empty()) j["instance_url"] = r.instance_url;
    }
    Runtime& rt = RuntimeFor(name);
    {
      std::lock_guard<std::mutex> lock(rt.mu);
      if (rt.loaded && rt.state == "error") {
        j["state"] = "error";
        j["last_error"] = rt.last_error;
      }
    }
    out.push_back(j);
  }
  return out;
}

Status ConnectionManager::RotateVault(std::shared_ptr<const TokenVault> next) {
  std::shared_ptr<const TokenVault> current;
  {
    std::lock_guard<std::mutex> lock(mu_);
    current = vault_;
  }
  Status s = tokens_->Reseal([&](const std::string& connection, const std::string& field,
                                 const std::string& sealed) -> Result<store::SealedField> {
    auto plain = current->Open(sealed, connection, field);
    if (!plain.ok()) return plain.error();
    auto resealed = next->Seal(plain->Reveal(), connection, field);
    if (!resealed.ok()) return resealed.error();
    return store::SealedField{*resealed, next->key_id()};
  });
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  vault_ = std::move(next);
  return OkStatus();
}

}  // namespace salesync::oauth
