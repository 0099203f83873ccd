// MarketoAuth: the identity service (GET|POST /identity/oauth/token) and the access tokens it issues.
//
// Behaviour (shared/reference/marketo.md §1):
//   - client credentials in the query string (a form body is also read); bad ones: HTTP 401
//     {"error":"invalid_client","error_description":"Bad client credentials"};
//   - a new token lives token_ttl_secs; asking again before expiry returns the SAME token with the
//     remaining lifetime in expires_in (so it shrinks: 3599, 3594, ...); the last second reads
//     expires_in:0, as peers have seen the real service answer;
//   - on a REST call: no token -> 600; unknown string -> 601; expired -> 602 on its first use after
//     expiry, 601 on every use after that;
//   - the token is read from "Authorization: Bearer" and, unless reject_query_token, from the
//     access_token query parameter (being removed by Adobe on 2026-08-31).
// The sandbox clock drives expiry. Credentials are generated at start and announced in Describe().
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "net/http_message.h"

namespace salesync::sandbox::marketo {

struct TokenCheck {
  std::string error_code;  // "", "600", "601", "602"
  std::string client_id;   // the caller when error_code is empty
};

class MarketoAuth {
 public:
  MarketoAuth(std::string client_id, std::string client_secret, int64_t ttl_secs, bool reject_query_token);

  const std::string& client_id() const { return client_id_; }
  const std::string& client_secret() const { return client_secret_; }
  std::string scope() const { return "apis@salesync-sandbox.example"; }

  // The identity endpoint: the full HTTP response.
  net::HttpResponse HandleTokenRequest(const net::HttpRequest& request, int64_t now_millis);

  // Checks the token of a REST/bulk call.
  TokenCheck Check(const net::HttpRequest& request, int64_t now_millis);

  // Ends every token's life now (for ExpiredTokenResponse-style tests through the control API).
  void ExpireAll(int64_t now_millis);

 private:
  struct Token {
    std::string client_id;
    int64_t expires_at_millis = 0;
    bool expiry_reported = false;  // 602 already answered once
  };

  std::string NewTokenValue();

  std::string client_id_;
  std::string client_secret_;
  int64_t ttl_secs_;
  bool reject_query_token_;

  std::mutex mu_;
  std::unordered_map<std::string, Token> tokens_;
  std::unordered_map<std::string, std::string> current_;  // client id -> its live token
};

}  // namespace salesync::sandbox::marketo
