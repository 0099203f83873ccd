#include "admin/admin_api.h"

#include <unistd.h>

#include <algorithm>

#include "admin/cookies.h"
#include "admin/json_response.h"
#include "base/log.h"
#include "base/strings.h"
#include "store/store.h"

namespace salesync::admin {

AdminApi::AdminApi(store::Store* store, MetricsRegistry* metrics, SessionOptions session_options,
                   SessionStore::Clock session_clock)
    : store_(store),
      metrics_(metrics),
      started_(std::chrono::steady_clock::now()),
      started_wall_(std::chrono::system_clock::now()),
      sessions_(session_options, std::move(session_clock)) {
  metrics_->DeclareCounter("salesync_http_requests_total", "Admin API requests by route and status code.");
  metrics_->DeclareGauge("salesync_uptime_seconds", "Seconds since the daemon started.");
  metrics_->SetGaugeCallback("salesync_uptime_seconds", {}, [this] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  });
  metrics_->DeclareGauge("salesync_store_size_bytes", "Bytes the SQLite store occupies, WAL included.");
  metrics_->SetGaugeCallback("salesync_store_size_bytes", {}, [this] {
    auto size = store_->SizeBytes();
    return size.ok() ? static_cast<double>(*size) : -1.0;
  });

  router_.Add("GET", "/healthz", false, [this](const net::HttpRequest&, const PathParams&) { return Healthz(); });
  router_.Add("GET", "/readyz", false, [this](const net::HttpRequest&, const PathParams&) { return Readyz(); });
  router_.Add("GET", "/metrics", false, [this](const net::HttpRequest&, const PathParams&) { return Metrics(); });
  router_.Add("GET", "/api/v1/status", true, [this](const net::HttpRequest&, const PathParams&) { return Status(); });
}

void AdminApi::SetToken(Secret token) {
  std::lock_guard<std::mutex> lock(mu_);
  token_ = std::move(token);
}

void AdminApi::SetStatusInfo(AdminStatusInfo info) {
  std::lock_guard<std::mutex> lock(mu_);
  info_ = std::move(info);
}

bool AdminApi::Authenticated(const net::HttpRequest& request) const {
  auto header = request.Header("Authorization");
  static const std::string kPrefix = "Bearer ";
  if (!header || header->size() <= kPrefix.size() || header->compare(0, kPrefix.size(), kPrefix) != 0) return false;
  return IsAdminToken(header->substr(kPrefix.size()));
}

bool AdminApi::IsAdminToken(const std::string& presented) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_.empty()) return false;
  return ConstantTimeEquals(presented, token_.Reveal());
}

std::optional<net::HttpResponse> AdminApi::Authorize(const net::HttpRequest& request) {
  if (Authenticated(request)) return std::nullopt;
  auto cookie = request.Header("Authorization") ? std::nullopt : CookieValue(request, kSessionCookie);
  if (!cookie) {
    net::HttpResponse r = JsonError(401, "unauthenticated",
                                    "Missing or wrong admin token. Send \"Authorization: Bearer TOKEN\"; the token is in "
                                    "STATE_DIR/admin.token unless admin.token is configured.");
    r.headers.push_back({"WWW-Authenticate", "Bearer realm=\"salesync\""});
    return r;
  }
  std::optional<Secret> csrf = sessions_.Touch(*cookie);
  if (!csrf) {
    net::HttpResponse r = JsonError(401, "session_expired", "Your session has ended; sign in again with the admin token.");
    r.headers.push_back({"Set-Cookie", ClearSessionCookieHeader(secure_cookies())});
    return r;
  }
  bool safe = request.method == "GET" || request.method == "HEAD";
  if (!safe) {
    auto presented = request.Header("X-CSRF-Token");
    if (!presented || !ConstantTimeEquals(*presented, csrf->Reveal())) {
      LogWarning("Refused a browser request without its CSRF token.",
                 {{"method", request.method}, {"path", request.path}, {"remote", request.remote_address}});
      return JsonError(403, "csrf_failed",
                       "This request lacks the page's CSRF token (X-CSRF-Token); reload the page and try again.");
    }
  }
  return std::nullopt;
}

net::HttpResponse AdminApi::Handle(const net::HttpRequest& request) {
  RouteMatch match = router_.Route(request.method, request.path);
  net::HttpResponse response;
  if (match.handler == nullptr) {
    if (match.status == 405) {
      response = JsonError(405, "method_not_allowed",
                           request.method + " is not allowed on " + request.path + " (allowed: " + match.allow + ").");
      response.headers.push_back({"Allow", match.allow});
    } else {
      response = JsonError(404, "not_found", "No such route: " + request.path + ".");
    }
  } else if (auto refused = match.requires_auth ? Authorize(request) : std::nullopt) {
    response = std::move(*refused);
  } else {
    response = (*match.handler)(request, match.params);
  }
  bool has_cache_control = std::any_of(response.headers.begin(), response.headers.end(), [](const auto& h) {
    return ToLowerAscii(h.first) == "cache-control";
  });
  if (!has_cache_control) response.headers.push_back({"Cache-Control", "no-store"});
  response.headers.push_back({"X-Content-Type-Options", "nosniff"});
  metrics_->AddCounter("salesync_http_requests_total",
                       {{"route", match.pattern}, {"method", request.method}, {"code", std::to_string(response.status)}});
  LogDebug("Admin request.", {{"method", request.method}, {"route", match.pattern}, {"status", response.status},
                             {"remote", request.remote_address}});
  return response;
}

net::HttpResponse AdminApi::Healthz() const { return JsonResponse(200, {{"status", "ok"}}); }

net::HttpResponse AdminApi::Readyz() const {
  bool store_ok = store_->Ping().ok();
  bool ready = ready_.load() && store_ok;
  return JsonResponse(ready ? 200 : 503, {{"status", ready ? "ready" : "not_ready"},
                                          {"checks", {{"store", store_ok ? "ok" : "failing"},
                                                      {"config", ready_.load() ? "loaded" : "loading"}}}});
}

net::HttpResponse AdminApi::Metrics() const {
  net::HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_->RenderPrometheus();
  return r;
}

net::HttpResponse AdminApi::Status() const {
  AdminStatusInfo info;
  {
    std::lock_guard<std::mutex> lock(mu_);
    info = info_;
  }
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
  auto size = store_->SizeBytes();
  nlohmann::json store = {{"path", store_->path()},
                          {"schema_version", store_->schema_version()},
                          {"size_bytes", size.ok() ? *size : -1}};
  return JsonResponse(200, {{"version", info.version},
                            {"pid", static_cast<int64_t>(::getpid())},
                            {"started_at", FormatUtcSeconds(std::chrono::duration_cast<std::chrono::milliseconds>(started_wall_.time_since_epoch()).count())},
                            {"uptime_secs", uptime},
                            {"config_file", info.config_file},
                            {"state_dir", info.state_dir},
                            {"listen_url", info.listen_url},
                            {"store", store}});
}

}  // namespace salesync::admin
