// Router: maps (method, path pattern) to handlers. Patterns are literal segments and {name} captures:
// "/api/v1/mappings/{name}/preview". Unknown paths get 404, a known path with another method 405 with
// an Allow header; both as JSON errors. The matched pattern (not the raw path) is the metrics route label,
// so label cardinality stays bounded.
// Thread-safety: Add() before serving; Route() is const and thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "net/http_message.h"

namespace salesync::admin {

using PathParams = std::map<std::string, std::string>;
using RouteHandler = std::function<net::HttpResponse(const net::HttpRequest&, const PathParams&)>;

struct RouteMatch {
  const RouteHandler* handler = nullptr;  // null: no route (see status)
  PathParams params;
  std::string pattern;   // the matched pattern, or "unmatched"
  bool requires_auth = false;
  int status = 404;      // 404 or 405 when handler is null
  std::string allow;     // for 405
};

class Router {
 public:
  void Add(const std::string& method, const std::string& pattern, bool requires_auth, RouteHandler handler);
  RouteMatch Route(const std::string& method, const std::string& path) const;

 private:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    bool requires_auth;
    RouteHandler handler;
  };
  std::vector<Entry> entries_;
};

}  // namespace salesync::admin
