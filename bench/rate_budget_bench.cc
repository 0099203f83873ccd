// rate_budget_bench: how close the daemon's Marketo budget (oauth::RateBudget inside ApiClient::Call) gets to
// the calls Marketo allows, without ever going over. Not a test: run it by hand and record the figures in
// docs/benchmarks.md.
//
//   build/bench/rate_budget_bench [--windows W] [--threads T] [--calls-per-window N] [--max-in-flight C]
//                                 [--sandbox PATH] [--dir DIR]
//
// Starts the built salesync-sandbox with Marketo's limits enforced (by default 100 calls in any 20 s and 10 at
// once; the sandbox's window is fixed at Marketo's 20 s), and in this process the daemon's ConnectionManager,
// RateBudget and ApiClient configured with the same limits. T threads call GET /rest/v1/leads/describe.json
// back to back for W windows (default 6: two minutes). Prints calls/s achieved against the calls/s allowed
// — counted over whole windows from the first call — and the limit violations (606/615/607) the sandbox
// recorded, from GET /_sandbox/stats.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "base/metrics.h"
#include "config/connections_config.h"
#include "net/http_client.h"
#include "net/http_message.h"
#include "oauth/api_client.h"
#include "oauth/connection_manager.h"
#include "oauth/rate_budget.h"
#include "oauth/token_vault.h"
#include "store/store.h"
#include "store/token_store.h"
#include "tests/support/sandbox_child.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace ss = salesync;

using salesync::bench::NowMillis;

[[noreturn]] void Die(const std::string& what) { salesync::bench::Die("rate_budget_bench", what); }

}  // namespace

int main(int argc, char** argv) {
  int64_t windows = 6, threads = 16, per_window = 100, in_flight = 10;
  const int64_t window_secs = 20;  // the sandbox's Marketo window, like Marketo's
  std::string sandbox_path = std::string(SALESYNC_BINARY_DIR) + "/sandbox/salesync-sandbox";
  std::string dir = "/tmp/rate-budget-bench";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--windows") windows = std::stoll(next());
    else if (a == "--threads") threads = std::stoll(next());
    else if (a == "--calls-per-window") per_window = std::stoll(next());
    else if (a == "--max-in-flight") in_flight = std::stoll(next());
    else if (a == "--sandbox") sandbox_path = next();
    else if (a == "--dir") dir = next();
    else Die("unknown flag " + a);
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/state");

  ss::testing::SandboxChild sandbox(sandbox_path,
                                    {"--marketo", "127.0.0.1:0", "--tls-dir", dir + "/tls", "--people", "1000",
                                     "--marketo-rate-per-20s", std::to_string(per_window), "--marketo-concurrency",
                                     std::to_string(in_flight)},
                                    dir + "/sandbox.stderr");
  if (!sandbox.Start()) Die(sandbox.error());
  const auto& a = sandbox.announcement();
  const std::string ca = a["ca_file"];

  ss::config::ConnectionConfig m;
  m.name = "marketo";
  m.type = "marketo";
  m.flow = "client_credentials";
  m.client_id = a["marketo"]["client_id"].get<std::string>();
  m.client_secret = ss::Secret(a["marketo"]["client_secret"].get<std::string>());
  m.identity_url = a["marketo"]["identity_url"].get<std::string>();
  m.base_url = a["marketo"]["base_url"].get<std::string>();
  m.ca_file = ca;

  auto opened = ss::store::Store::Open({dir + "/state/salesync.db", 5000, "normal"});
  if (!opened.ok()) Die(opened.error().ToString());
  auto store = std::move(opened).value();
  ss::store::TokenStore tokens(store.get());
  auto vault = ss::oauth::TokenVault::Generate();
  if (!vault.ok()) Die(vault.error().ToString());
  ss::MetricsRegistry metrics;
  ss::oauth::ConnectionManager manager({{"marketo", m}}, &tokens,
                                       std::make_shared<const ss::oauth::TokenVault>(std::move(vault).value()), &metrics,
                                       NowMillis);
  ss::oauth::RateBudget budget(&metrics);
  budget.Configure("marketo", {per_window, std::chrono::seconds(window_secs), in_flight, 0.1});
  ss::oauth::ApiClient api(&manager, &metrics, ss::oauth::RetryPolicy{}, ss::oauth::BlockingSleep, &budget);
  if (auto s = manager.ConnectNow("marketo"); !s.ok()) Die(s.error().ToString());

  // When each call's answer arrived, to count whole windows from the first answer.
  std::mutex mu;
  std::vector<Clock::time_point> starts;
  std::atomic<int64_t> errors{0};
  std::atomic<bool> stop{false};
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::seconds(windows * window_secs) + std::chrono::seconds(1);
  std::vector<std::thread> workers;
  for (int64_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (!stop.load() && Clock::now() < end) {
        auto r = api.Call("marketo", {"GET", "/rest/v1/leads/describe.json"});
        auto at = Clock::now();
        if (!r.ok() || r->http.status != 200) {
          ++errors;
          std::fprintf(stderr, "call failed: %s\n", r.ok() ? std::to_string(r->http.status).c_str() : r.error().ToString().c_str());
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        starts.push_back(at);
      }
    });
  }
  for (auto& w : workers) w.join();

  // Answers within W whole windows from the first one, against W × N allowed.
  std::sort(starts.begin(), starts.end());
  int64_t counted = 0;
  if (!starts.empty()) {
    auto first = starts.front();
    for (auto at : starts) counted += at < first + std::chrono::seconds(windows * window_secs);
  }
  double secs = static_cast<double>(windows * window_secs);
  double allowed = static_cast<double>(per_window) / static_cast<double>(window_secs);

  ss::net::HttpClient control;
  ss::net::ClientRequest r{"GET", a["marketo"]["control_url"].get<std::string>() + "/stats"};
  r.headers.push_back({"X-Sandbox-Key", a["control_key"].get<std::string>()});
  r.ca_file = ca;
  auto stats = control.Send(r);
  if (!stats.ok()) Die(stats.error().ToString());
  auto j = nlohmann::json::parse(stats->body, nullptr, false);
  nlohmann::json report = {{"threads", threads},
                           {"windows", windows},
                           {"window_secs", window_secs},
                           {"limits", {{"calls_per_window", per_window}, {"max_in_flight", in_flight}}},
                           {"calls", counted},
                           {"calls_all", static_cast<int64_t>(starts.size())},
                           {"errors", errors.load()},
                           {"calls_per_sec", counted / secs},
                           {"allowed_per_sec", allowed},
                           {"share_of_allowed", counted / secs / allowed},
                           {"sandbox_total_calls", j.value("total_calls", int64_t{0})},
                           {"sandbox_max_in_flight", j.value("max_in_flight", int64_t{0})},
                           {"sandbox_limit_violations", j.value("limit_violations", nlohmann::json::array()).size()}};
  std::printf("%s\n", report.dump().c_str());
  return 0;
}
