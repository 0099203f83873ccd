// HttpRequest / HttpResponse: plain structs that handlers see, so that route code never includes Beast.
//
// A handler is a pure function of the request: HttpResponse Handle(const HttpRequest&). The server
// (net/http_server.cc) converts to and from the wire. Header names are matched case-insensitively.
// Thread-safety: value types.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesync::net {

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;          // "GET", "POST", ...
  std::string target;          // raw request target: "/api/v1/status?x=1"
  std::string path;            // percent-decoded path: "/api/v1/status"
  std::string query;           // raw query string without '?'
  HeaderMap headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1:53422"

  std::optional<std::string> Header(const std::string& name) const;
  // The first value of a query parameter, percent-decoded ('+' is a space).
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// A response body produced piece by piece (bulk files of hundreds of MB are never held in memory).
// Read() fills up to `max` bytes and returns how many; 0 means the end.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual size_t Read(char* buffer, size_t max) = 0;
};

// What the wire should suffer, for emulators that inject faults. Production handlers leave it kNone.
enum class WireFault {
  kNone,
  kDropConnection,  // close the connection without sending a response
  kTruncateBody,    // announce the full Content-Length, send half the body, close
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  bool close_connection = false;

  // When set, the body comes from here instead of `body`: with Content-Length when
  // stream_length is set, else with chunked transfer encoding.
  std::shared_ptr<BodySource> stream;
  std::optional<uint64_t> stream_length;

  std::chrono::milliseconds delay{0};  // wait this long before answering (without blocking a thread)
  WireFault fault = WireFault::kNone;

  static HttpResponse Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Percent-decoding for paths and query values. Returns nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);
// Percent-encoding of everything outside RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view in);
// Parses "a=1&b=x%20y" into ordered pairs (decoded); malformed pairs are skipped.
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view query);

}  // namespace salesync::net
