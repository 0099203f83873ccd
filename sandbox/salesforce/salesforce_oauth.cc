#include "sandbox/salesforce/salesforce_oauth.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/random.h"
#include "base/secret.h"
#include "base/strings.h"
#include "sandbox/people_universe.h"
#include "sandbox/salesforce/salesforce_records.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::salesforce {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string Param(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p) {
    if (k == name) return v;
  }
  return "";
}

bool HasParam(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p) {
    if (k == name) return true;
  }
  return false;
}

// Form body first, then the query string: Salesforce reads token parameters from either.
Params FormParams(const net::HttpRequest& r) {
  Params p = net::ParseQueryString(r.body);
  for (auto& kv : net::ParseQueryString(r.query)) p.push_back(std::move(kv));
  return p;
}

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string RandomToken(size_t bytes) {
  auto r = RandomBytes(bytes);
  return Base64UrlEncode(r.ok() ? *r : std::string(bytes, '\x5a'));
}

bool ValidVerifier(const std::string& v) {
  // RFC 7636's alphabet and minimum; no maximum: jsforce sends 171 characters (128 random bytes).
  if (v.size() < 43) return false;
  for (char c : v) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

net::HttpResponse OAuthError(int status, const std::string& error, const std::string& description) {
  return SandboxJson(status, {{"error", error}, {"error_description", description}});
}

net::HttpResponse ErrorPage(int status, const std::string& error, const std::string& description) {
  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>OAuth Error</title></head><body>"
                     "<h1>OAuth Error</h1><p>We can't authorize you because of an OAuth error. For more information, "
                     "contact your Salesforce administrator.</p><p id=\"error\">error=" +
                     HtmlEscape(error) + "</p><p id=\"error_description\">" + HtmlEscape(description) +
                     "</p></body></html>\n";
  return net::HttpResponse::Text(status, html, "text/html;charset=UTF-8");
}

// Client authentication: HTTP Basic or client_id/client_secret in the form.
std::pair<std::string, std::optional<std::string>> ClientCredentials(const net::HttpRequest& r, const Params& p) {
  if (auto auth = r.Header("Authorization"); auth && StartsWith(*auth, "Basic ")) {
    std::string decoded;
    std::string b64 = auth->substr(6);
    std::string buf(b64.size(), '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()), reinterpret_cast<const unsigned char*>(b64.data()),
                            static_cast<int>(b64.size()));
    if (n > 0) {
      buf.resize(static_cast<size_t>(n));
      while (!buf.empty() && buf.back() == '\0') buf.pop_back();
      size_t colon = buf.find(':');
      if (colon != std::string::npos) {
        auto id = net::PercentDecode(buf.substr(0, colon), true);
        auto secret = net::PercentDecode(buf.substr(colon + 1), true);
        if (id && secret) return {*id, *secret};
      }
    }
  }
  std::optional<std::string> secret;
  if (HasParam(p, "client_secret")) secret = Param(p, "client_secret");
  return {Param(p, "client_id"), secret};
}

}  // namespace

OAuthServer::OAuthServer(std::shared_ptr<SandboxEnvironment> env) : env_(std::move(env)) {
  settings_.redirect_uris = env_->options.salesforce_redirect_uris;
  settings_.auto_approve = env_->options.salesforce_auto_approve;
  settings_.token_ttl_secs = env_->options.salesforce_token_ttl_secs;
  settings_.rotate_refresh_tokens = env_->options.salesforce_rotate_refresh_tokens;
}

void OAuthServer::SetBaseUrl(const std::string& base_url) {
  std::lock_guard<std::mutex> lock(mu_);
  base_url_ = base_url;
}

std::string OAuthServer::org_id() const { return PeopleUniverse::SalesforceId("00D", 4242); }

std::string OAuthServer::IdUrl(int64_t user_number) const {
  return base_url_ + "/id/" + org_id() + "/" + PeopleUniverse::SalesforceId("005", user_number);
}

std::optional<int64_t> OAuthServer::UserByName(const std::string& username) const {
  for (const auto& u : SandboxUsers()) {
    if (ToLowerAscii(u.username) == ToLowerAscii(username)) return u.number;
  }
  return std::nullopt;
}

std::string OAuthServer::Redirect(const std::string& uri, const Params& params) const {
  std::string out = uri;
  char sep = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out += sep;
    out += net::PercentEncode(k) + "=" + net::PercentEncode(v);
    sep = '&';
  }
  return out;
}

void OAuthServer::RecordGrant(const std::string& operation, const std::string& client_id, int64_t user_number,
                              const nlohmann::json& result) {
  Effect e;
  e.at_unix_millis = Now();
  e.provider = "salesforce";
  e.actor = client_id.empty() ? "anonymous" : client_id;
  e.operation = operation;
  e.endpoint = operation == "token.revoke" ? "POST /services/oauth2/revoke" : "POST /services/oauth2/token";
  if (user_number > 0) e.records.push_back(PeopleUniverse::SalesforceId("005", user_number));
  e.result = result;
  env_->effects.Record(std::move(e));
}

net::HttpResponse OAuthServer::GrantError(const std::string& grant, const std::string& client_id,
                                          const std::string& error, const std::string& description) {
  RecordGrant("token." + grant, client_id, 0, {{"status", 400}, {"error", error}, {"error_description", description}});
  return OAuthError(400, error, description);
}

net::HttpResponse OAuthServer::Authorize(const net::HttpRequest& r) {
  if (r.method == "POST") {
    Params p = net::ParseQueryString(r.body);
    Consent consent;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = consents_.find(Param(p, "consent"));
      if (it == consents_.end()) return ErrorPage(400, "invalid_request", "This consent form has expired or was already answered.");
      consent = it->second;
      consents_.erase(it);
    }
    Params back;
    if (Param(p, "decision") == "allow") {
      std::string code = "aPrx" + RandomToken(36);
      {
        std::lock_guard<std::mutex> lock(mu_);
        codes_[code] = Code{kClientId, consent.redirect_uri, consent.challenge, consent.scope, consent.has_challenge,
                            consent.user_number, Now() + kCodeLifetimeMillis, false};
      }
      back.emplace_back("code", code);
    } else {
      back.emplace_back("error", "access_denied");
      back.emplace_back("error_description", "end-user denied authorization");
    }
    if (!consent.state.empty()) back.emplace_back("state", consent.state);
    net::HttpResponse res = net::HttpResponse::Text(302, "", "text/html;charset=UTF-8");
    res.headers.push_back({"Location", Redirect(consent.redirect_uri, back)});
    return res;
  }

  Params p = net::ParseQueryString(r.query);
  const std::string client_id = Param(p, "client_id");
  const std::string redirect_uri = Param(p, "redirect_uri");
  if (client_id != kClientId) return ErrorPage(400, "invalid_client_id", "client identifier invalid");
  OAuthSettings s = settings();
  bool registered = false;
  for (const auto& u : s.redirect_uris) registered = registered || u == redirect_uri;
  if (!registered) return ErrorPage(400, "redirect_uri_mismatch", "redirect_uri must match configuration");

  const std::string state = Param(p, "state");
  auto fail = [&](const std::string& error, const std::string& description) {
    Params back = {{"error", error}, {"error_description", description}};
    if (!state.empty()) back.emplace_back("state", state);
    net::HttpResponse res = net::HttpResponse::Text(302, "", "text/html;charset=UTF-8");
    res.headers.push_back({"Location", Redirect(redirect_uri, back)});
    return res;
  };
  if (Param(p, "response_type") != "code") return fail("unsupported_response_type", "response type not supported");
  Consent consent;
  consent.redirect_uri = redirect_uri;
  consent.state = state;
  consent.scope = HasParam(p, "scope") ? Param(p, "scope") : "api refresh_token";
  consent.has_challenge = HasParam(p, "code_challenge");
  consent.challenge = Param(p, "code_challenge");
  // Salesforce documents no code_challenge_method: absent means S256; "plain" is not offered.
  if (HasParam(p, "code_challenge_method") && Param(p, "code_challenge_method") != "S256") {
    return fail("invalid_request", "code challenge method not supported");
  }
  if (consent.has_challenge && (consent.challenge.size() != 43 || !Base64UrlDecode(consent.challenge))) {
    return fail("invalid_request", "invalid code challenge");
  }
  consent.user_number = UserByName(Param(p, "login_hint")).value_or(1);

  if (s.auto_approve) {
    std::string code = "aPrx" + RandomToken(36);
    {
      std::lock_guard<std::mutex> lock(mu_);
      codes_[code] = Code{kClientId, redirect_uri, consent.challenge, consent.scope, consent.has_challenge,
                          consent.user_number, Now() + kCodeLifetimeMillis, false};
    }
    Params back = {{"code", code}};
    if (!state.empty()) back.emplace_back("state", state);
    net::HttpResponse res = net::HttpResponse::Text(302, "", "text/html;charset=UTF-8");
    res.headers.push_back({"Location", Redirect(redirect_uri, back)});
    return res;
  }
  std::string id = RandomToken(24);
  {
    std::lock_guard<std::mutex> lock(mu_);
    consents_[id] = consent;
  }
  std::string user;
  for (const auto& u : SandboxUsers()) {
    if (u.number == consent.user_number) user = u.username;
  }
  std::string scopes;
  for (const auto& sc : SplitString(consent.scope, ' ')) {
    if (!sc.empty()) scopes += "<li>" + HtmlEscape(sc) + "</li>";
  }
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Allow Access?</title>"
      "<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}button{font-size:1em;padding:.5em 1.5em;"
      "margin-right:1em}</style></head><body>\n<h1>Allow Access?</h1>\n<p>Salesync is asking to:</p><ul>" +
      scopes + "</ul>\n<p>You are logged in as <strong>" + HtmlEscape(user) +
      "</strong> (salesync-sandbox emulated org).</p>\n<form method=\"POST\" action=\"/services/oauth2/authorize\">"
      "<input type=\"hidden\" name=\"consent\" value=\"" +
      HtmlEscape(id) +
      "\">\n<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>"
      "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n</form>\n</body></html>\n";
  return net::HttpResponse::Text(200, html, "text/html;charset=UTF-8");
}

net::HttpResponse OAuthServer::TokenResponse(const std::string& client_id, int64_t user_number, const std::string& scope,
                                             const std::string& refresh_token, int64_t family, bool signature,
                                             const net::HttpRequest& request) {
  std::string access = org_id().substr(0, 15) + "!AQ" + RandomToken(72);
  access_[access] = AccessToken{client_id, scope, user_number, family, Now() + settings_.token_ttl_secs * 1000, false};
  std::string issued = std::to_string(Now());
  std::string id = IdUrl(user_number);
  nlohmann::json body = {{"access_token", access}};
  if (!refresh_token.empty()) body["refresh_token"] = refresh_token;
  if (signature) body["signature"] = Base64(HmacSha256(kClientSecret, id + issued));
  body["scope"] = scope;
  body["instance_url"] = base_url_;
  body["id"] = id;
  body["token_type"] = "Bearer";
  if (signature) body["issued_at"] = issued;
  Params p = FormParams(request);
  if (Param(p, "format") == "urlencoded") {
    std::string form;
    for (const auto& [k, v] : body.items()) {
      form += (form.empty() ? "" : "&") + k + "=" + net::PercentEncode(v.get<std::string>());
    }
    return net::HttpResponse::Text(200, form, "application/x-www-form-urlencoded");
  }
  return SandboxJson(200, body);
}

net::HttpResponse OAuthServer::Token(const net::HttpRequest& r) {
  if (r.method != "POST") return OAuthError(400, "invalid_request", "must use HTTP POST");
  Params p = FormParams(r);
  const std::string grant = Param(p, "grant_type");
  auto [client_id, secret] = ClientCredentials(r, p);

  if (grant == "authorization_code") {
    if (client_id != kClientId) return GrantError("authorization_code", client_id, "invalid_client_id", "client identifier invalid");
    if (!secret || !ConstantTimeEquals(*secret, kClientSecret)) {
      return GrantError("authorization_code", client_id, "invalid_client", "invalid client credentials");
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto it = codes_.find(Param(p, "code"));
    if (it == codes_.end() || it->second.used || Now() > it->second.expires_millis) {
      return GrantError("authorization_code", client_id, "invalid_grant", "expired authorization code");
    }
    Code& code = it->second;
    code.used = true;  // single use, whatever the outcome from here on
    std::string error, description;
    const std::string verifier = Param(p, "code_verifier");
    if (Param(p, "redirect_uri") != code.redirect_uri) {
      error = "redirect_uri_mismatch", description = "redirect_uri must match configuration";
    } else if (code.has_challenge && !HasParam(p, "code_verifier")) {
      error = "invalid_grant", description = "invalid code verifier";
    } else if (code.has_challenge && (!ValidVerifier(verifier) || Base64UrlEncode(Sha256(verifier)) != code.challenge)) {
      error = "invalid_request", description = "invalid code verifier";
    } else if (!code.has_challenge && HasParam(p, "code_verifier")) {
      error = "invalid_request", description = "code_verifier given but the authorization request had no code_challenge";
    }
    if (!error.empty()) {
      RecordGrant("token.authorization_code", client_id, 0, {{"status", 400}, {"error", error}, {"error_description", description}});
      return OAuthError(400, error, description);
    }
    std::string refresh;
    int64_t family = 0;
    auto scopes = SplitString(code.scope, ' ');
    bool wants_refresh = std::find(scopes.begin(), scopes.end(), "refresh_token") != scopes.end() ||
                         std::find(scopes.begin(), scopes.end(), "offline_access") != scopes.end();
    if (wants_refresh) {
      refresh = "5Aep861" + RandomToken(60);
      family = next_family_++;
      refresh_[refresh] = RefreshToken{client_id, code.scope, code.user_number, family};
    }
    auto res = TokenResponse(client_id, code.user_number, code.scope, refresh, family, true, r);
    RecordGrant("token.authorization_code", client_id, code.user_number, {{"status", 200}, {"refresh_token_issued", !refresh.empty()}});
    return res;
  }

  if (grant == "refresh_token") {
    if (client_id != kClientId) return GrantError("refresh", client_id, "invalid_client_id", "client identifier invalid");
    if (secret && !ConstantTimeEquals(*secret, kClientSecret)) {
      return GrantError("refresh", client_id, "invalid_client", "invalid client credentials");
    }
    std::unique_lock<std::mutex> lock(mu_);
    auto it = refresh_.find(Param(p, "refresh_token"));
    if (it == refresh_.end() || it->second.state != RefreshToken::State::kActive) {
      bool replay = it != refresh_.end() && it->second.state == RefreshToken::State::kRotated;
      if (replay) RevokeFamily(it->second.family);  // reuse of a rotated-away token: the whole family goes
      lock.unlock();
      RecordGrant("token.refresh", client_id, 0,
                  {{"status", 400}, {"error", "invalid_grant"}, {"error_description", "expired access/refresh token"},
                   {"family_revoked", replay}});
      return OAuthError(400, "invalid_grant", "expired access/refresh token");
    }
    RefreshToken& old = it->second;
    std::string rotated;
    if (settings_.rotate_refresh_tokens) {
      old.state = RefreshToken::State::kRotated;
      rotated = "5Aep861" + RandomToken(60);
      refresh_[rotated] = RefreshToken{old.client_id, old.scope, old.user_number, old.family};
    }
    RefreshToken copy = refresh_.at(Param(p, "refresh_token"));
    auto res = TokenResponse(client_id, copy.user_number, copy.scope, rotated, copy.family, true, r);
    lock.unlock();
    RecordGrant("token.refresh", client_id, copy.user_number, {{"status", 200}, {"rotated", !rotated.empty()}, {"family", copy.family}});
    return res;
  }

  if (grant == "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    std::shared_ptr<const JwtVerifier> verifier;
    {
      std::lock_guard<std::mutex> lock(mu_);
      verifier = jwt_;
    }
    if (!verifier) return GrantError("jwt_bearer", client_id, "invalid_grant", "invalid assertion");
    auto claims = verifier->Verify(Param(p, "assertion"));
    if (!claims.ok()) return GrantError("jwt_bearer", client_id, "invalid_grant", "invalid assertion");
    std::string iss = claims->value("iss", "");
    if (iss != kClientId) return GrantError("jwt_bearer", iss, "invalid_client_id", "client identifier invalid");
    std::string aud = (*claims)["aud"].is_string() ? (*claims)["aud"].get<std::string>() : "";
    if ((*claims)["aud"].is_array() && !(*claims)["aud"].empty() && (*claims)["aud"][0].is_string()) {
      aud = (*claims)["aud"][0].get<std::string>();
    }
    std::string base;
    {
      std::lock_guard<std::mutex> lock(mu_);
      base = base_url_;
    }
    // A production org: its login URL (the sandbox's own, or login.salesforce.com); test.salesforce.com is
    // the audience of sandbox orgs and is refused.
    if (aud != base && aud != kProductionLoginUrl) return GrantError("jwt_bearer", iss, "invalid_grant", "audience is invalid");
    if (!(*claims)["exp"].is_number()) return GrantError("jwt_bearer", iss, "invalid_grant", "invalid assertion");
    int64_t exp = (*claims)["exp"].get<int64_t>();
    int64_t now_secs = Now() / 1000;
    if (exp < now_secs) return GrantError("jwt_bearer", iss, "invalid_grant", "expired authorization code");
    if (exp > now_secs + kJwtMaxExpirySecs) return GrantError("jwt_bearer", iss, "invalid_grant", "invalid assertion");
    auto user = UserByName(claims->value("sub", ""));
    if (!user) return GrantError("jwt_bearer", iss, "invalid_grant", "user hasn't approved this consumer");
    std::unique_lock<std::mutex> lock(mu_);
    auto res = TokenResponse(iss, *user, "api", "", 0, false, r);
    lock.unlock();
    RecordGrant("token.jwt_bearer", iss, *user, {{"status", 200}});
    return res;
  }

  if (grant == "client_credentials") {
    if (client_id != kClientId) return GrantError("client_credentials", client_id, "invalid_client_id", "client identifier invalid");
    if (!secret || !ConstantTimeEquals(*secret, kClientSecret)) {
      return GrantError("client_credentials", client_id, "invalid_client", "invalid client credentials");
    }
    std::unique_lock<std::mutex> lock(mu_);
    auto res = TokenResponse(client_id, kIntegrationUserNumber, "api", "", 0, true, r);
    lock.unlock();
    RecordGrant("token.client_credentials", client_id, kIntegrationUserNumber, {{"status", 200}});
    return res;
  }
  return GrantError("unsupported", client_id, "unsupported_grant_type", "grant type not supported");
}

void OAuthServer::RevokeFamily(int64_t family) {
  if (family == 0) return;
  for (auto& [t, rt] : refresh_) {
    if (rt.family == family) rt.state = RefreshToken::State::kRevoked;
  }
  for (auto& [t, at] : access_) {
    if (at.family == family) at.revoked = true;
  }
}

bool OAuthServer::RevokeToken(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = access_.find(token); it != access_.end()) {
    it->second.revoked = true;
    return true;
  }
  if (auto it = refresh_.find(token); it != refresh_.end()) {
    RevokeFamily(it->second.family);
    return true;
  }
  return false;
}

net::HttpResponse OAuthServer::Revoke(const net::HttpRequest& r) {
  Params p = FormParams(r);
  std::string token = Param(p, "token");
  std::string client;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = access_.find(token); it != access_.end()) client = it->second.client_id;
    if (auto it = refresh_.find(token); it != refresh_.end()) client = it->second.client_id;
  }
  if (token.empty()) {
    RecordGrant("token.revoke", client, 0, {{"status", 400}, {"error", "unsupported_token_type"}});
    return OAuthError(400, "unsupported_token_type", "this token type is not supported");
  }
  if (!RevokeToken(token)) {
    RecordGrant("token.revoke", client, 0, {{"status", 400}, {"error", "invalid_token"}});
    return OAuthError(400, "invalid_token", "invalid token");
  }
  RecordGrant("token.revoke", client, 0, {{"status", 200}});
  return net::HttpResponse::Text(200, "", "text/plain;charset=UTF-8");
}

net::HttpResponse OAuthServer::Introspect(const net::HttpRequest& r) {
  Params p = FormParams(r);
  auto [client_id, secret] = ClientCredentials(r, p);
  if (client_id != kClientId || !secret || !ConstantTimeEquals(*secret, kClientSecret)) {
    return OAuthError(401, "invalid_client", "invalid client credentials");
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::string token = Param(p, "token");
  if (auto it = access_.find(token); it != access_.end() && !it->second.revoked && Now() <= it->second.expires_millis) {
    const AccessToken& at = it->second;
    std::string user_name;
    for (const auto& u : SandboxUsers()) {
      if (u.number == at.user_number) user_name = u.username;
    }
    int64_t exp = at.expires_millis / 1000;
    return SandboxJson(200, {{"active", true}, {"scope", at.scope}, {"client_id", at.client_id}, {"username", user_name},
                             {"sub", IdUrl(at.user_number)}, {"token_type", "access_token"}, {"exp", exp},
                             {"iat", exp - settings_.token_ttl_secs}, {"nbf", exp - settings_.token_ttl_secs}});
  }
  if (auto it = refresh_.find(token); it != refresh_.end() && it->second.state == RefreshToken::State::kActive) {
    return SandboxJson(200, {{"active", true}, {"scope", it->second.scope}, {"client_id", it->second.client_id},
                             {"sub", IdUrl(it->second.user_number)}, {"token_type", "refresh_token"}});
  }
  return SandboxJson(200, {{"active", false}});
}

std::optional<Session> OAuthServer::Authenticate(const net::HttpRequest& r) const {
  auto auth = r.Header("Authorization");
  if (!auth) return std::nullopt;
  std::string token;
  if (StartsWith(*auth, "Bearer ")) token = auth->substr(7);
  else if (StartsWith(*auth, "OAuth ")) token = auth->substr(6);
  else return std::nullopt;
  token = std::string(TrimWhitespace(token));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = access_.find(token);
  if (it == access_.end() || it->second.revoked || Now() > it->second.expires_millis) return std::nullopt;
  Session s;
  s.client_id = it->second.client_id;
  s.user_number = it->second.user_number;
  s.user_id = PeopleUniverse::SalesforceId("005", s.user_number);
  for (const auto& u : SandboxUsers()) {
    if (u.number == s.user_number) s.username = u.username;
  }
  return s;
}

net::HttpResponse OAuthServer::Identity(const net::HttpRequest& r, const std::string& api_version) {
  auto session = Authenticate(r);
  if (!session) return OAuthError(403, "Bad_OAuth_Token", "Bad_OAuth_Token");
  std::string base;
  {
    std::lock_guard<std::mutex> lock(mu_);
    base = base_url_;
  }
  const SandboxUser* user = nullptr;
  for (const auto& u : SandboxUsers()) {
    if (u.number == session->user_number) user = &u;
  }
  std::string v = "/services/data/v" + api_version + "/";
  std::string display = user->first_name + " " + user->last_name;
  nlohmann::json urls = {{"enterprise", base + "/services/Soap/c/" + api_version + "/" + org_id()},
                         {"partner", base + "/services/Soap/u/" + api_version + "/" + org_id()},
                         {"rest", base + v}, {"sobjects", base + v + "sobjects/"}, {"query", base + v + "query/"},
                         {"profile", base + "/" + session->user_id}};
  if (StartsWith(r.path, "/services/oauth2/userinfo")) {
    return SandboxJson(200, {{"sub", IdUrl(session->user_number)}, {"user_id", session->user_id},
                             {"organization_id", org_id()}, {"preferred_username", user->username},
                             {"nickname", user->first_name}, {"name", display}, {"email", user->username},
                             {"email_verified", true}, {"given_name", user->first_name}, {"family_name", user->last_name},
                             {"zoneinfo", "Europe/Amsterdam"}, {"active", true}, {"user_type", "STANDARD"},
                             {"language", "en_US"}, {"locale", "en_US"}, {"utcOffset", 3600000}, {"urls", urls}});
  }
  return SandboxJson(200, {{"id", IdUrl(session->user_number)}, {"asserted_user", true}, {"user_id", session->user_id},
                           {"organization_id", org_id()}, {"username", user->username}, {"nick_name", user->first_name},
                           {"display_name", display}, {"email", user->username}, {"email_verified", true},
                           {"first_name", user->first_name}, {"last_name", user->last_name},
                           {"timezone", "Europe/Amsterdam"}, {"active", true}, {"user_type", "STANDARD"},
                           {"language", "en_US"}, {"locale", "en_US"}, {"utcOffset", 3600000}, {"urls", urls}});
}

bool OAuthServer::ExpireToken(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = access_.find(token);
  if (it == access_.end()) return false;
  it->second.expires_millis = Now() - 1;
  return true;
}

int64_t OAuthServer::ExpireAllAccessTokens() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t n = 0;
  for (auto& [t, at] : access_) {
    if (at.expires_millis >= Now()) ++n;
    at.expires_millis = Now() - 1;
  }
  return n;
}

Status OAuthServer::SetJwtCertificate(const std::string& pem) {
  auto verifier = JwtVerifier::FromPem(pem);
  if (!verifier.ok()) return verifier.error();
  std::lock_guard<std::mutex> lock(mu_);
  jwt_ = *verifier;
  return OkStatus();
}

OAuthSettings OAuthServer::settings() const {
  std::lock_guard<std::mutex> lock(mu_);
  return settings_;
}

void OAuthServer::UpdateSettings(const OAuthSettings& settings) {
  std::lock_guard<std::mutex> lock(mu_);
  settings_ = settings;
}

void OAuthServer::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  codes_.clear();
  access_.clear();
  refresh_.clear();
  consents_.clear();
}

}  // namespace salesync::sandbox::salesforce
