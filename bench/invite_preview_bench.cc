// Benchmark (not run by ctest): preview and validation of a generated 100,000-row invitation CSV.
// Target (issue 7): under 1 s, peak RSS under 64 MiB. Prints the figures recorded in docs/benchmarks.md.
//
//   build-invites/bench/invite_preview_bench [ROWS]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#include "base/log.h"
#include "invites/invite_service.h"
#include "store/store.h"
#include "store/user_store.h"

using namespace salesync;

namespace {

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// A realistic export: five columns, a few bad rows (invalid address, duplicate, unknown team).
std::string MakeCsv(int rows) {
  std::string csv = "First name,Last name,Email Address,Team,Role\r\n";
  csv.reserve(static_cast<size_t>(rows) * 64);
  for (int i = 1; i <= rows; ++i) {
    std::string n = std::to_string(i);
    if (i % 1000 == 0) csv += "Bad,Row," + n + "-at-nowhere,,\r\n";
    else if (i % 1000 == 1 && i > 1) csv += "Dup,Row,user" + std::to_string(i - 1) + "@example.com,,\r\n";
    else if (i % 1000 == 2) csv += "No,Team,user" + n + "@example.com,Ghosts,\r\n";
    else csv += "First" + n + ",\"Last, " + n + "\",user" + n + "@example.com," + (i % 2 ? "Sales" : "") + ",member\r\n";
  }
  return csv;
}

}  // namespace

int main(int argc, char** argv) {
  SetLogLevel(LogLevel::kWarning);
  int rows = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::string dir = std::filesystem::temp_directory_path().string() + "/salesync-preview-bench-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  auto store = store::Store::Open({dir + "/bench.db", 5000, "normal"});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
    return 1;
  }
  if (!store::UserStore(store->get()).CreateTeam("Sales", std::chrono::system_clock::now()).ok()) return 1;
  invites::InviteTokens tokens(Secret("0123456789abcdef0123456789abcdef"));
  MetricsRegistry metrics;
  invites::InviteService service(store->get(), &tokens, {}, invites::SystemClock(), &metrics, nullptr);
  std::string csv = MakeCsv(rows);
  double rss_before = PeakRssMiB();

  auto start = std::chrono::steady_clock::now();
  invites::StringSource source(csv);
  auto report = service.Preview(&source, {});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.error().ToString().c_str());
    return 1;
  }
  std::printf("rows: %d (%.1f MiB of CSV)\n", rows, static_cast<double>(csv.size()) / (1 << 20));
  std::printf("importable: %lld, problems: %zu listed + %lld counted\n",
              static_cast<long long>(report->summary.importable_rows), report->problems.size(),
              static_cast<long long>(report->problems_not_listed));
  std::printf("preview + validation: %.3f s (%.0f rows/s)\n", secs, rows / secs);
  std::printf("peak RSS: %.1f MiB (%.1f MiB before the preview, the CSV text included)\n", PeakRssMiB(), rss_before);
  std::filesystem::remove_all(dir);
  return 0;
}
