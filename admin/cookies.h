// Cookie helpers for the admin web page's session cookie: reading one cookie from a request's Cookie
// header (RFC 6265 §5.4 syntax) and building the Set-Cookie values that set and clear it.
// The cookie is always HttpOnly (no script can read it), SameSite=Strict (no other site's page can make the
// browser send it), Path=/ (the JSON API under /api/v1/ needs it too), and Secure when the listener is TLS.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_message.h"

namespace salesync::admin {

inline constexpr std::string_view kSessionCookie = "salesync_session";

// The value of the first cookie called `name`, or nullopt.
std::optional<std::string> CookieValue(const net::HttpRequest& request, std::string_view name);

// "salesync_session=VALUE; Path=/; Max-Age=N; HttpOnly; SameSite=Strict[; Secure]".
std::string SessionCookieHeader(const std::string& value, std::chrono::seconds max_age, bool secure);
// The Set-Cookie value that makes the browser forget the session cookie.
std::string ClearSessionCookieHeader(bool secure);

}  // namespace salesync::admin
