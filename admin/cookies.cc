#include "admin/cookies.h"

#include "base/strings.h"

namespace salesync::admin {

std::optional<std::string> CookieValue(const net::HttpRequest& request, std::string_view name) {
  auto header = request.Header("Cookie");
  if (!header) return std::nullopt;
  for (const std::string& pair : SplitString(*header, ';')) {
    std::string_view p = TrimWhitespace(pair);
    size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    if (TrimWhitespace(p.substr(0, eq)) != name) continue;
    std::string_view value = TrimWhitespace(p.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return std::nullopt;
}

namespace {
std::string Attributes(bool secure) { return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : ""); }
}  // namespace

std::string SessionCookieHeader(const std::string& value, std::chrono::seconds max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + value + "; Max-Age=" + std::to_string(max_age.count()) + Attributes(secure);
}

std::string ClearSessionCookieHeader(bool secure) {
  return std::string(kSessionCookie) + "=; Max-Age=0" + Attributes(secure);
}

}  // namespace salesync::admin
