#include "oauth/token_client.h"

#include <nlohmann/json.hpp>

#include "oauth/jwt.h"

namespace salesync::oauth {

namespace {

std::string FormEncode(const std::map<std::string, std::string>& form) {
  std::string out;
  for (const auto& [k, v] : form) {
    if (!out.empty()) out += '&';
    out += net::PercentEncode(k) + "=" + net::PercentEncode(v);
  }
  return out;
}

std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::string ExplainOAuthError(const std::string& error, const std::string& description) {
  std::string d = description.empty() ? "" : " (" + description + ")";
  if (error == "access_denied") return "The person at the consent page declined access" + d + ".";
  if (error == "invalid_grant") return "The provider rejected the grant: it is expired, revoked or already used" + d + ".";
  if (error == "invalid_client" || error == "invalid_client_id" || error == "unauthorized_client") {
    return "The provider does not accept this client id or secret" + d + ". Check client_id and client_secret.";
  }
  if (error == "redirect_uri_mismatch") {
    return "The redirect URI is not registered for this app" + d + ". Register the daemon's callback URL exactly.";
  }
  if (error == "invalid_scope") return "The requested scopes are not allowed for this app" + d + ".";
  if (error == "unsupported_grant_type") return "The provider does not support this flow for this app" + d + ".";
  if (error == "invalid_request") return "The provider found the request malformed" + d + ".";
  if (error == "server_error" || error == "temporarily_unavailable") return "The provider had a temporary failure" + d + ".";
  return "The provider answered " + error + d + ".";
}

TokenClient::TokenClient(config::ConnectionConfig connection, std::function<int64_t()> now_ms)
    : connection_(std::move(connection)), now_ms_(std::move(now_ms)) {}

net::ClientRequest TokenClient::BaseRequest(const std::string& method, const std::string& url) const {
  net::ClientRequest r;
  r.method = method;
  r.url = url;
  r.ca_file = connection_.ca_file;
  r.connect_timeout = std::chrono::seconds(connection_.connect_timeout_secs);
  r.timeout = std::chrono::seconds(connection_.timeout_secs);
  r.headers.push_back({"Accept", "application/json"});
  return r;
}

Result<std::string> TokenClient::AuthorizeUrl(const std::string& state, const std::string& code_challenge,
                                              const std::string& redirect_uri) const {
  if (connection_.type != "salesforce") {
    return MakeError(ErrorCode::kConfig, "The browser flow for " + connection_.type +
                                             " connections is not available yet; use the manual flow.");
  }
  std::map<std::string, std::string> q = {{"response_type", "code"},
                                          {"client_id", connection_.client_id},
                                          {"redirect_uri", redirect_uri},
                                          {"state", state},
                                          {"code_challenge", code_challenge},
                                          {"code_challenge_method", "S256"}};
  if (!connection_.scopes.empty()) {
    std::string scope;
    for (const auto& s : connection_.scopes) scope += (scope.empty() ? "" : " ") + s;
    q["scope"] = scope;
  }
  return TrimSlash(connection_.login_url) + "/services/oauth2/authorize?" + FormEncode(q);
}

Result<Grant> TokenClient::ParseGrant(const net::ClientResponse& response, const std::string& what) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(response.body);
  } catch (const nlohmann::json::exception&) {
    ErrorCode code = response.status >= 500 || response.status == 200 ? ErrorCode::kTransient : ErrorCode::kPermanent;
    return MakeError(code, what + ": the provider answered HTTP " + std::to_string(response.status) +
                               " with a body that is not JSON.", connection_.name);
  }
  if (response.status != 200 || !body.is_object() || !body.contains("access_token")) {
    std::string error = body.is_object() ? body.value("error", "") : "";
    std::string description = body.is_object() ? body.value("error_description", "") : "";
    if (error.empty() && body.is_array() && !body.empty() && body[0].is_object()) {
      error = body[0].value("errorCode", "");
      description = body[0].value("message", "");
    }
    ErrorCode code = (response.status >= 500 || response.status == 429 || error == "temporarily_unavailable" ||
                      error == "server_error")
                         ? ErrorCode::kTransient
                         : ErrorCode::kPermanent;
    Error e = MakeError(code, what + ": " + ExplainOAuthError(error.empty() ? "HTTP " + std::to_string(response.status) : error, description),
                        connection_.name);
    return e;
  }
  Grant g;
  g.access_token = Secret(body.value("access_token", ""));
  if (body.contains("refresh_token") && body["refresh_token"].is_string()) {
    g.refresh_token = Secret(body["refresh_token"].get<std::string>());
  }
  g.instance_url = body.value("instance_url", "");
  g.identity_url = body.value("id", "");
  g.scope = body.value("scope", "");
  g.issued_at_ms = now_ms_();
  if (body.contains("issued_at") && body["issued_at"].is_string()) {
    try {
      g.issued_at_ms = std::stoll(body["issued_at"].get<std::string>());
    } catch (const std::exception&) {
    }
  }
  if (body.contains("expires_in") && body["expires_in"].is_number_integer()) {
    // expires_in is the remaining lifetime (Marketo returns the same token with a shrinking value).
    g.expires_at_ms = now_ms_() + body["expires_in"].get<int64_t>() * 1000;
  } else {
    g.expires_at_ms = g.issued_at_ms + kSalesforceSessionMs;
  }
  return g;
}

Result<Grant> TokenClient::PostTokenForm(const std::map<std::string, std::string>& form, const std::string& what) {
  net::ClientRequest r = BaseRequest("POST", TrimSlash(connection_.login_url) + "/services/oauth2/token");
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.body = FormEncode(form);
  auto response = http_.Send(r);
  if (!response.ok()) {
    Error e = response.error();
    e.message = what + ": " + e.message;
    return e;
  }
  return ParseGrant(*response, what);
}

Result<Grant> TokenClient::ExchangeCode(const std::string& code, const Secret& verifier, const std::string& redirect_uri) {
  std::map<std::string, std::string> form = {{"grant_type", "authorization_code"},
                                             {"code", code},
                                             {"client_id", connection_.client_id},
                                             {"redirect_uri", redirect_uri},
                                             {"code_verifier", verifier.Reveal()}};
  if (connection_.client_secret) form["client_secret"] = connection_.client_secret->Reveal();
  return PostTokenForm(form, "Exchanging the authorization code");
}

Result<Grant> TokenClient::Refresh(const Secret& refresh_token) {
  std::map<std::string, std::string> form = {{"grant_type", "refresh_token"},
                                             {"refresh_token", refresh_token.Reveal()},
                                             {"client_id", connection_.client_id}};
  if (connection_.client_secret) form["client_secret"] = connection_.client_secret->Reveal();
  return PostTokenForm(form, "Refreshing the access token");
}

Result<Grant> TokenClient::JwtBearer() {
  if (!connection_.private_key) return MakeError(ErrorCode::kConfig, "The jwt_bearer flow needs private_key.", connection_.name);
  std::string audience = TrimSlash(connection_.login_url);
  auto assertion = SignJwtRs256({connection_.client_id, connection_.username, audience, std::chrono::seconds(180)},
                                *connection_.private_key, std::chrono::system_clock::time_point(std::chrono::milliseconds(now_ms_())));
  if (!assertion.ok()) return assertion.error();
  return PostTokenForm({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", *assertion}},
                       "Requesting a token with a JWT assertion");
}

Result<Grant> TokenClient::ClientCredentials(const ManualCredentials* manual) {
  std::string client_id = connection_.client_id;
  std::string client_secret = connection_.client_secret ? connection_.client_secret->Reveal() : "";
  if (manual && manual->client_id) client_id = manual->client_id->Reveal();
  if (manual && manual->client_secret) client_secret = manual->client_secret->Reveal();
  if (client_id.empty() || client_secret.empty()) {
    return MakeError(ErrorCode::kConfig, "The client_credentials flow needs a client id and secret.", connection_.name);
  }
  if (connection_.type == "marketo") {
    // Marketo takes the parameters in the query string, on GET or POST alike.
    std::string url = TrimSlash(connection_.identity_url) + "/oauth/token?" +
                      FormEncode({{"grant_type", "client_credentials"}, {"client_id", client_id}, {"client_secret", client_secret}});
    auto response = http_.Send(BaseRequest("GET", url));
    if (!response.ok()) {
      Error e = response.error();
      e.message = "Requesting a Marketo access token: " + e.message;
      return e;
    }
    return ParseGrant(*response, "Requesting a Marketo access token");
  }
  return PostTokenForm({{"grant_type", "client_credentials"}, {"client_id", client_id}, {"client_secret", client_secret}},
                       "Requesting a token with client credentials");
}

Status TokenClient::Revoke(const Secret& token) {
  if (connection_.type != "salesforce") return OkStatus();
  net::ClientRequest r = BaseRequest("POST", TrimSlash(connection_.login_url) + "/services/oauth2/revoke");
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.body = FormEncode({{"token", token.Reveal()}});
  auto response = http_.Send(r);
  if (!response.ok()) return response.error();
  if (response->status == 200) return OkStatus();
  // 400 invalid_token: already revoked or expired, which is what we wanted.
  if (response->status == 400) return OkStatus();
  return MakeError(ErrorCode::kTransient, "Revoking the token: the provider answered HTTP " + std::to_string(response->status) + ".",
                   connection_.name);
}

}  // namespace salesync::oauth
