// TokenClient: the token endpoint conversations of one connection, per provider and flow.
//
//   Salesforce  authorize URL (code + PKCE S256 + state), code exchange, refresh (rotation aware), JWT bearer,
//               client credentials, revoke — at {login_url}/services/oauth2/...
//   Marketo     client credentials at {identity_url}/oauth/token (parameters in the query string, as the
//               service requires; never logged)
// Salesforce returns no expires_in: the access token is assumed to live for the default 2 h session and is
// refreshed earlier on any 401 INVALID_SESSION_ID.
// Errors: the provider refused the grant (invalid_grant, invalid_client...) -> kPermanent with the provider's
// words; network trouble or 5xx -> kTransient. Tokens never appear in an Error.
// Thread-safety: not thread-safe (one HttpClient); the ConnectionManager serialises use per connection.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/secret.h"
#include "config/connections_config.h"
#include "net/http_client.h"

namespace salesync::oauth {

struct Grant {
  Secret access_token;
  std::optional<Secret> refresh_token;  // present when the provider issued (or rotated) one
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::string instance_url;  // Salesforce: the API host for this org
  std::string identity_url;  // Salesforce: the "id" URL
  std::string scope;
};

// Credentials pasted by an admin for the manual flow (salesyncctl connect NAME --manual).
struct ManualCredentials {
  std::optional<Secret> client_id;
  std::optional<Secret> client_secret;
  std::optional<Secret> access_token;
  std::optional<Secret> refresh_token;
  std::string instance_url;
};

class TokenClient {
 public:
  TokenClient(config::ConnectionConfig connection, std::function<int64_t()> now_ms);

  // The URL a person opens to consent. REQUIRES: type salesforce (others: kConfig).
  Result<std::string> AuthorizeUrl(const std::string& state, const std::string& code_challenge,
                                   const std::string& redirect_uri) const;
  Result<Grant> ExchangeCode(const std::string& code, const Secret& verifier, const std::string& redirect_uri);
  Result<Grant> Refresh(const Secret& refresh_token);
  Result<Grant> JwtBearer();
  // Client credentials; `manual` replaces the configured client id/secret when given.
  Result<Grant> ClientCredentials(const ManualCredentials* manual = nullptr);
  // Revokes a token at the provider (Salesforce); Marketo has no revocation endpoint (OkStatus).
  Status Revoke(const Secret& token);

  static constexpr int64_t kSalesforceSessionMs = 2 * 3600 * 1000;

 private:
  Result<Grant> PostTokenForm(const std::map<std::string, std::string>& form, const std::string& what);
  Result<Grant> ParseGrant(const net::ClientResponse& response, const std::string& what);
  net::ClientRequest BaseRequest(const std::string& method, const std::string& url) const;

  config::ConnectionConfig connection_;
  std::function<int64_t()> now_ms_;
  net::HttpClient http_;
};

// "access_denied" -> a sentence an admin understands; unknown codes keep the provider's description.
std::string ExplainOAuthError(const std::string& error, const std::string& description);

}  // namespace salesync::oauth
