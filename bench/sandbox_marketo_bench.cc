// sandbox_marketo_bench: how fast salesync-sandbox serves Marketo paged reads, and how much memory it
// needs for a large universe. Not a test: run it by hand and record the figures in docs/benchmarks.md.
//
//   build-marketo/bench/sandbox_marketo_bench [--people N] [--activities-per-person K] [--clients C]
//                                             [--sandbox PATH]
//
// Starts the built salesync-sandbox with the Marketo limits lifted, then with C client threads (libcurl,
// keep-alive, the same client the daemon uses):
//   - leads: GET /rest/v1/leads.json?filterType=id&filterValues=<300 ids>&fields=... over every id;
//   - activities: the activity log split into C time slices, each paged from its own paging token with
//     10 activity types and batchSize 300 until the next slice begins.
// Prints one JSON line: records, seconds and records/s per stream, and the sandbox's peak RSS (VmHWM).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process_memory.h"
#include "net/http_client.h"
#include "net/http_message.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Sandbox {
  pid_t pid = -1;
  nlohmann::json announcement;
};

Sandbox StartSandbox(const std::string& path, int64_t people, int64_t per_person) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::string p = std::to_string(people), k = std::to_string(per_person);
    execl(path.c_str(), path.c_str(), "--marketo", "127.0.0.1:0", "--people", p.c_str(), "--activities-per-person",
          k.c_str(), "--marketo-rate-per-20s", "1000000000", "--marketo-daily-quota", "1000000000",
          "--marketo-concurrency", "100000", static_cast<char*>(nullptr));
    std::perror("exec salesync-sandbox");
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
  close(fds[0]);
  Sandbox s;
  s.pid = pid;
  s.announcement = nlohmann::json::parse(line, nullptr, false);
  if (s.announcement.is_discarded()) {
    std::fprintf(stderr, "sandbox_marketo_bench: no JSON line from %s\n", path.c_str());
    std::exit(1);
  }
  return s;
}

nlohmann::json GetJson(salesync::net::HttpClient& client, const std::string& url, const std::string& token) {
  salesync::net::ClientRequest r{"GET", url};
  r.headers.push_back({"Authorization", "Bearer " + token});
  auto res = client.Send(r);
  if (!res.ok() || res->status != 200) {
    std::fprintf(stderr, "sandbox_marketo_bench: GET %s failed: %s\n", url.c_str(),
                 res.ok() ? res->body.c_str() : res.error().ToString().c_str());
    std::exit(1);
  }
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded() || !j.value("success", false)) {
    std::fprintf(stderr, "sandbox_marketo_bench: GET %s answered %s\n", url.c_str(), res->body.substr(0, 300).c_str());
    std::exit(1);
  }
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t people = 100000, per_person = 3, clients = 2;
  std::string sandbox_path = std::string(SALESYNC_BINARY_DIR) + "/sandbox/salesync-sandbox";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--people") people = std::atoll(argv[i + 1]);
    else if (a == "--activities-per-person") per_person = std::atoll(argv[i + 1]);
    else if (a == "--clients") clients = std::max<int64_t>(1, std::atoll(argv[i + 1]));
    else if (a == "--sandbox") sandbox_path = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: sandbox_marketo_bench [--people N] [--activities-per-person K] [--clients C] [--sandbox PATH]\n");
      return 2;
    }
  }
  Sandbox sb = StartSandbox(sandbox_path, people, per_person);
  const auto& m = sb.announcement["marketo"];
  std::string rest = m["rest_url"], identity = m["identity_url"];
  salesync::net::HttpClient client;
  auto tok = client.Send({"GET", identity + "/oauth/token?grant_type=client_credentials&client_id=" +
                                     m["client_id"].get<std::string>() + "&client_secret=" +
                                     m["client_secret"].get<std::string>()});
  std::string token = nlohmann::json::parse(tok->body)["access_token"];
  int64_t rss_start = salesync::testing::PeakRssKib(std::to_string(sb.pid));

  // Leads: every id, 300 per call, ids dealt out to the clients in turn.
  std::atomic<int64_t> next_batch{0}, lead_records{0};
  int64_t batches = (people + 299) / 300;
  auto leads_start = Clock::now();
  std::vector<std::thread> threads;
  for (int64_t t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      salesync::net::HttpClient own;
      for (int64_t b = next_batch++; b < batches; b = next_batch++) {
        std::string ids;
        for (int64_t id = b * 300 + 1; id <= std::min(people, (b + 1) * 300); ++id) ids += (ids.empty() ? "" : ",") + std::to_string(id);
        auto j = GetJson(own, rest + "/v1/leads.json?filterType=id&fields=email,firstName,lastName,company,leadScore,"
                                     "sfdcLeadId,sfdcContactId,updatedAt&filterValues=" + ids, token);
        lead_records += static_cast<int64_t>(j["result"].size());
      }
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  double lead_secs = std::chrono::duration<double>(Clock::now() - leads_start).count();

  // Activities: C time slices of the generated two years (2024-11-01 .. 2026-11-01), paged in parallel.
  const int64_t from = 1730419200000LL, to = 1793491200000LL;
  std::atomic<int64_t> activity_records{0}, pages{0};
  auto act_start = Clock::now();
  for (int64_t t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      salesync::net::HttpClient own;
      int64_t start = from + (to - from) / clients * t;
      int64_t end = t + 1 == clients ? INT64_MAX : from + (to - from) / clients * (t + 1);
      auto iso = [](int64_t ms) {
        time_t s = ms / 1000;
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&s));
        return std::string(buf);
      };
      std::string next = GetJson(own, rest + "/v1/activities/pagingtoken.json?sinceDatetime=" + iso(start), token)["nextPageToken"];
      std::string end_iso = end == INT64_MAX ? "9999" : iso(end).substr(0, 19);
      while (true) {
        auto j = GetJson(own, rest + "/v1/activities.json?activityTypeIds=1,2,6,7,10,11,12,13,22,46&batchSize=300&nextPageToken=" + next, token);
        ++pages;
        bool past_end = false;
        for (const auto& a : j.value("result", nlohmann::json::array())) {
          if (a["activityDate"].get<std::string>().substr(0, 19) >= end_iso) {
            past_end = true;
            break;
          }
          ++activity_records;
        }
        next = j["nextPageToken"];
        if (past_end || !j["moreResult"].get<bool>()) break;
      }
    });
  }
  for (auto& t : threads) t.join();
  double act_secs = std::chrono::duration<double>(Clock::now() - act_start).count();

  int64_t rss_peak = salesync::testing::PeakRssKib(std::to_string(sb.pid));
  kill(sb.pid, SIGTERM);
  int status = 0;
  waitpid(sb.pid, &status, 0);
  nlohmann::json out = {
      {"people", people},
      {"activities_per_person", per_person},
      {"clients", clients},
      {"leads", {{"records", lead_records.load()}, {"seconds", lead_secs}, {"records_per_sec", lead_records / lead_secs}}},
      {"activities",
       {{"records", activity_records.load()}, {"pages", pages.load()}, {"seconds", act_secs},
        {"records_per_sec", activity_records / act_secs}}},
      {"sandbox_rss_kb", {{"after_start", rss_start}, {"peak", rss_peak}}}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
