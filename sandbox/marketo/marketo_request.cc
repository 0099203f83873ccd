#include "sandbox/marketo/marketo_request.h"

#include <charconv>

#include "base/strings.h"

namespace salesync::sandbox::marketo {

std::optional<std::string> MarketoRequest::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> MarketoRequest::ParamList(std::string_view name) const {
  std::vector<std::string> out;
  std::string joined = std::string("&") + std::string(name) + "=";
  for (const auto& [k, v] : params) {
    if (k != name) continue;
    // "1&id=2" (node-marketo-rest joins ids this way and the value arrives encoded) -> "1,2".
    std::string value = v;
    for (size_t pos = value.find(joined); pos != std::string::npos; pos = value.find(joined, pos)) {
      value.replace(pos, joined.size(), ",");
    }
    for (auto& piece : SplitString(value, ',')) {
      auto t = TrimWhitespace(piece);
      if (!t.empty()) out.emplace_back(t);
    }
  }
  return out;
}

std::string NormalizePath(const std::string& path) {
  std::vector<std::string> parts;
  for (auto& seg : SplitString(path, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(seg);
  }
  std::string out;
  for (auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

namespace {

std::string JsonScalarToParam(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!out.empty()) out += ",";
      out += JsonScalarToParam(e);
    }
    return out;
  }
  if (v.is_null()) return "";
  return v.dump();
}

bool ContentTypeIs(const net::HttpRequest& r, std::string_view type) {
  auto ct = r.Header("Content-Type");
  if (!ct) return false;
  return StartsWith(ToLowerAscii(TrimWhitespace(*ct)), type);
}

}  // namespace

ParseOutcome ParseMarketoRequest(const net::HttpRequest& raw) {
  ParseOutcome out;
  MarketoRequest& r = out.request;
  r.raw = &raw;
  r.method = raw.method;
  r.path = NormalizePath(raw.path);
  r.params = net::ParseQueryString(raw.query);
  r.has_body = !TrimWhitespace(raw.body).empty();
  if (r.has_body) {
    if (ContentTypeIs(raw, "application/x-www-form-urlencoded")) {
      for (auto& kv : net::ParseQueryString(TrimWhitespace(raw.body))) r.params.push_back(std::move(kv));
    } else if (ContentTypeIs(raw, "application/json") || ContentTypeIs(raw, "text/json")) {
      r.body = nlohmann::json::parse(raw.body, nullptr, false);
      if (r.body.is_discarded()) {
        r.body = nullptr;
        out.failure = MarketoFailure{"609", ""};
        return out;
      }
      r.json_body = true;
      // node-marketo-rest 0.12: GET/DELETE parameters travel as {"query": {...}} in the body.
      if (r.body.is_object() && r.body.contains("query") && r.body["query"].is_object() &&
          (raw.method == "GET" || raw.method == "DELETE")) {
        for (auto& [k, v] : r.body["query"].items()) r.params.emplace_back(k, JsonScalarToParam(v));
      }
    }
  }
  // _method=GET on a POST: a read whose parameters came in the form body (Marketo's 414 work-around).
  if (auto m = r.Param("_method"); m && raw.method == "POST") {
    std::string upper = *m;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == "GET" || upper == "DELETE") r.method = upper;
  }
  return out;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  s = TrimWhitespace(s);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

IntParam ParseIntParam(const MarketoRequest& r, std::string_view name) {
  IntParam out;
  auto v = r.Param(name);
  if (!v || TrimWhitespace(*v).empty()) return out;
  int64_t n = 0;
  if (!ParseInt64(*v, &n)) {
    out.failure = MarketoFailure{"1003", "Invalid value for " + std::string(name) + ": '" + *v + "'"};
    return out;
  }
  out.value = n;
  return out;
}

}  // namespace salesync::sandbox::marketo
