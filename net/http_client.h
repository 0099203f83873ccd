// HttpClient: outbound HTTP through libcurl, one reusable handle (keep-alive per host).
//
// TLS verification is always on; a request may name an extra CA file (ca_file) to trust, but there is no
// switch to turn verification off. Failures to reach the server are kTransient with the URL and curl's
// reason; an HTTP status, whatever it is, is a successful exchange that the caller classifies.
// Thread-safety: not thread-safe; use one HttpClient per thread.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/http_message.h"

namespace salesync::net {

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};
  std::string ca_file;  // extra trust anchor (PEM); empty: the system store
  // A new connection for this request. libcurl silently resends a request once when a reused keep-alive
  // connection dies before the first byte of the answer; a non-idempotent call must not arrive twice, so
  // it goes on a fresh connection (ApiClient sets this for non-idempotent calls).
  bool fresh_connection = false;
};

struct ClientResponse {
  int status = 0;
  HeaderMap headers;
  std::string body;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<ClientResponse> Send(const ClientRequest& request);

 private:
  void* curl_;  // CURL*
};

}  // namespace salesync::net
