// salesync-sandbox: wire-faithful emulators of the external APIs, for tests, benchmarks and the demo.
// Prints one JSON line on stdout once every provider listens, then serves until SIGTERM/SIGINT.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/log.h"
#include "config/config.h"
#include "net/event_loop.h"
#include "sandbox/provider_registry.h"
#include "sandbox/sandbox_server.h"

namespace {

using salesync::sandbox::AllProviderFactories;
using salesync::sandbox::SandboxOptions;

void PrintUsage(FILE* out) {
  std::fprintf(out, "Usage: salesync-sandbox [--PROVIDER HOST:PORT]... [OPTIONS]\n\nProviders:\n");
  for (const auto& f : AllProviderFactories()) {
    std::fprintf(out, "  --%-28s %s\n", (f.name + " HOST:PORT").c_str(), f.summary.c_str());
  }
  std::fputs(R"(
Options:
  --tls-dir DIR                 serve HTTPS with a throwaway CA written to DIR/ca.pem
  --people N                    people in the seeded universe (default 1000)
  --activities-per-person K     Marketo activities per person (default 3)
  --seed S                      data seed; the same seed gives the same data (default 1)
  --threads N                   event-loop threads (default 4)
  --marketo-rate-per-20s R      Marketo calls per sliding 20 s (default 100; 606 beyond)
  --marketo-concurrency C       Marketo requests in flight (default 10; 615 beyond)
  --marketo-daily-quota Q       Marketo calls per day (default 50000; 607 beyond)
  --marketo-token-ttl SECS      Marketo access token lifetime (default 3600)
  --marketo-bulk-daily-mb MB    Marketo bulk extract quota (default 500; 1029 beyond)
  --marketo-reject-query-token  refuse access_token in the query string
  --salesforce-redirect-uri URI a registered OAuth callback (repeatable), matched exactly
  --salesforce-auto-approve     answer the authorize URL with the redirect at once
  --salesforce-daily-limit N    API requests per 24 h (default 100000)
  --salesforce-token-ttl SECS   access token lifetime (default 7200)
  --salesforce-page-size N      default query batch size (default 2000)
  --salesforce-jwt-cert FILE    PEM certificate that JWT bearer assertions must verify with
  --salesforce-no-refresh-rotation  keep refresh tokens valid across refreshes (rotation is on by default)
Port 0 picks a free port. The JSON line on stdout says where each provider listens.
)", out);
}

bool ParseInt(const char* s, int64_t& out) {
  char* end = nullptr;
  long long v = std::strtoll(s, &end, 10);
  if (end == s || *end != '\0') return false;
  out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  SandboxOptions options;
  std::vector<std::pair<std::string, std::string>> requested;  // provider, HOST:PORT
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto need = [&](int64_t* out) -> bool {
      if (i + 1 >= argc || !ParseInt(argv[i + 1], *out)) {
        std::fprintf(stderr, "salesync-sandbox: %s needs an integer value.\n", a.c_str());
        return false;
      }
      ++i;
      return true;
    };
    int64_t n = 0;
    if (a == "--help" || a == "-h") { PrintUsage(stdout); return 0; }
    bool is_provider = false;
    for (const auto& f : AllProviderFactories()) {
      if (a == "--" + f.name) {
        if (i + 1 >= argc) { std::fprintf(stderr, "salesync-sandbox: %s needs HOST:PORT.\n", a.c_str()); return 2; }
        requested.emplace_back(f.name, argv[++i]);
        is_provider = true;
      }
    }
    if (is_provider) continue;
    if (a == "--tls-dir" && i + 1 < argc) options.tls_dir = argv[++i];
    else if (a == "--people") { if (!need(&options.seed.people)) return 2; }
    else if (a == "--activities-per-person") { if (!need(&options.seed.activities_per_person)) return 2; }
    else if (a == "--seed") { if (!need(&n)) return 2; options.seed.seed = static_cast<uint64_t>(n); }
    else if (a == "--threads") { if (!need(&n)) return 2; options.threads = static_cast<int>(n); }
    else if (a == "--marketo-rate-per-20s") { if (!need(&options.marketo_rate_per_20s)) return 2; }
    else if (a == "--marketo-concurrency") { if (!need(&options.marketo_concurrency)) return 2; }
    else if (a == "--marketo-daily-quota") { if (!need(&options.marketo_daily_quota)) return 2; }
    else if (a == "--marketo-token-ttl") { if (!need(&options.marketo_token_ttl_secs)) return 2; }
    else if (a == "--marketo-bulk-daily-mb") { if (!need(&options.marketo_bulk_daily_mb)) return 2; }
    else if (a == "--marketo-reject-query-token") options.marketo_reject_query_token = true;
    else if (a == "--salesforce-redirect-uri" && i + 1 < argc) options.salesforce_redirect_uris.push_back(argv[++i]);
    else if (a == "--salesforce-auto-approve") options.salesforce_auto_approve = true;
    else if (a == "--salesforce-daily-limit") { if (!need(&options.salesforce_daily_limit)) return 2; }
    else if (a == "--salesforce-token-ttl") { if (!need(&options.salesforce_token_ttl_secs)) return 2; }
    else if (a == "--salesforce-page-size") { if (!need(&options.salesforce_page_size)) return 2; }
    else if (a == "--salesforce-jwt-cert" && i + 1 < argc) options.salesforce_jwt_cert_file = argv[++i];
    else if (a == "--salesforce-no-refresh-rotation") options.salesforce_rotate_refresh_tokens = false;
    else {
      std::fprintf(stderr, "salesync-sandbox: unknown or incomplete option \"%s\".\n\n", a.c_str());
      PrintUsage(stderr);
      return 2;
    }
  }
  if (requested.empty()) {
    std::fprintf(stderr, "salesync-sandbox: name at least one provider to run.\n\n");
    PrintUsage(stderr);
    return 2;
  }

  auto env = std::make_shared<salesync::sandbox::SandboxEnvironment>();
  env->options = options;
  salesync::net::EventLoop loop(options.threads);
  salesync::sandbox::SandboxServer sandbox(loop, env);
  for (const auto& [name, where] : requested) {
    auto hp = salesync::config::ParseHostPort(where);
    if (!hp.ok()) {
      std::fprintf(stderr, "salesync-sandbox: --%s: %s\n", name.c_str(), hp.error().message.c_str());
      return 2;
    }
    for (const auto& f : AllProviderFactories()) {
      if (f.name == name) sandbox.AddProvider(f.make(env), hp->host, hp->port);
    }
  }
  if (auto s = sandbox.Start(); !s.ok()) {
    std::fprintf(stderr, "salesync-sandbox: %s\n", s.error().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", sandbox.Announcement().dump().c_str());
  std::fflush(stdout);
  loop.OnSignals({SIGTERM, SIGINT}, [&](int) {
    sandbox.Stop();
    loop.Stop();
  });
  loop.Run();
  return 0;
}
