// SandboxOptions: everything salesync-sandbox can be told on its command line, shared by all providers.
// Each provider reads the part that concerns it. Defaults reproduce the real services' limits.
// Thread-safety: value type, read-only once the sandbox runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace salesync::sandbox {

struct SeedOptions {
  int64_t people = 1000;            // humans in the universe (see people_universe.h)
  int64_t activities_per_person = 3;
  uint64_t seed = 1;                // same seed, same data
};

struct SandboxOptions {
  SeedOptions seed;
  std::string tls_dir;              // HTTPS when set: the throwaway CA is written to TLS_DIR/ca.pem
  int threads = 4;                  // event-loop threads

  // Marketo
  int64_t marketo_rate_per_20s = 100;      // calls per sliding 20 s window (606 beyond)
  int64_t marketo_concurrency = 10;        // requests in flight (615 beyond)
  int64_t marketo_daily_quota = 50000;     // calls per day (607 beyond)
  int64_t marketo_token_ttl_secs = 3600;   // access token lifetime
  int64_t marketo_bulk_daily_mb = 500;     // bulk extract quota (1029 beyond)
  bool marketo_reject_query_token = false; // refuse ?access_token= (the 2026-08-31 removal)

  // Salesforce
  std::vector<std::string> salesforce_redirect_uris;  // registered callbacks, matched exactly
  bool salesforce_auto_approve = false;    // authorize redirects at once instead of showing consent
  int64_t salesforce_daily_limit = 100000; // API requests per 24 h (REQUEST_LIMIT_EXCEEDED beyond)
  int64_t salesforce_token_ttl_secs = 7200;
  int64_t salesforce_page_size = 2000;     // default query batch size
  std::string salesforce_jwt_cert_file;    // PEM certificate of the connected app (JWT bearer flow)
  bool salesforce_rotate_refresh_tokens = true;  // each refresh returns a new refresh token (RTR)
};

}  // namespace salesync::sandbox
