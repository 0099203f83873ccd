// RunStream: one run of one stream of one sync, from its last checkpoint until the connector says it has
// caught up. This is the only paging loop in salesync; connectors only build calls and read answers.
//
//   checkpoint ← store; stream ← connector.OpenStream(checkpoint)
//   while call ← stream.NextCall():
//     answer ← ApiClient.Call(call)              (rate budget, token refresh, retries, classification)
//     step ← stream.Consume(answer)
//     store.CommitPage(step.records, step.checkpoint)    ONE transaction
//     wait step.wait_before_next                 (shutdown-aware)
//
// Outcomes: done (caught up); paused (the connection needs re-authorization or its daily allowance is
// spent: the work waits, nothing is lost); interrupted (shutdown: the next run resumes from the last
// committed page); failed (an error the admin must see, in plain words, with where it happened).
// Thread-safety: RunStream may run on several threads for different (sync, stream) pairs.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/metrics.h"
#include "base/result.h"
#include "config/syncs_config.h"
#include "connectors/connector.h"
#include "oauth/api_client.h"
#include "store/sync_store.h"
#include "sync/progress.h"

namespace salesync::sync {

struct RunDeps {
  oauth::ApiClient* api = nullptr;
  store::SyncStore* store = nullptr;
  SyncProgress* progress = nullptr;
  MetricsRegistry* metrics = nullptr;
  std::function<int64_t()> now_ms;
  // Waits `d`; false when the daemon is stopping.
  std::function<bool(std::chrono::milliseconds)> sleep;
  const std::atomic<bool>* stop = nullptr;  // set when the daemon is stopping
};

struct StreamRunResult {
  std::string status;  // done | paused | interrupted | failed
  int64_t records = 0;
  int64_t calls = 0;
  std::string error;   // for paused / failed
};

// `writeback_syncs`: the write-back syncs that take this connection's new activities.
StreamRunResult RunStream(const RunDeps& deps, const config::SyncConfig& sync, const connectors::Connector& connector,
                          const std::string& stream, const std::vector<std::string>& writeback_syncs);

// Declares the sync metrics once (records, pages, lag, checkpoint age).
void DeclareSyncMetrics(MetricsRegistry& metrics);

}  // namespace salesync::sync
