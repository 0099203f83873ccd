// The route table of the emulated Marketo: "METHOD /rest/v1/lead/{id}.json" patterns, the handler of
// each, and whether it reads or writes the instance data (the provider takes the matching lock).
// Also MarketoCall, what a handler gets: the parsed request, the path captures, the caller, the time.
// Thread-safety: a RouteTable is built once and then only read.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "net/http_message.h"
#include "sandbox/marketo/marketo_data.h"
#include "sandbox/marketo/marketo_envelope.h"
#include "sandbox/marketo/marketo_request.h"
#include "sandbox/provider.h"

namespace salesync::sandbox::marketo {

struct MarketoCall {
  const MarketoRequest& req;
  std::vector<std::string> captures;  // the {..} parts of the path, in order
  std::string actor;                  // client id behind the token
  std::string endpoint;               // "POST /rest/v1/leads.json" (the pattern)
  int64_t now = 0;                    // sandbox clock, unix ms
  SandboxEnvironment* env = nullptr;
  MarketoData* data = nullptr;        // locked as the route declares

  net::HttpResponse Fail(const std::string& code, const std::string& message = "") const {
    return Failure(code, message, now);
  }
  net::HttpResponse Fail(const MarketoFailure& f) const { return Failure(f.code, f.message, now); }
  net::HttpResponse Ok(const nlohmann::json& result) const { return SuccessResult(result, now); }
  // Appends to the effects log (provider "marketo", actor, endpoint filled in).
  void RecordEffect(const std::string& operation, nlohmann::json records, nlohmann::json result) const;
  // The JSON body for a write; nullopt with *failure 612 when the body is not JSON.
  const nlohmann::json* JsonBody(MarketoFailure* failure) const;
};

enum class DataAccess { kRead, kWrite, kNone };

using RouteHandler = std::function<net::HttpResponse(MarketoCall&)>;

struct Route {
  std::string method;
  std::string pattern;
  DataAccess access = DataAccess::kRead;
  RouteHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<std::string> captures;
  bool method_mismatch = false;  // the path exists with another method (605)
};

class RouteTable {
 public:
  void Add(std::string method, std::string pattern, DataAccess access, RouteHandler handler);
  RouteMatch Match(const std::string& method, const std::string& path) const;
  std::vector<std::string> Describe() const;  // "GET /rest/v1/leads.json", ...

 private:
  std::vector<Route> routes_;
};

// Splits a pattern segment like "{id}.json" against "123.json": true with *capture = "123".
bool MatchSegment(const std::string& pattern, const std::string& segment, std::string* capture, bool* captured);

}  // namespace salesync::sandbox::marketo
