// RunPush: writes the mapped form of a sync's source records to the mapping's target (docs/architecture.md,
// "Pushing mapped records"). The scheduler runs it after the sync's streams, with the plan compiled once
// for the run.
//
//   enqueue new and changed source records (PushStore::Enqueue)
//   for each batch of ≤ MaxBatch() pending records, in id order:
//     Bind + Apply the plan; rejected rows → rejected, with the reasons a preview shows
//     target record: ours from an earlier push → update; the person's linked record → update;
//                    else one lookup by identity: one match → update, none → create, several → rejected
//     create / update calls; one outcome per record (done | retry, capped | failed)
//
// A create whose answer was lost leaves its row pending with no target id, and the next run's lookup finds
// the record it made: a retry updates, it never creates twice. Each row is visited once per run.
// Outcomes: done; paused (re-authorize the connection, or its allowance is spent); interrupted (shutdown);
// failed (a call refused for good, or the store failed).
// Thread-safety: one thread per sync.
#pragma once

#include <cstdint>
#include <string>

#include "mapping/plan.h"
#include "store/push_store.h"
#include "sync/push_target.h"
#include "sync/stream_runner.h"

namespace salesync::sync {

struct PushRunResult {
  std::string status;  // done | paused | interrupted | failed
  int64_t enqueued = 0, created = 0, updated = 0, rejected = 0, failed = 0, retried = 0, calls = 0;
  std::string error;
};

struct PushRunOptions {
  int64_t max_attempts = 5;  // a record that keeps failing for transient reasons fails after this many runs
};

// `route` names the sync, the mapping's source (connection, object) and its target; `plan` is the mapping
// compiled with both describes.
PushRunResult RunPush(const RunDeps& deps, store::PushStore& store, const store::PushRoute& route,
                      const mapping::Plan& plan, PushTarget& target, const PushRunOptions& options = {});

// salesync_push_records_total{sync,outcome}: created, updated, rejected, failed.
void DeclarePushMetrics(MetricsRegistry& metrics);

}  // namespace salesync::sync
