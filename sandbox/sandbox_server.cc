#include "sandbox/sandbox_server.h"

#include "base/files.h"
#include "base/log.h"
#include "base/random.h"
#include "base/secret.h"
#include "base/strings.h"
#include "net/http_server.h"
#include "net/tls_certificates.h"

namespace salesync::sandbox {

net::HttpResponse SandboxJson(int status, const nlohmann::json& body) {
  net::HttpResponse r;
  r.status = status;
  r.content_type = "application/json;charset=UTF-8";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

struct SandboxServer::Listener {
  std::unique_ptr<Provider> provider;
  std::string host;
  uint16_t port = 0;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<FaultInjector> faults;
};

SandboxServer::SandboxServer(net::EventLoop& loop, std::shared_ptr<SandboxEnvironment> env)
    : loop_(loop), env_(std::move(env)) {
  auto key = RandomHex(16);
  control_key_ = key.ok() ? *key : "sandbox-control";
}

SandboxServer::~SandboxServer() { Stop(); }

void SandboxServer::AddProvider(std::unique_ptr<Provider> provider, const std::string& host, uint16_t port) {
  auto l = std::make_unique<Listener>();
  l->provider = std::move(provider);
  l->host = host;
  l->port = port;
  l->faults = std::make_unique<FaultInjector>(env_->options.seed.seed);
  listeners_.push_back(std::move(l));
}

Status SandboxServer::Start() {
  net::ThrowawayTls tls;
  if (!env_->options.tls_dir.empty()) {
    auto generated = net::GenerateThrowawayTls();
    if (!generated.ok()) return generated.error();
    tls = *generated;
    if (Status s = MakeDirectories(env_->options.tls_dir, 0700); !s.ok()) return s;
    ca_file_ = JoinPath(env_->options.tls_dir, "ca.pem");
    if (Status s = WriteFileAtomic(ca_file_, tls.ca_certificate_pem, 0644); !s.ok()) return s;
  }
  for (auto& l : listeners_) {
    net::HttpServerOptions o;
    o.host = l->host;
    o.port = l->port;
    o.max_body_bytes = 64 * 1024 * 1024;  // Marketo's limits (1 MB, 10 MB) are enforced by the provider
    o.max_header_bytes = 64 * 1024;
    o.max_connections = 1024;
    o.server_name = "salesync-sandbox/" + l->provider->name();
    o.tls_certificate_pem = tls.server_certificate_pem;
    o.tls_private_key_pem = tls.server_private_key_pem;
    std::string name = l->provider->name();
    auto env = env_;
    o.in_flight_observer = [env, name](int delta) {
      if (delta > 0) env->effects.EnterFlight(name);
      else env->effects.LeaveFlight(name);
    };
    Listener* raw = l.get();
    l->server = std::make_unique<net::HttpServer>(loop_, o, [this, raw](const net::HttpRequest& r) { return Dispatch(*raw, r); });
    if (Status s = l->server->Start(); !s.ok()) {
      Error e = s.error();
      e.message = l->provider->name() + ": " + e.message;
      return e;
    }
    l->provider->SetBaseUrl(l->server->base_url());
  }
  return OkStatus();
}

void SandboxServer::Stop() {
  for (auto& l : listeners_) {
    if (l->server) l->server->Stop();
  }
}

Provider* SandboxServer::provider(const std::string& name) {
  for (auto& l : listeners_) {
    if (l->provider->name() == name) return l->provider.get();
  }
  return nullptr;
}

std::string SandboxServer::base_url(const std::string& name) const {
  for (const auto& l : listeners_) {
    if (l->provider->name() == name && l->server) return l->server->base_url();
  }
  return "";
}

nlohmann::json SandboxServer::Announcement() const {
  nlohmann::json out = {{"control_key", control_key_}};
  if (!ca_file_.empty()) out["ca_file"] = ca_file_;
  for (const auto& l : listeners_) {
    nlohmann::json d = l->provider->Describe();
    std::string base = l->server ? l->server->base_url() : "";
    d["base_url"] = base;
    d["control_url"] = base + "/_sandbox";
    out[l->provider->name()] = d;
  }
  return out;
}

net::HttpResponse SandboxServer::Dispatch(Listener& l, const net::HttpRequest& request) {
  if (StartsWith(request.path, "/_sandbox/") || request.path == "/_sandbox") return Control(l, request);
  const std::string name = l.provider->name();
  env_->effects.CountCall(name, l.provider->EndpointKey(request));
  if (auto fault = l.faults->Match(request.method, request.path)) return ApplyFault(l, *fault, request);
  return l.provider->Handle(request);
}

net::HttpResponse SandboxServer::ApplyFault(Listener& l, const FaultRule& fault, const net::HttpRequest& request) {
  Effect e;
  e.at_unix_millis = env_->clock.NowUnixMillis();
  e.provider = l.provider->name();
  e.actor = "fault";
  e.operation = "fault." + FaultInjector::KindName(fault.kind);
  e.endpoint = request.method + " " + request.path;
  e.result = {{"rule", fault.id}, {"status", fault.status}, {"code", fault.code}};
  env_->effects.Record(e);

  net::HttpResponse r;
  switch (fault.kind) {
    case FaultKind::kStatus:
      r = l.provider->ProviderError("", fault.status);
      r.status = fault.status;
      return r;
    case FaultKind::kProviderError:
      return l.provider->ProviderError(fault.code, fault.status);
    case FaultKind::kExpiredToken:
      return l.provider->ExpiredTokenResponse();
    case FaultKind::kRetryAfter:
      r = l.provider->ProviderError("", fault.status);
      r.status = fault.status;
      r.headers.push_back({"Retry-After", std::to_string(fault.retry_after_secs)});
      return r;
    case FaultKind::kDropBefore:
      r.fault = net::WireFault::kDropConnection;
      return r;
    case FaultKind::kLatency:
      r = l.provider->Handle(request);
      r.delay = std::chrono::milliseconds(fault.latency_ms);
      return r;
    case FaultKind::kDropAfter:
      r = l.provider->Handle(request);
      r.fault = net::WireFault::kDropConnection;
      return r;
    case FaultKind::kTruncate:
      r = l.provider->Handle(request);
      r.fault = net::WireFault::kTruncateBody;
      return r;
    case FaultKind::kMalformed:
      r = l.provider->Handle(request);
      r.stream.reset();
      r.body = r.body.substr(0, r.body.size() / 2) + "<html>Bad Gateway</html>";
      return r;
  }
  return r;
}

net::HttpResponse SandboxServer::Control(Listener& l, const net::HttpRequest& request) {
  auto key = request.Header("X-Sandbox-Key");
  if (!key || !ConstantTimeEquals(*key, control_key_)) {
    return SandboxJson(403, {{"error", "The sandbox control API needs the header X-Sandbox-Key with the control key "
                                       "printed at start; provider tokens are not accepted here."}});
  }
  std::string sub = request.path.size() > 10 ? request.path.substr(10) : "";  // after "/_sandbox/"
  const std::string name = l.provider->name();
  nlohmann::json body;
  if (!request.body.empty()) {
    try {
      body = nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::exception& e) {
      return SandboxJson(400, {{"error", std::string("The body is not JSON: ") + e.what()}});
    }
  }
  if (sub == "reset" && request.method == "POST") {
    SeedOptions seed = env_->options.seed;
    seed.people = body.value("people", seed.people);
    seed.activities_per_person = body.value("activities_per_person", seed.activities_per_person);
    seed.seed = body.value("seed", seed.seed);
    l.provider->Reset(seed);
    l.faults->Clear();
    return SandboxJson(200, {{"reset", name}, {"people", seed.people}, {"seed", seed.seed}});
  }
  if (sub == "faults") {
    if (request.method == "POST") {
      auto id = l.faults->Add(body);
      if (!id.ok()) return SandboxJson(400, {{"error", id.error().message}});
      return SandboxJson(201, {{"id", *id}});
    }
    if (request.method == "DELETE") {
      l.faults->Clear();
      return SandboxJson(200, {{"cleared", true}});
    }
    return SandboxJson(200, {{"faults", l.faults->ListJson()}});
  }
  if (sub == "effects" && request.method == "GET") {
    int64_t since = 0;
    if (auto s = request.QueryParam("since")) since = std::atoll(s->c_str());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : env_->effects.Since(since, name)) list.push_back(EffectsLog::ToJson(e));
    return SandboxJson(200, {{"effects", list}});
  }
  if (sub == "stats" && request.method == "GET") return SandboxJson(200, env_->effects.StatsJson(name));
  if (sub == "clock" && request.method == "POST") {
    int64_t by = body.value("advance_secs", int64_t{0});
    if (by < 0) return SandboxJson(400, {{"error", "The sandbox clock only moves forward."}});
    env_->clock.Advance(std::chrono::seconds(by));
    return SandboxJson(200, {{"offset_secs", env_->clock.offset_secs()},
                             {"now", FormatIso8601Utc(env_->clock.NowUnixMillis())}});
  }
  if (auto r = l.provider->HandleControl(request, sub)) return *r;
  return SandboxJson(404, {{"error", "Unknown sandbox control route: " + request.method + " " + request.path}});
}

}  // namespace salesync::sandbox
