#include "sandbox/marketo/marketo_auth.h"

#include "base/random.h"
#include "base/secret.h"
#include "base/strings.h"

namespace salesync::sandbox::marketo {

MarketoAuth::MarketoAuth(std::string client_id, std::string client_secret, int64_t ttl_secs, bool reject_query_token)
    : client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)),
      ttl_secs_(ttl_secs),
      reject_query_token_(reject_query_token) {}

std::string MarketoAuth::NewTokenValue() {
  // "cdf01657-110d-4155-99a7-f986b2ff13a0:int", the shape of the documented example.
  auto hex = RandomHex(16);
  std::string h = hex.ok() ? *hex : std::string(32, '0');
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12) +
         ":int";
}

net::HttpResponse MarketoAuth::HandleTokenRequest(const net::HttpRequest& request, int64_t now) {
  auto params = net::ParseQueryString(request.query);
  auto ct = request.Header("Content-Type");
  if (request.method == "POST" && ct && StartsWith(ToLowerAscii(*ct), "application/x-www-form-urlencoded")) {
    for (auto& kv : net::ParseQueryString(request.body)) params.push_back(std::move(kv));
  }
  auto get = [&](std::string_view name) -> std::string {
    for (auto& [k, v] : params) {
      if (k == name) return v;
    }
    return "";
  };
  auto oauth_error = [](int status, const std::string& error, const std::string& description) {
    net::HttpResponse r;
    r.status = status;
    r.content_type = "application/json;charset=UTF-8";
    r.headers.push_back({"Cache-Control", "no-store"});
    r.body = nlohmann::json{{"error", error}, {"error_description", description}}.dump();
    return r;
  };
  if (request.method != "GET" && request.method != "POST") {
    return oauth_error(405, "invalid_request", "Request method '" + request.method + "' not supported");
  }
  if (get("grant_type") != "client_credentials") {
    return oauth_error(400, "unsupported_grant_type", "Unsupported grant type: " + get("grant_type"));
  }
  if (!ConstantTimeEquals(get("client_id"), client_id_) || !ConstantTimeEquals(get("client_secret"), client_secret_)) {
    return oauth_error(401, "invalid_client", "Bad client credentials");
  }
  std::string value;
  int64_t expires_at = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto cur = current_.find(client_id_);
    if (cur != current_.end()) {
      auto t = tokens_.find(cur->second);
      if (t != tokens_.end() && t->second.expires_at_millis > now) {
        value = cur->second;
        expires_at = t->second.expires_at_millis;
      }
    }
    if (value.empty()) {
      value = NewTokenValue();
      expires_at = now + ttl_secs_ * 1000;
      tokens_[value] = Token{client_id_, expires_at, false};
      current_[client_id_] = value;
    }
  }
  // Remaining whole seconds, rounded down: a fresh 3600 s token reads 3599, as in the documentation.
  int64_t expires_in = std::max<int64_t>(0, (expires_at - now - 1) / 1000);
  net::HttpResponse r;
  r.status = 200;
  r.content_type = "application/json;charset=UTF-8";
  r.headers.push_back({"Cache-Control", "no-store"});
  r.body = nlohmann::json{{"access_token", value}, {"token_type", "bearer"}, {"expires_in", expires_in}, {"scope", scope()}}
               .dump();
  return r;
}

TokenCheck MarketoAuth::Check(const net::HttpRequest& request, int64_t now) {
  std::string token;
  if (auto auth = request.Header("Authorization")) {
    std::string_view a = TrimWhitespace(*auth);
    if (a.size() > 7 && ToLowerAscii(a.substr(0, 7)) == "bearer ") token = std::string(TrimWhitespace(a.substr(7)));
  }
  if (token.empty() && !reject_query_token_) {
    if (auto q = request.QueryParam("access_token")) token = *q;
  }
  if (token.empty()) return {"600", ""};
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return {"601", ""};
  if (it->second.expires_at_millis <= now) {
    if (!it->second.expiry_reported) {
      it->second.expiry_reported = true;
      return {"602", ""};
    }
    return {"601", ""};
  }
  return {"", it->second.client_id};
}

void MarketoAuth::ExpireAll(int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [value, t] : tokens_) {
    if (t.expires_at_millis > now) t.expires_at_millis = now;
  }
}

}  // namespace salesync::sandbox::marketo
