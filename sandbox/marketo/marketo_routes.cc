#include "sandbox/marketo/marketo_routes.h"

#include "base/strings.h"

namespace salesync::sandbox::marketo {

void MarketoCall::RecordEffect(const std::string& operation, nlohmann::json records, nlohmann::json result) const {
  Effect e;
  e.at_unix_millis = now;
  e.provider = "marketo";
  e.actor = actor;
  e.operation = operation;
  e.endpoint = endpoint;
  e.records = std::move(records);
  e.result = std::move(result);
  env->effects.Record(std::move(e));
}

const nlohmann::json* MarketoCall::JsonBody(MarketoFailure* failure) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!req.has_body) return &kEmpty;
  if (!req.json_body) {
    *failure = MarketoFailure{"612", ""};
    return nullptr;
  }
  return &req.body;
}

void RouteTable::Add(std::string method, std::string pattern, DataAccess access, RouteHandler handler) {
  routes_.push_back(Route{std::move(method), std::move(pattern), access, std::move(handler)});
}

bool MatchSegment(const std::string& pattern, const std::string& segment, std::string* capture, bool* captured) {
  size_t open = pattern.find('{');
  *captured = false;
  if (open == std::string::npos) return pattern == segment;
  size_t close = pattern.find('}', open);
  std::string prefix = pattern.substr(0, open);
  std::string suffix = pattern.substr(close + 1);
  if (segment.size() <= prefix.size() + suffix.size()) return false;
  if (segment.compare(0, prefix.size(), prefix) != 0) return false;
  if (segment.compare(segment.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  *capture = segment.substr(prefix.size(), segment.size() - prefix.size() - suffix.size());
  *captured = true;
  return true;
}

RouteMatch RouteTable::Match(const std::string& method, const std::string& path) const {
  RouteMatch out;
  std::vector<std::string> segs = SplitString(path, '/');
  for (const auto& r : routes_) {
    std::vector<std::string> pat = SplitString(r.pattern, '/');
    if (pat.size() != segs.size()) continue;
    std::vector<std::string> caps;
    bool ok = true;
    for (size_t i = 0; i < pat.size() && ok; ++i) {
      std::string cap;
      bool captured = false;
      ok = MatchSegment(pat[i], segs[i], &cap, &captured);
      if (ok && captured) caps.push_back(cap);
    }
    if (!ok) continue;
    if (r.method != method) {
      out.method_mismatch = true;
      continue;
    }
    out.route = &r;
    out.captures = std::move(caps);
    out.method_mismatch = false;
    return out;
  }
  return out;
}

std::vector<std::string> RouteTable::Describe() const {
  std::vector<std::string> out;
  for (const auto& r : routes_) out.push_back(r.method + " " + r.pattern);
  return out;
}

}  // namespace salesync::sandbox::marketo
