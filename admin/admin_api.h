// AdminApi: the daemon's HTTP surface, as one pure Handle(request) function over a Router.
//
//   GET /healthz          alive (no auth)
//   GET /readyz           store open and config loaded (no auth); 503 otherwise
//   GET /metrics          Prometheus text (no auth: it holds no secrets; keep the listener on loopback)
//   GET /api/v1/status    version, uptime, store, config file (bearer token)
// Every /api/v1/ route requires "Authorization: Bearer <admin token>", compared in constant time, or the
// session cookie of the admin web page (see session_store.h). A cookie session that is unknown or expired gets
// 401; a state-changing request (anything but GET/HEAD) made with a cookie session must carry the session's
// CSRF token in X-CSRF-Token, else 403 csrf_failed. Bearer requests (the CLI) never need a CSRF token: a
// browser cannot be made to send that header to another site. Other folders add their routes through router().
// Responses get "Cache-Control: no-store" unless the route set its own Cache-Control.
// Each request is counted in salesync_http_requests_total{route,code}.
// Thread-safety: Handle() is called concurrently from server threads; setters are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "admin/router.h"
#include "admin/session_store.h"
#include "base/metrics.h"
#include "base/secret.h"
#include "net/http_message.h"

namespace salesync::store {
class Store;
}

namespace salesync::admin {

struct AdminStatusInfo {
  std::string version;
  std::string config_file;
  std::string state_dir;
  std::string listen_url;
};

class AdminApi {
 public:
  AdminApi(store::Store* store, MetricsRegistry* metrics, SessionOptions session_options = {},
           SessionStore::Clock session_clock = [] { return std::chrono::steady_clock::now(); });

  void SetToken(Secret token);
  void SetStatusInfo(AdminStatusInfo info);
  void SetReady(bool ready) { ready_ = ready; }

  // Registers further routes (before serving).
  Router& router() { return router_; }

  net::HttpResponse Handle(const net::HttpRequest& request);

  // True when `request` carries the admin token (exposed for routes that authenticate differently).
  bool Authenticated(const net::HttpRequest& request) const;
  // True when `presented` is the admin token (constant time); false while no token is set.
  bool IsAdminToken(const std::string& presented) const;

  // The web page's sessions; ui/ signs in and out through them.
  SessionStore& sessions() { return sessions_; }
  // Whether session cookies get the Secure attribute (the listener is HTTPS).
  void SetSecureCookies(bool secure) { secure_cookies_ = secure; }
  bool secure_cookies() const { return secure_cookies_.load(); }

 private:
  net::HttpResponse Healthz() const;
  net::HttpResponse Readyz() const;
  net::HttpResponse Metrics() const;
  net::HttpResponse Status() const;
  // nullopt when `request` may call an authenticated route; else the 401/403 to answer.
  std::optional<net::HttpResponse> Authorize(const net::HttpRequest& request);

  store::Store* store_;
  MetricsRegistry* metrics_;
  Router router_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::system_clock::time_point started_wall_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> secure_cookies_{false};
  SessionStore sessions_;
  mutable std::mutex mu_;
  Secret token_;
  AdminStatusInfo info_;
};

}  // namespace salesync::admin
