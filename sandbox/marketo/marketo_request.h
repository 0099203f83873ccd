// MarketoRequest: one REST call as the handlers see it, whatever way the client sent its parameters.
//
// Marketo takes parameters from the query string, from an x-www-form-urlencoded body when the call is
// POST with _method=GET (the documented work-around for 414, also used by node-marketo-rest for list and
// campaign reads), and JSON bodies for writes. node-marketo-rest 0.12 sends GET/DELETE parameters as a
// JSON body {"query":{...}} and list ids joined as "1&id=2" (shared/reference/marketo.md §8); both are
// accepted. Paths are normalized ("/rest/../bulk/v1" -> "/bulk/v1": node-marketo-rest builds bulk URLs
// that way).
// Thread-safety: value type.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/http_message.h"
#include "sandbox/marketo/marketo_envelope.h"

namespace salesync::sandbox::marketo {

struct MarketoRequest {
  const net::HttpRequest* raw = nullptr;
  std::string method;  // after the _method override
  std::string path;    // dot segments resolved
  std::vector<std::pair<std::string, std::string>> params;
  nlohmann::json body;  // the parsed JSON body, or null
  bool has_body = false;
  bool json_body = false;  // the body was declared (and parsed as) JSON

  // The first value of a parameter.
  std::optional<std::string> Param(std::string_view name) const;
  // Every value of a parameter, each split on ',' and on "&id=" style joins, empty pieces dropped.
  std::vector<std::string> ParamList(std::string_view name) const;
};

// "/a/b/../c/./d" -> "/a/c/d".
std::string NormalizePath(const std::string& path);

// Builds the request; a MarketoFailure for 609 (body declared JSON but not JSON).
struct ParseOutcome {
  MarketoRequest request;
  std::optional<MarketoFailure> failure;
};
ParseOutcome ParseMarketoRequest(const net::HttpRequest& raw);

// Parses an integer parameter; nullopt when absent, MarketoFailure 1003 when not a number.
struct IntParam {
  std::optional<int64_t> value;
  std::optional<MarketoFailure> failure;
};
IntParam ParseIntParam(const MarketoRequest& r, std::string_view name);

bool ParseInt64(std::string_view s, int64_t* out);

}  // namespace salesync::sandbox::marketo
