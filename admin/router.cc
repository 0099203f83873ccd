#include "admin/router.h"

#include "base/strings.h"

namespace salesync::admin {

namespace {
std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  for (auto& s : SplitString(path, '/')) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}
}  // namespace

void Router::Add(const std::string& method, const std::string& pattern, bool requires_auth, RouteHandler handler) {
  entries_.push_back({method, pattern, Segments(pattern), requires_auth, std::move(handler)});
}

RouteMatch Router::Route(const std::string& method, const std::string& path) const {
  RouteMatch result;
  result.pattern = "unmatched";
  std::vector<std::string> segments = Segments(path);
  for (const auto& e : entries_) {
    if (e.segments.size() != segments.size()) continue;
    PathParams params;
    bool match = true;
    for (size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& p = e.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') params[p.substr(1, p.size() - 2)] = segments[i];
      else match = p == segments[i];
    }
    if (!match) continue;
    if (e.method != method && !(method == "HEAD" && e.method == "GET")) {
      result.status = 405;
      result.pattern = e.pattern;
      result.allow += (result.allow.empty() ? "" : ", ") + e.method;
      continue;
    }
    result.handler = &e.handler;
    result.params = std::move(params);
    result.pattern = e.pattern;
    result.requires_auth = e.requires_auth;
    result.status = 200;
    return result;
  }
  return result;
}

}  // namespace salesync::admin
