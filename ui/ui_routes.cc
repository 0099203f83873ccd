#include "ui/ui_routes.h"

#include <nlohmann/json.hpp>

#include "admin/cookies.h"
#include "admin/json_response.h"
#include "base/log.h"
#include "ui/assets.h"

namespace salesync::ui {

namespace {

using admin::JsonError;
using admin::JsonResponse;
using admin::PathParams;
using net::HttpRequest;
using net::HttpResponse;

void AddPageHeaders(HttpResponse& r) {
  r.headers.push_back({"Content-Security-Policy", kContentSecurityPolicy});
  r.headers.push_back({"X-Frame-Options", "DENY"});
  r.headers.push_back({"Referrer-Policy", "no-referrer"});
  r.headers.push_back({"Cross-Origin-Opener-Policy", "same-origin"});
}

HttpResponse ServeAsset(const HttpRequest& request, const std::string& name) {
  const Asset* asset = FindAsset(name);
  if (asset == nullptr) return JsonError(404, "not_found", "The admin page has no file called \"" + name + "\".");
  HttpResponse r;
  if (request.Header("If-None-Match").value_or("") == asset->etag) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.content_type = asset->content_type;
    r.body = std::string(asset->body);
  }
  r.headers.push_back({"ETag", asset->etag});
  // Revalidate every time: the ETag makes that a 304, and a new binary's files are never mixed with old ones.
  r.headers.push_back({"Cache-Control", "no-cache"});
  AddPageHeaders(r);
  return r;
}

// The value of field `name` in an application/x-www-form-urlencoded body.
std::optional<std::string> FormField(const std::string& body, std::string_view name) {
  for (const auto& [k, v] : net::ParseQueryString(body)) {
    if (k == name) return v;
  }
  return std::nullopt;
}

// A sign-in POST must come from this origin when the browser says where it comes from (login CSRF).
bool SameOrigin(const HttpRequest& request) {
  auto origin = request.Header("Origin");
  if (!origin) return true;
  auto host = request.Header("Host").value_or("");
  return *origin == "http://" + host || *origin == "https://" + host;
}

}  // namespace

void RegisterUiRoutes(admin::AdminApi& api) {
  admin::Router& router = api.router();
  admin::AdminApi* a = &api;

  // The router ignores empty segments, so "/ui" and "/ui/" meet here; relative module paths need the slash.
  router.Add("GET", "/ui", false, [](const HttpRequest& request, const PathParams&) {
    if (!request.path.empty() && request.path.back() == '/') return ServeAsset(request, "index.html");
    HttpResponse r = HttpResponse::Text(308, "The admin page is at /ui/.\n");
    r.headers.push_back({"Location", "/ui/"});
    return r;
  });
  router.Add("GET", "/ui/{asset}", false,
             [](const HttpRequest& r, const PathParams& p) { return ServeAsset(r, p.at("asset")); });

  router.Add("POST", "/ui/api/sign-in", false, [a](const HttpRequest& r, const PathParams&) {
    if (!SameOrigin(r)) {
      return JsonError(403, "cross_origin", "Sign in from the admin page itself.");
    }
    std::optional<std::string> token = FormField(r.body, "token");
    if (!token || token->empty()) {
      return JsonError(400, "invalid_argument", "Enter the admin token (the file admin.token in the state directory).");
    }
    if (!a->IsAdminToken(*token)) {
      LogWarning("Sign-in to the admin page with a wrong token.", {{"remote", r.remote_address}});
      return JsonError(401, "wrong_token",
                       "That is not the admin token. It is in STATE_DIR/admin.token unless admin.token is configured.");
    }
    auto session = a->sessions().Create();
    if (!session.ok()) return admin::ErrorResponse(session.error());
    LogInfo("Signed in to the admin page.", {{"remote", r.remote_address}});
    HttpResponse out = JsonResponse(200, {{"signed_in", true}, {"csrf_token", session->csrf_token.Reveal()}});
    out.headers.push_back({"Set-Cookie", admin::SessionCookieHeader(session->id.Reveal(),
                                                                    a->sessions().options().max_age,
                                                                    a->secure_cookies())});
    return out;
  });

  router.Add("GET", "/ui/api/session", false, [a](const HttpRequest& r, const PathParams&) {
    auto id = admin::CookieValue(r, admin::kSessionCookie);
    std::optional<Secret> csrf = id ? a->sessions().Touch(*id) : std::nullopt;
    if (!csrf) {
      HttpResponse out = JsonError(401, "unauthenticated", "Sign in with the admin token.");
      if (id) out.headers.push_back({"Set-Cookie", admin::ClearSessionCookieHeader(a->secure_cookies())});
      return out;
    }
    return JsonResponse(200, {{"signed_in", true}, {"csrf_token", csrf->Reveal()}});
  });

  // requires_auth: the admin API checks the cookie session and its CSRF token before this runs.
  router.Add("POST", "/ui/api/sign-out", true, [a](const HttpRequest& r, const PathParams&) {
    if (auto id = admin::CookieValue(r, admin::kSessionCookie)) a->sessions().Remove(*id);
    LogInfo("Signed out of the admin page.", {{"remote", r.remote_address}});
    HttpResponse out = JsonResponse(200, {{"signed_in", false}});
    out.headers.push_back({"Set-Cookie", admin::ClearSessionCookieHeader(a->secure_cookies())});
    return out;
  });
}

}  // namespace salesync::ui
