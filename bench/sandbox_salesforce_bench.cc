// Sandbox: Salesforce paged reads. Starts the built salesync-sandbox with lifted limits, pages through
// every Contact and Lead twice — with the keyset query a sync daemon runs
//   WHERE (SystemModstamp > :t OR (SystemModstamp = :t AND Id > :id)) ORDER BY SystemModstamp, Id LIMIT 2000
// and with one query followed through nextRecordsUrl — and prints records/s and the sandbox's peak RSS.
// Not a ctest: figures and the command are recorded in docs/benchmarks.md.
//
//   sandbox_salesforce_bench [--people N] [--sandbox PATH] [--threads N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "net/http_client.h"
#include "tests/support/sandbox_child.h"

namespace {

using Clock = std::chrono::steady_clock;
const char kFields[] = "Id, FirstName, LastName, Email, Title, Phone, LeadSource, OwnerId, SystemModstamp";

// The value of "key":"..." nearest the end of `body` (the last record's), without parsing the page.
std::string LastString(const std::string& body, const std::string& key) {
  size_t at = body.rfind("\"" + key + "\":\"");
  if (at == std::string::npos) return "";
  size_t start = at + key.size() + 4;
  return body.substr(start, body.find('"', start) - start);
}

long TotalSize(const std::string& body) {
  size_t at = body.find("\"totalSize\":");
  return at == std::string::npos ? -1 : std::atol(body.c_str() + at + 12);
}

struct Run {
  long records = 0;
  long pages = 0;
  double seconds = 0;
};

salesync::net::ClientResponse Get(salesync::net::HttpClient& client, const std::string& url, const std::string& token) {
  salesync::net::ClientRequest r{"GET", url};
  r.headers.push_back({"Authorization", "Bearer " + token});
  auto res = client.Send(r);
  if (!res.ok() || res->status != 200) {
    std::fprintf(stderr, "GET %s failed: %s\n", url.substr(0, 120).c_str(),
                 res.ok() ? res->body.substr(0, 300).c_str() : res.error().ToString().c_str());
    std::exit(1);
  }
  return *res;
}

Run Keyset(salesync::net::HttpClient& client, const std::string& base, const std::string& token, const std::string& object) {
  Run run;
  std::string ts = "1970-01-01T00:00:00Z", last_id = "000000000000000AAA";
  auto start = Clock::now();
  while (true) {
    std::string soql = std::string("SELECT ") + kFields + " FROM " + object + " WHERE (SystemModstamp > " + ts +
                       " OR (SystemModstamp = " + ts + " AND Id > '" + last_id + "')) ORDER BY SystemModstamp, Id LIMIT 2000";
    auto page = Get(client, base + "/services/data/v60.0/query?q=" + salesync::net::PercentEncode(soql), token);
    long n = TotalSize(page.body);
    if (n <= 0) break;
    run.records += n;
    ++run.pages;
    last_id = LastString(page.body, "Id");
    std::string s = LastString(page.body, "SystemModstamp");  // ...000+0000 -> ...000+00:00
    ts = s.substr(0, 26) + ":" + s.substr(26);
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

Run Cursor(salesync::net::HttpClient& client, const std::string& base, const std::string& token, const std::string& object) {
  Run run;
  auto start = Clock::now();
  std::string url = base + "/services/data/v60.0/query?q=" +
                    salesync::net::PercentEncode(std::string("SELECT ") + kFields + " FROM " + object);
  while (!url.empty()) {
    auto page = Get(client, url, token);
    size_t at = 0;
    long n = 0;
    while ((at = page.body.find("{\"attributes\":", at)) != std::string::npos) {
      ++n;
      ++at;
    }
    run.records += n;
    ++run.pages;
    std::string next = LastString(page.body, "nextRecordsUrl");
    if (page.body.find("\"done\":true") != std::string::npos) break;
    url = base + next;
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  std::string people = "100000", threads = "2";
  std::string sandbox = std::string(SALESYNC_BINARY_DIR) + "/sandbox/salesync-sandbox";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--people") people = argv[i + 1];
    else if (a == "--sandbox") sandbox = argv[i + 1];
    else if (a == "--threads") threads = argv[i + 1];
  }
  salesync::testing::SandboxChild child(sandbox,
                                        {"--salesforce", "127.0.0.1:0", "--people", people, "--threads", threads,
                                         "--salesforce-daily-limit", "1000000000"},
                                        "/tmp/sandbox_salesforce_bench.stderr");
  auto boot = Clock::now();
  if (!child.Start(std::chrono::minutes(5))) {
    std::fprintf(stderr, "%s\n", child.error().c_str());
    return 1;
  }
  double startup = std::chrono::duration<double>(Clock::now() - boot).count();
  const auto& sf = child.announcement()["salesforce"];
  std::string base = sf["base_url"];
  salesync::net::HttpClient client;
  salesync::net::ClientRequest t{"POST", base + "/services/oauth2/token"};
  t.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  t.body = "grant_type=client_credentials&client_id=" + salesync::net::PercentEncode(sf["client_id"].get<std::string>()) +
           "&client_secret=" + salesync::net::PercentEncode(sf["client_secret"].get<std::string>());
  auto token_res = client.Send(t);
  if (!token_res.ok() || token_res->status != 200) {
    std::fprintf(stderr, "token request failed\n");
    return 1;
  }
  std::string token = nlohmann::json::parse(token_res->body)["access_token"];
  std::printf("people=%s sandbox_startup_s=%.2f\n", people.c_str(), startup);
  for (const char* object : {"Contact", "Lead"}) {
    Run k = Keyset(client, base, token, object);
    std::printf("keyset  %-8s records=%ld pages=%ld seconds=%.2f records_per_s=%.0f\n", object, k.records, k.pages,
                k.seconds, k.records / k.seconds);
    Run c = Cursor(client, base, token, object);
    std::printf("cursor  %-8s records=%ld pages=%ld seconds=%.2f records_per_s=%.0f\n", object, c.records, c.pages,
                c.seconds, c.records / c.seconds);
  }
  std::printf("sandbox_peak_rss_mib=%.1f\n", child.PeakRssKib() / 1024.0);
  return 0;
}
