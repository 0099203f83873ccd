#include "oauth/connection_routes.h"

#include <chrono>

#include "admin/json_response.h"
#include "base/strings.h"

namespace salesync::oauth {

namespace {

std::optional<Secret> OptionalSecret(const nlohmann::json& body, const char* key) {
  if (body.contains(key) && body[key].is_string() && !body[key].get<std::string>().empty()) {
    return Secret(body[key].get<std::string>());
  }
  return std::nullopt;
}

}  // namespace

std::string RenderCallbackPage(bool ok, const std::string& message) {
  std::string title = ok ? "Connected" : "Not connected";
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>salesync: " + title +
         "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}"
         "h1{font-size:1.5rem}.ok{color:#1a7f37}.fail{color:#b42318}</style></head><body>"
         "<h1 class=\"" + std::string(ok ? "ok" : "fail") + "\" id=\"result\">" + title + "</h1><p id=\"message\">" +
         HtmlEscape(message) + "</p><p><a id=\"back\" href=\"/ui/#/connections\">Back to the admin page</a></p></body></html>\n";
}

Result<std::string> TestConnection(ConnectionManager& manager, ApiClient& api, const std::string& name) {
  const auto* c = manager.Config(name);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + name + "\" is configured.");
  net::ClientRequest r;
  if (c->type == "salesforce") r.url = "/services/data/" + c->api_version + "/limits";
  else if (c->type == "marketo") r.url = "/rest/v1/leads/describe.json";
  else return MakeError(ErrorCode::kConflict, "Testing " + c->type + " connections arrives with their connector.");
  auto started = std::chrono::steady_clock::now();
  auto response = api.Call(name, r);
  if (!response.ok()) return response.error();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::string detail;
  if (c->type == "salesforce") {
    auto usage = response->http.headers.find("Sforce-Limit-Info");
    if (usage != response->http.headers.end()) detail = ", " + usage->second;
  }
  return "The " + c->type + " API answered " + r.url + " in " + std::to_string(ms) + " ms" + detail + ".";
}

void RegisterConnectionRoutes(admin::Router& router, ConnectionRoutesDeps deps) {
  ConnectionManager* m = deps.manager;
  ApiClient* api = deps.api;
  using admin::JsonError;
  using admin::JsonResponse;
  using admin::PathParams;
  using net::HttpRequest;

  router.Add("GET", "/api/v1/connections", true, [m](const HttpRequest&, const PathParams&) {
    return JsonResponse(200, {{"connections", m->Describe()}});
  });

  router.Add("POST", "/api/v1/connections/{name}/authorize", true, [m](const HttpRequest&, const PathParams& p) {
    auto start = m->BeginAuthorization(p.at("name"));
    if (!start.ok()) return admin::ErrorResponse(start.error());
    return JsonResponse(200, {{"authorize_url", start->authorize_url},
                              {"attempt_id", start->attempt_id},
                              {"expires_at_ms", start->expires_at_ms},
                              {"redirect_uri", m->RedirectUri(p.at("name"))}});
  });

  router.Add("GET", "/api/v1/connections/attempts/{id}", true, [m](const HttpRequest&, const PathParams& p) {
    auto a = m->Attempt(p.at("id"));
    if (!a.ok()) return admin::ErrorResponse(a.error());
    return JsonResponse(200, {{"connection", a->connection}, {"status", a->status}, {"message", a->message}});
  });

  router.Add("POST", "/api/v1/connections/{name}/connect", true, [m](const HttpRequest&, const PathParams& p) {
    Status s = m->ConnectNow(p.at("name"));
    if (!s.ok()) return admin::ErrorResponse(s.error());
    return JsonResponse(200, {{"connection", p.at("name")}, {"state", "connected"}});
  });

  router.Add("POST", "/api/v1/connections/{name}/manual", true, [m](const HttpRequest& r, const PathParams& p) {
    nlohmann::json body;
    net::HttpResponse bad;
    if (!admin::ParseJsonBody(r, body, bad)) return bad;
    if (!body.is_object()) return JsonError(400, "invalid_argument", "Send a JSON object of credentials.");
    ManualCredentials creds;
    creds.client_id = OptionalSecret(body, "client_id");
    creds.client_secret = OptionalSecret(body, "client_secret");
    creds.access_token = OptionalSecret(body, "access_token");
    creds.refresh_token = OptionalSecret(body, "refresh_token");
    creds.instance_url = body.value("instance_url", "");
    Status s = m->ConnectManual(p.at("name"), creds);
    if (!s.ok()) return admin::ErrorResponse(s.error());
    return JsonResponse(200, {{"connection", p.at("name")}, {"state", "connected"}});
  });

  router.Add("POST", "/api/v1/connections/{name}/test", true, [m, api](const HttpRequest&, const PathParams& p) {
    auto result = TestConnection(*m, *api, p.at("name"));
    if (!result.ok()) return admin::ErrorResponse(result.error());
    return JsonResponse(200, {{"connection", p.at("name")}, {"ok", true}, {"message", *result}});
  });

  router.Add("DELETE", "/api/v1/connections/{name}", true, [m](const HttpRequest&, const PathParams& p) {
    auto result = m->Disconnect(p.at("name"));
    if (!result.ok()) return admin::ErrorResponse(result.error());
    return JsonResponse(200, {{"connection", p.at("name")}, {"state", "not_connected"}, {"message", *result}});
  });

  auto rotate = deps.rotate_vault;
  router.Add("POST", "/api/v1/vault/rotate-key", true, [rotate](const HttpRequest&, const PathParams&) {
    auto id = rotate();
    if (!id.ok()) return admin::ErrorResponse(id.error());
    return JsonResponse(200, {{"key_id", *id}, {"message", "Every stored secret is now sealed with the new key."}});
  });

  router.Add("GET", "/oauth/callback", false, [m](const HttpRequest& r, const PathParams&) {
    auto result = m->CompleteAuthorization(r.QueryParam("state").value_or(""), r.QueryParam("code").value_or(""),
                                           r.QueryParam("error").value_or(""),
                                           r.QueryParam("error_description").value_or(""));
    net::HttpResponse page = net::HttpResponse::Text(result.ok ? 200 : 400, RenderCallbackPage(result.ok, result.message),
                                                     "text/html; charset=utf-8");
    page.headers.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"});
    page.headers.push_back({"Referrer-Policy", "no-referrer"});
    return page;
  });
}

}  // namespace salesync::oauth
