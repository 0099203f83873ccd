// AdminApi: the daemon's HTTP surface, as one pure Handle(request) function over a Router.
//
//   GET /healthz          alive (no auth)
//   GET /readyz           store open and config loaded (no auth); 503 otherwise
//   GET /metrics          Prometheus text (no auth: it holds no secrets; keep the listener on loopback)
//   GET /api/v1/status    version, uptime, store, config file (bearer token)
// Every /api/v1/ route requires "Authorization: Bearer <admin token>", compared in constant time; a
// missing or wrong token gets 401 with a JSON error. Other folders add their routes through router().
// Each request is counted in salesync_http_requests_total{route,code}.
// Thread-safety: Handle() is called concurrently from server threads; setters are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include "admin/router.h"
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
  AdminApi(store::Store* store, MetricsRegistry* metrics);

  void SetToken(Secret token);
  void SetStatusInfo(AdminStatusInfo info);
  void SetReady(bool ready) { ready_ = ready; }

  // Registers further routes (before serving).
  Router& router() { return router_; }

  net::HttpResponse Handle(const net::HttpRequest& request);

  // True when `request` carries the admin token (exposed for routes that authenticate differently).
  bool Authenticated(const net::HttpRequest& request) const;

 private:
  net::HttpResponse Healthz() const;
  net::HttpResponse Readyz() const;
  net::HttpResponse Metrics() const;
  net::HttpResponse Status() const;

  store::Store* store_;
  MetricsRegistry* metrics_;
  Router router_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::system_clock::time_point started_wall_;
  std::atomic<bool> ready_{false};
  mutable std::mutex mu_;
  Secret token_;
  AdminStatusInfo info_;
};

}  // namespace salesync::admin
