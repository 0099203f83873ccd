// JobRunner: executes the durable jobs that journey action nodes become (docs/architecture.md "Journeys
// and jobs"). Owned by the JourneyScheduler; every provider call goes through the ApiClient, so journey
// actions share each connection's rate budget with sync.
//
// RunOnce first settles what a previous attempt left unsettled (in_flight after a crash, reconciling after
// an ambiguous outcome), then takes due jobs, groups them by (journey, node, action, connection) and sends
// one call per batch limit (Marketo list 300, request campaign 100, Salesforce collection 200). For each
// batch: intent (in_flight, committed) → call → outcome per job. Non-idempotent campaign actions with an
// unknown outcome are reconciled against Marketo's activities before anything is resent.
// Outcomes: done; queued again with exponential backoff and full jitter (transient, rate-limited);
// dead with the provider's reason (permanent, or too many attempts); paused while the connection needs
// re-authorisation (resumed by the scheduler when the connection is connected again).
// Thread-safety: one RunOnce at a time (the scheduler serialises passes).
#pragma once

#include <functional>
#include <map>
#include <random>
#include <string>

#include "base/metrics.h"
#include "base/result.h"
#include "oauth/api_client.h"
#include "store/journey_store.h"

namespace salesync::journeys {

struct JobRunStats {
  int64_t done = 0, retried = 0, dead = 0, paused = 0, reconciled = 0, resent = 0;
  int64_t calls = 0;  // provider calls, reconciliation included
};

struct JobRunnerOptions {
  int max_attempts = 8;
  std::chrono::milliseconds backoff_base{30000};
  std::chrono::milliseconds backoff_cap{3600000};
  int64_t reconcile_margin_ms = 60000;  // looked back before the intent (clock skew with the provider)
  int max_jobs_per_pass = 10000;
};

class JobRunner {
 public:
  JobRunner(store::JourneyStore* store, oauth::ApiClient* api, MetricsRegistry* metrics, std::function<int64_t()> now_ms,
            JobRunnerOptions options = {});

  Result<JobRunStats> RunOnce();

 private:
  struct Batch {
    std::string action, connection;
    nlohmann::json settings;
    std::vector<store::JobRow> jobs;
  };

  void RunBatch(Batch& batch, JobRunStats& stats);
  void RunLocal(Batch& batch, JobRunStats& stats);
  void Reconcile(Batch& batch, JobRunStats& stats);
  // The update for a job whose call failed with `error`.
  store::JobUpdate Failed(const store::JobRow& job, const Error& error, JobRunStats& stats);
  void Apply(const std::vector<store::JobUpdate>& updates);
  std::vector<Batch> Group(std::vector<store::JobRow> jobs);

  store::JourneyStore* store_;
  oauth::ApiClient* api_;
  MetricsRegistry* metrics_;
  std::function<int64_t()> now_ms_;
  JobRunnerOptions options_;
  std::mt19937_64 rng_{std::random_device{}()};
};

// The numeric change of a change_score setting ("+10" → 10, "-5" → -5, 7 → 7).
int64_t ScoreDelta(const nlohmann::json& change);

}  // namespace salesync::journeys
