#include "daemon/daemon.h"

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <filesystem>
#include <unistd.h>

#include "admin/admin_api.h"
#include "base/files.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/strings.h"
#include "daemon/state_dir.h"
#include "daemon/systemd_notifier.h"
#include "invites/invites_module.h"
#include "journeys/journey_routes.h"
#include "journeys/journey_scheduler.h"
#include "journeys/journey_service.h"
#include "net/event_loop.h"
#include "net/http_server.h"
#include "oauth/api_client.h"
#include "oauth/connection_manager.h"
#include "oauth/connection_routes.h"
#include "oauth/rate_budget.h"
#include "oauth/vault_file.h"
#include "store/journey_store.h"
#include "store/sync_store.h"
#include "mapping/spec_version.h"
#include "sync/mapping_preview.h"
#include "sync/progress.h"
#include "sync/scheduler.h"
#include "sync/sync_routes.h"
#include "store/token_store.h"
#include "store/store.h"
#include "ui/ui_routes.h"

#ifndef SALESYNC_VERSION
#define SALESYNC_VERSION "0.0.0"
#endif

namespace salesync::daemon {

Result<config::Config> LoadEffectiveConfig(const DaemonFlags& flags) {
  Result<config::Config> loaded = flags.config_file.empty() ? config::ParseConfig("(defaults)", "{}")
                                                            : config::LoadConfig(flags.config_file);
  if (!loaded.ok()) return loaded;
  config::Config c = std::move(loaded).value();
  if (!flags.listen.empty()) {
    auto hp = config::ParseHostPort(flags.listen);
    if (!hp.ok()) return MakeError(ErrorCode::kConfig, "--listen: " + hp.error().message);
    c.admin.listen = flags.listen;
  }
  if (!flags.log_level.empty()) {
    if (!ParseLogLevel(flags.log_level)) {
      return MakeError(ErrorCode::kConfig,
                       "--log-level: unknown level \"" + flags.log_level + "\" (expected debug, info, notice, warning or error).");
    }
    c.log_level = flags.log_level;
  }
  return c;
}

// Waits that end early when the daemon stops (backoff and rate-limit waits of outbound calls).
class ShutdownSignal {
 public:
  bool SleepFor(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(mu_);
    return !cv_.wait_for(lock, d, [this] { return stopping_; });
  }
  void Trigger() {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

oauth::RateLimits RateLimitsFor(const config::ConnectionConfig& c) {
  oauth::RateLimits l = oauth::DefaultRateLimits(c.type);
  if (c.rate_limit.calls_per_window >= 0) l.window_calls = c.rate_limit.calls_per_window;
  if (c.rate_limit.window_secs > 0) l.window = std::chrono::seconds(c.rate_limit.window_secs);
  if (c.rate_limit.max_in_flight >= 0) l.max_in_flight = c.rate_limit.max_in_flight;
  if (c.rate_limit.daily_reserve_percent >= 0) l.daily_reserve = static_cast<double>(c.rate_limit.daily_reserve_percent) / 100.0;
  return l;
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct Daemon::Impl {
  explicit Impl(DaemonFlags f) : flags(std::move(f)) {}

  Status Start();
  void Reload();
  void BeginShutdown(int signo);
  void FinishShutdownWhenDrained(std::chrono::steady_clock::time_point deadline);

  DaemonFlags flags;
  config::Config config;
  std::string state_dir;
  MetricsRegistry metrics;
  SystemdNotifier notifier;
  std::unique_ptr<net::EventLoop> loop;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<admin::AdminApi> admin;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<store::TokenStore> tokens;
  std::unique_ptr<oauth::ConnectionManager> connections;
  std::unique_ptr<oauth::RateBudget> budget;
  std::unique_ptr<oauth::ApiClient> api;
  std::unique_ptr<invites::InvitesModule> invites;
  std::unique_ptr<store::SyncStore> sync_store;
  sync::SyncProgress sync_progress;
  std::unique_ptr<sync::SyncScheduler> scheduler;
  std::unique_ptr<sync::LiveMappingPreview> previews;
  std::unique_ptr<store::JourneyStore> journey_store;
  std::unique_ptr<journeys::JourneyService> journey_service;
  std::unique_ptr<journeys::JourneyScheduler> journey_scheduler;
  std::mutex mappings_mu;  // the mappings of the current configuration, read by route threads
  std::map<std::string, config::MappingSpec> mappings;
  ShutdownSignal shutdown;
  bool shutting_down = false;
  int exit_code = 0;
};

Status Daemon::Impl::Start() {
  auto loaded = LoadEffectiveConfig(flags);
  if (!loaded.ok()) return loaded.error();
  config = std::move(loaded).value();
  SetLogLevel(*ParseLogLevel(config.log_level));

  state_dir = ResolveStateDir(flags.state_dir, config.state_dir);
  if (Status s = MakeDirectories(state_dir, 0700); !s.ok()) return s;
  state_dir = std::filesystem::absolute(state_dir).lexically_normal().string();
  if (!state_dir.empty() && state_dir.back() == '/') state_dir.pop_back();

  notifier.Status("Opening the store");
  std::string store_path = config.store.file.front() == '/' ? config.store.file : JoinPath(state_dir, config.store.file);
  auto opened = store::Store::Open({store_path, static_cast<int>(config.store.busy_timeout_ms), config.store.synchronous,
                                     static_cast<int>(config.store.cache_mib)});
  if (!opened.ok()) return opened.error();
  store = std::move(opened).value();
  LogInfo("Store open.", {{"path", store_path}, {"schema_version", store->schema_version()}});

  Secret token;
  if (config.admin.token) {
    token = *config.admin.token;
  } else {
    bool created = false;
    auto t = LoadOrCreateAdminToken(state_dir, &created);
    if (!t.ok()) return t.error();
    token = std::move(t).value();
    if (created) {
      LogNotice("Generated an admin API token.", {{"path", JoinPath(state_dir, kAdminTokenFile)}});
    }
  }

  metrics.DeclareGauge("salesync_build_info", "Build information; the value is always 1.");
  metrics.SetGauge("salesync_build_info", {{"version", SALESYNC_VERSION}}, 1);

  loop = std::make_unique<net::EventLoop>(static_cast<int>(config.daemon.worker_threads));
  admin = std::make_unique<admin::AdminApi>(store.get(), &metrics);
  admin->SetToken(std::move(token));

  // Users, teams, invitations and their e-mail. The owner cannot be removed while a sync acts for it.
  auto invites_module = invites::InvitesModule::Create(config, state_dir, store.get(), &metrics, admin->router(),
                                                       [this](const std::string& owner_email) {
                                                         return scheduler ? scheduler->SyncsUnder(owner_email, true)
                                                                          : std::vector<std::string>{};
                                                       });
  if (!invites_module.ok()) return invites_module.error();
  invites = std::move(invites_module).value();

  tokens = std::make_unique<store::TokenStore>(store.get());
  bool vault_generated = false;
  auto vault = oauth::LoadVault(config.vault.key, state_dir, *tokens, &vault_generated);
  if (!vault.ok()) return vault.error();
  if (vault_generated) {
    LogNotice("Generated the vault key that encrypts stored tokens.", {{"path", JoinPath(state_dir, "vault.key")}});
  }
  connections = std::make_unique<oauth::ConnectionManager>(config.connections, tokens.get(), *vault, &metrics, NowMillis);
  budget = std::make_unique<oauth::RateBudget>(&metrics);
  for (const auto& [name, c] : config.connections) budget->Configure(name, RateLimitsFor(c));
  api = std::make_unique<oauth::ApiClient>(connections.get(), &metrics, oauth::RetryPolicy{},
                                           [this](std::chrono::milliseconds d) { return shutdown.SleepFor(d); },
                                           budget.get());
  bool key_configured = config.vault.key.has_value();
  oauth::RegisterConnectionRoutes(admin->router(),
                                  {connections.get(), api.get(), [this, key_configured] {
                                     return oauth::RotateVaultKey(key_configured, state_dir, *connections);
                                   }});

  sync_store = std::make_unique<store::SyncStore>(store.get());
  sync::RunDeps run_deps;
  run_deps.api = api.get();
  run_deps.store = sync_store.get();
  run_deps.progress = &sync_progress;
  run_deps.metrics = &metrics;
  run_deps.now_ms = NowMillis;
  scheduler = std::make_unique<sync::SyncScheduler>(run_deps, store.get(), config.syncs, config.connections);
  sync::RegisterSyncRoutes(admin->router(), scheduler.get(), sync_store.get());
  mappings = config.mappings;
  previews = std::make_unique<sync::LiveMappingPreview>(api.get(), sync_store.get(), config.connections, NowMillis);
  sync::RegisterMappingRoutes(admin->router(), previews.get(), [this] {
    std::lock_guard<std::mutex> lock(mappings_mu);
    return mappings;
  });
  scheduler->SetMappingVersions([this](const std::string& name) -> std::optional<std::string> {
    std::lock_guard<std::mutex> lock(mappings_mu);
    auto it = mappings.find(name);
    if (it == mappings.end()) return std::nullopt;
    return mapping::SpecVersion(it->second);
  });
  scheduler->SetMappingAccess(
      {[this](const std::string& name) -> std::optional<config::MappingSpec> {
         std::lock_guard<std::mutex> lock(mappings_mu);
         auto it = mappings.find(name);
         if (it == mappings.end()) return std::nullopt;
         return it->second;
       },
       [this](const std::string& connection, const std::string& object) {
         return previews->Describe(connection, object, /*refresh=*/false);
       }});

  // The admin web page under /ui/ (same listener, same token; see ui/ui_routes.h).
  ui::RegisterUiRoutes(*admin);

  // Journeys: their routes, and the scheduler that advances accounts and drains the job queue.
  journey_store = std::make_unique<store::JourneyStore>(store.get());
  journeys::ConnectionTypes connection_types = [this](const std::string& name) -> std::optional<std::string> {
    const auto* c = connections->Config(name);
    if (!c) return std::nullopt;
    return c->type;
  };
  journey_service = std::make_unique<journeys::JourneyService>(journey_store.get(), api.get(), connection_types, NowMillis);
  journey_scheduler = std::make_unique<journeys::JourneyScheduler>(journey_store.get(), api.get(), connections.get(),
                                                                   &metrics, NowMillis, connection_types);
  journeys::RegisterJourneyRoutes(admin->router(), journey_service.get(), journey_scheduler.get(), NowMillis);

  auto hp = config::ParseHostPort(config.admin.listen);
  if (!hp.ok()) return hp.error();
  net::HttpServerOptions options;
  options.host = hp->host;
  options.port = hp->port;
  options.max_body_bytes = static_cast<size_t>(config.admin.max_body_bytes);
  options.max_header_bytes = static_cast<size_t>(config.admin.max_header_bytes);
  options.read_timeout = std::chrono::seconds(config.admin.read_timeout_secs);
  options.keep_alive_timeout = std::chrono::seconds(config.admin.keep_alive_timeout_secs);
  options.max_connections = static_cast<size_t>(config.admin.max_connections);
  options.server_name = std::string("salesync/") + SALESYNC_VERSION;
  server = std::make_unique<net::HttpServer>(*loop, options,
                                             [this](const net::HttpRequest& r) { return admin->Handle(r); });
  if (Status s = server->Start(); !s.ok()) return s;

  std::string url = server->base_url();
  admin->SetSecureCookies(StartsWith(url, "https://"));
  invites->Start(url);
  connections->SetAdminBaseUrl(url);
  if (Status s = WriteFileAtomic(JoinPath(state_dir, kAdminUrlFile), url + "\n", 0600); !s.ok()) return s;
  admin->SetStatusInfo({SALESYNC_VERSION, config.source_file, state_dir, url});
  scheduler->Start();
  journey_scheduler->Start(std::chrono::seconds(60));
  admin->SetReady(true);

  loop->OnSignals({SIGTERM, SIGINT}, [this](int signo) { BeginShutdown(signo); });
  loop->OnSignals({SIGHUP}, [this](int) { Reload(); });
  notifier.StartWatchdog(*loop);

  LogInfo("Admin API listening.", {{"url", url}, {"web_page", url + "/ui/"}, {"state_dir", state_dir}});
  notifier.Ready("Listening on " + url);
  return OkStatus();
}

void Daemon::Impl::Reload() {
  if (shutting_down) return;
  notifier.Reloading("Reloading the configuration");
  LogInfo("Reloading the configuration.", {{"file", flags.config_file.empty() ? "(defaults)" : flags.config_file}});
  auto loaded = LoadEffectiveConfig(flags);
  if (!loaded.ok()) {
    for (const auto& line : SplitString(loaded.error().message, '\n')) {
      LogError("Configuration rejected; still running on the previous one.", {{"problem", line}});
    }
    notifier.Ready("Running on the previous configuration (the new one has errors; see the log)");
    return;
  }
  config::Config next = std::move(loaded).value();
  if (next.admin.listen != config.admin.listen) {
    LogWarning("admin.listen changed; the new address takes effect at the next restart.",
               {{"current", config.admin.listen}, {"configured", next.admin.listen}});
  }
  if (next.connections.size() != config.connections.size() ||
      !std::equal(next.connections.begin(), next.connections.end(), config.connections.begin(),
                  [](const auto& a, const auto& b) { return a.first == b.first && a.second.type == b.second.type &&
                                                            a.second.flow == b.second.flow; })) {
    LogWarning("connections changed; added, removed or re-typed connections take effect at the next restart.");
  }
  if (next.store.file != config.store.file) {
    LogWarning("store.file changed; the new store takes effect at the next restart.");
  }
  SetLogLevel(*ParseLogLevel(next.log_level));
  if (next.admin.token) admin->SetToken(*next.admin.token);
  for (const auto& [name, c] : next.connections) {
    if (config.connections.count(name)) budget->Configure(name, RateLimitsFor(c));
  }
  scheduler->Reconfigure(next.syncs);
  {
    std::lock_guard<std::mutex> lock(mappings_mu);
    mappings = next.mappings;
  }
  config = std::move(next);
  LogInfo("Configuration reloaded.");
  notifier.Ready("Listening on " + server->base_url());
}

void Daemon::Impl::BeginShutdown(int signo) {
  if (shutting_down) return;
  shutting_down = true;
  LogInfo("Stopping.", {{"signal", signo == SIGINT ? "SIGINT" : "SIGTERM"}});
  notifier.Stopping("Stopping: finishing requests in flight");
  shutdown.Trigger();
  scheduler->RequestStop();
  budget->Shutdown();
  invites->Stop();
  admin->SetReady(false);
  server->Stop();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config.daemon.shutdown_timeout_secs);
  FinishShutdownWhenDrained(deadline);
}

void Daemon::Impl::FinishShutdownWhenDrained(std::chrono::steady_clock::time_point deadline) {
  // Only while stopping: check every 20 ms whether the last connection has closed.
  if (server->open_connections() == 0 || std::chrono::steady_clock::now() >= deadline) {
    if (server->open_connections() > 0) {
      LogWarning("Shutdown deadline reached with requests still in flight.",
                 {{"open_connections", static_cast<uint64_t>(server->open_connections())}});
    }
    loop->Stop();
    return;
  }
  loop->RunAfter(std::chrono::milliseconds(20), [this, deadline] { FinishShutdownWhenDrained(deadline); });
}

Daemon::Daemon(DaemonFlags flags) : impl_(std::make_unique<Impl>(std::move(flags))) {}
Daemon::~Daemon() = default;

int Daemon::Run() {
  Status s = impl_->Start();
  if (!s.ok()) {
    for (const auto& line : SplitString(s.error().ToString(), '\n')) LogError("Cannot start.", {{"problem", line}});
    impl_->notifier.Status("Failed to start: " + s.error().message.substr(0, s.error().message.find('\n')));
    return 1;
  }
  impl_->loop->Run();
  impl_->scheduler->Stop();  // the page in flight has been committed or abandoned whole
  impl_->journey_scheduler->Stop();  // a batch in flight has its intent recorded; the next start reconciles it
  std::error_code ec;
  std::filesystem::remove(JoinPath(impl_->state_dir, kAdminUrlFile), ec);
  LogInfo("Stopped.");
  return impl_->exit_code;
}

}  // namespace salesync::daemon
