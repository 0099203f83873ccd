// sync_throughput_bench: how fast the sync engine reads people and activities end to end, and how much
// memory the syncing process needs. Not a test: run it by hand and record the figures in docs/benchmarks.md.
//
//   build/bench/sync_throughput_bench [--people N] [--activities-per-person K] [--sandbox PATH] [--dir DIR]
//                                     [--only sf|mk] [--cache-mib N]
//
// Starts the built salesync-sandbox as a child process (HTTPS with its throwaway CA, every limit lifted), so
// its CPU and memory stay out of this process. In this process: the daemon's own stack — a store on disk
// (synchronous=full, the daemon's default), the token vault, ConnectionManager, RateBudget and ApiClient —
// and SyncScheduler::RunOnce for two syncs, exactly as the daemon's worker runs them:
//   sf: Salesforce Lead, Contact, Account (page_size 2000)
//   mk: Marketo leads (bulk export, status polled every second) and activities (paging token, 10 types a call)
// Prints, per sync and stream, records and records/s over the wall time of the run, the CPU time of this
// process (the syncing side alone: it says what a run costs even when other work shares the cores), and the peak RSS
// (VmHWM) of this process.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/resource.h>

#include "base/metrics.h"
#include "bench/bench_util.h"
#include "config/connections_config.h"
#include "config/syncs_config.h"
#include "oauth/api_client.h"
#include "oauth/connection_manager.h"
#include "oauth/rate_budget.h"
#include "oauth/token_vault.h"
#include "store/store.h"
#include "store/sync_store.h"
#include "store/token_store.h"
#include "sync/progress.h"
#include "sync/scheduler.h"
#include "tests/support/process_memory.h"
#include "tests/support/sandbox_child.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace ss = salesync;

using salesync::bench::CpuSecs;
using salesync::bench::NowMillis;
using salesync::testing::PeakRssKib;

[[noreturn]] void Die(const std::string& what) { salesync::bench::Die("sync_throughput_bench", what); }

}  // namespace

int main(int argc, char** argv) {
  int64_t people = 100000, per_person = 3;
  std::string sandbox_path = std::string(SALESYNC_BINARY_DIR) + "/sandbox/salesync-sandbox";
  std::string dir = "/tmp/sync-throughput-bench";
  std::string only;
  int cache_mib = 16;  // the daemon's default (store.cache_mib)
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--people") people = std::stoll(next());
    else if (a == "--cache-mib") cache_mib = std::stoi(next());
    else if (a == "--activities-per-person") per_person = std::stoll(next());
    else if (a == "--sandbox") sandbox_path = next();
    else if (a == "--dir") dir = next();
    else if (a == "--only") only = next();
    else Die("unknown flag " + a);
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/state");

  ss::testing::SandboxChild sandbox(
      sandbox_path,
      {"--salesforce", "127.0.0.1:0", "--marketo", "127.0.0.1:0", "--tls-dir", dir + "/tls", "--people",
       std::to_string(people), "--activities-per-person", std::to_string(per_person), "--marketo-rate-per-20s",
       "1000000000", "--marketo-concurrency", "100000", "--marketo-daily-quota", "1000000000",
       "--salesforce-daily-limit", "1000000000"},
      dir + "/sandbox.stderr");
  if (!sandbox.Start()) Die(sandbox.error());
  const auto& a = sandbox.announcement();
  const std::string ca = a["ca_file"];

  std::map<std::string, ss::config::ConnectionConfig> connections;
  {
    ss::config::ConnectionConfig s;
    s.name = "salesforce";
    s.type = "salesforce";
    s.flow = "client_credentials";
    s.client_id = a["salesforce"]["client_id"].get<std::string>();
    s.client_secret = ss::Secret(a["salesforce"]["client_secret"].get<std::string>());
    s.login_url = a["salesforce"]["login_url"].get<std::string>();
    s.ca_file = ca;
    connections[s.name] = s;
    ss::config::ConnectionConfig m;
    m.name = "marketo";
    m.type = "marketo";
    m.flow = "client_credentials";
    m.client_id = a["marketo"]["client_id"].get<std::string>();
    m.client_secret = ss::Secret(a["marketo"]["client_secret"].get<std::string>());
    m.identity_url = a["marketo"]["identity_url"].get<std::string>();
    m.base_url = a["marketo"]["base_url"].get<std::string>();
    m.ca_file = ca;
    connections[m.name] = m;
  }
  std::map<std::string, ss::config::SyncConfig> syncs;
  {
    ss::config::SyncConfig sf;
    sf.name = "sf";
    sf.connection = "salesforce";
    sf.streams = {"Lead", "Contact", "Account"};
    for (const auto& s : sf.streams) sf.stream_settings[s] = {{"page_size", 2000}};
    syncs["sf"] = sf;
    ss::config::SyncConfig mk;
    mk.name = "mk";
    mk.connection = "marketo";
    mk.streams = {"leads", "activities"};
    mk.stream_settings["leads"] = {{"bulk_poll_secs", 1}};
    syncs["mk"] = mk;
  }

  auto opened = ss::store::Store::Open({dir + "/state/salesync.db", 5000, "full", cache_mib});
  if (!opened.ok()) Die(opened.error().ToString());
  auto store = std::move(opened).value();
  ss::store::TokenStore tokens(store.get());
  auto vault = ss::oauth::TokenVault::Generate();
  if (!vault.ok()) Die(vault.error().ToString());
  ss::MetricsRegistry metrics;
  ss::oauth::ConnectionManager manager(connections, &tokens,
                                       std::make_shared<const ss::oauth::TokenVault>(std::move(vault).value()), &metrics,
                                       NowMillis);
  ss::oauth::RateBudget budget(&metrics);
  // The Marketo budget as a production config would lift it for an unthrottled instance: no window, 10 at once.
  budget.Configure("marketo", {0, std::chrono::milliseconds(20000), 10, 0.1});
  budget.Configure("salesforce", {0, std::chrono::milliseconds(20000), 0, 0.1});
  ss::oauth::ApiClient api(&manager, &metrics, ss::oauth::RetryPolicy{}, ss::oauth::BlockingSleep, &budget);
  for (const char* c : {"salesforce", "marketo"}) {
    if (auto s = manager.ConnectNow(c); !s.ok()) Die(s.error().ToString());
  }
  ss::store::SyncStore sync_store(store.get());
  ss::sync::SyncProgress progress;
  ss::sync::RunDeps deps;
  deps.api = &api;
  deps.store = &sync_store;
  deps.progress = &progress;
  deps.metrics = &metrics;
  deps.now_ms = NowMillis;
  ss::sync::SyncScheduler scheduler(deps, store.get(), syncs, connections);

  const long rss_before = PeakRssKib();
  nlohmann::json report = {{"people", people}, {"activities_per_person", per_person}, {"syncs", nlohmann::json::object()}};
  int64_t all_records = 0;
  double all_secs = 0;
  for (const char* name : {"sf", "mk"}) {
    if (!only.empty() && only != name) continue;
    auto t0 = Clock::now();
    double cpu0 = CpuSecs();
    if (auto s = scheduler.RunOnce(name); !s.ok()) Die(s.error().ToString());
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    double cpu_secs = CpuSecs() - cpu0;
    int64_t records = 0;
    nlohmann::json streams = nlohmann::json::object();
    for (const auto& stream : syncs[name].streams) {
      auto p = progress.Get(name, stream);
      if (!p) Die(std::string("no progress for ") + name + "/" + stream);
      if (p->state != "done") Die(std::string(name) + "/" + stream + " ended " + p->state + ": " + p->last_error);
      double stream_secs = (p->run_finished_ms - p->run_started_ms) / 1000.0;
      streams[stream] = {{"records", p->records_read}, {"calls", p->calls}, {"secs", stream_secs},
                         {"records_per_sec", stream_secs > 0 ? static_cast<int64_t>(p->records_read / stream_secs) : 0}};
      records += p->records_read;
    }
    report["syncs"][name] = {{"records", records}, {"secs", secs}, {"records_per_sec", static_cast<int64_t>(records / secs)},
                             {"cpu_secs", cpu_secs}, {"cpu_us_per_record", records ? cpu_secs * 1e6 / records : 0.0},
                             {"streams", streams}};
    all_records += records;
    all_secs += secs;
    std::fprintf(stderr, "%s: %lld records in %.1f s (%.0f records/s), %.1f CPU s in this process (%.1f us a record), "
                 "peak RSS so far %.1f MiB\n", name, static_cast<long long>(records), secs, records / secs, cpu_secs,
                 records ? cpu_secs * 1e6 / records : 0.0, PeakRssKib() / 1024.0);
  }
  report["records"] = all_records;
  report["secs"] = all_secs;
  report["records_per_sec"] = all_secs > 0 ? static_cast<int64_t>(all_records / all_secs) : 0;
  report["peak_rss_mib_before_sync"] = rss_before / 1024.0;
  report["peak_rss_mib"] = PeakRssKib() / 1024.0;
  report["sandbox_peak_rss_mib"] = sandbox.PeakRssKib() / 1024.0;
  report["store_mib"] = std::filesystem::file_size(dir + "/state/salesync.db") / 1048576.0;
  std::printf("%s\n", report.dump().c_str());
  scheduler.Stop();
  return 0;
}
