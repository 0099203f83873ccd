// OAuthServer: the emulated org's OAuth 2.0 endpoints and the sessions they issue.
//
//   GET  /services/oauth2/authorize   consent page (or, with auto-approve, the redirect at once)
//   POST /services/oauth2/authorize   the consent form's answer: redirect with code+state or access_denied
//   POST /services/oauth2/token       authorization_code (+PKCE S256), refresh_token (rotation optional),
//                                     urn:ietf:params:oauth:grant-type:jwt-bearer, client_credentials
//   POST /services/oauth2/revoke      token=... (GET ?token= too)
//   POST /services/oauth2/introspect  token=... with client credentials
//   GET  /services/oauth2/userinfo, GET /id/{org}/{user}   identity of the token's user
//
// One connected app (client id/secret printed in the sandbox's JSON line) with the registered redirect
// URIs, matched byte for byte. Access tokens ("00D…!…") live token_ttl_secs on the sandbox clock, then
// REST answers 401 INVALID_SESSION_ID. A refresh token starts a token family; with rotation on, each
// refresh returns a new refresh token and retires the old one, and presenting a retired one revokes the
// whole family (every refresh and access token of it). Every grant, refresh and revocation attempt is
// recorded in the effects log with its outcome. Error bodies are {"error","error_description"} with 400
// (401 for bad client credentials on introspect).
// Thread-safety: all methods are thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/http_message.h"
#include "sandbox/provider.h"
#include "sandbox/salesforce/salesforce_jwt.h"

namespace salesync::sandbox::salesforce {

// The connected app and org the sandbox emulates (fixed, so tests and the JSON line agree).
inline constexpr char kClientId[] = "3MVG9SaLeSyNcSaNdBoXcOnNeCtEdApP.salesync.sandbox.emulator";
inline constexpr char kClientSecret[] = "5A1E5F0RCE5ANDB0X5ECRET0000000000000000000000000000000000000000001";
inline constexpr char kProductionLoginUrl[] = "https://login.salesforce.com";
inline constexpr int64_t kCodeLifetimeMillis = 15LL * 60 * 1000;
inline constexpr int64_t kJwtMaxExpirySecs = 180;

// Who a REST call runs as.
struct Session {
  std::string client_id;
  int64_t user_number = 0;
  std::string user_id;   // "005…"
  std::string username;
};

struct OAuthSettings {
  std::vector<std::string> redirect_uris;
  bool auto_approve = false;
  int64_t token_ttl_secs = 7200;
  bool rotate_refresh_tokens = true;
};

class OAuthServer {
 public:
  explicit OAuthServer(std::shared_ptr<SandboxEnvironment> env);

  void SetBaseUrl(const std::string& base_url);
  std::string org_id() const;  // 18 characters

  net::HttpResponse Authorize(const net::HttpRequest& request);
  net::HttpResponse Token(const net::HttpRequest& request);
  net::HttpResponse Revoke(const net::HttpRequest& request);
  net::HttpResponse Introspect(const net::HttpRequest& request);
  net::HttpResponse Identity(const net::HttpRequest& request, const std::string& api_version);

  // The session of "Authorization: Bearer|OAuth <token>"; nullopt when missing, unknown, revoked or expired.
  std::optional<Session> Authenticate(const net::HttpRequest& request) const;

  // Control API. Each returns false when the token is unknown.
  bool ExpireToken(const std::string& token);
  bool RevokeToken(const std::string& token);  // as /revoke does: a refresh token takes its family along
  int64_t ExpireAllAccessTokens();
  Status SetJwtCertificate(const std::string& pem);
  OAuthSettings settings() const;
  void UpdateSettings(const OAuthSettings& settings);
  void Reset();

 private:
  struct Code {
    std::string client_id, redirect_uri, challenge, scope;
    bool has_challenge = false;
    int64_t user_number = 0;
    int64_t expires_millis = 0;
    bool used = false;
  };
  struct AccessToken {
    std::string client_id, scope;
    int64_t user_number = 0;
    int64_t family = 0;  // 0: not from a refresh token family
    int64_t expires_millis = 0;
    bool revoked = false;
  };
  struct RefreshToken {
    std::string client_id, scope;
    int64_t user_number = 0;
    int64_t family = 0;
    enum class State { kActive, kRotated, kRevoked } state = State::kActive;
  };
  struct Consent {
    std::string redirect_uri, state, scope, challenge;
    bool has_challenge = false;
    int64_t user_number = 0;
  };

  net::HttpResponse TokenResponse(const std::string& client_id, int64_t user_number, const std::string& scope,
                                  const std::string& refresh_token, int64_t family, bool signature,
                                  const net::HttpRequest& request);  // REQUIRES: mu_ held
  net::HttpResponse GrantError(const std::string& grant, const std::string& client_id, const std::string& error,
                               const std::string& description);
  void RecordGrant(const std::string& operation, const std::string& client_id, int64_t user_number,
                   const nlohmann::json& result);
  std::string IdUrl(int64_t user_number) const;
  std::string Redirect(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& params) const;
  void RevokeFamily(int64_t family);  // REQUIRES: mu_ held
  std::optional<int64_t> UserByName(const std::string& username) const;
  int64_t Now() const { return env_->clock.NowUnixMillis(); }

  std::shared_ptr<SandboxEnvironment> env_;
  mutable std::mutex mu_;
  OAuthSettings settings_;
  std::string base_url_;
  std::shared_ptr<const JwtVerifier> jwt_;
  std::map<std::string, Code> codes_;
  std::map<std::string, AccessToken> access_;
  std::map<std::string, RefreshToken> refresh_;
  std::map<std::string, Consent> consents_;
  int64_t next_family_ = 1;
};

}  // namespace salesync::sandbox::salesforce
