// PushStore: the queue of source records a sync with a mapping writes to the mapping's target
// (migration 6; docs/architecture.md, "Pushing mapped records").
//
// The queue is computed from source_records.synced_ms, which only moves when a page stores a new or
// changed version: Enqueue() picks up every live record of the source object stored since the sync's
// push cursor and marks it pending unless that version was already enqueued, then moves the cursor — all
// in one transaction. The paging loop (SyncStore::CommitPage) is not involved.
// Thread-safety: thread-safe (the Store serialises access).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace salesync::store {

// The source object of a sync's mapping and the target object it writes to.
struct PushRoute {
  std::string sync;
  std::string connection;         // source
  std::string object;             // source ("lead")
  std::string target_connection;  // "salesforce"
  std::string target_object;      // "Lead"
};

struct PendingPush {
  int64_t id = 0;
  std::string remote_id;
  int64_t modified_ms = 0;
  bool deleted = false;          // deleted upstream after it was enqueued
  nlohmann::json fields;         // the source record as stored
  std::string target_id;         // the target record an earlier push wrote (empty: none yet)
  std::vector<std::string> linked_ids;  // live records of the target object that belong to the same person
  int64_t attempts = 0;
};

struct PushResult {
  int64_t id = 0;
  enum class State { kDone, kRejected, kFailed, kRetry } state = State::kDone;
  std::string target_id;  // kDone: the record written (kept for later pushes)
  std::string error;      // the reason (rejected, failed, retry)
};

struct PushRejection {
  std::string remote_id;
  std::string reason;
  int64_t updated_ms = 0;
};

struct PushCounts {
  int64_t pending = 0, done = 0, rejected = 0, failed = 0;
  std::vector<PushRejection> recent_rejections;  // newest first
  std::vector<PushRejection> recent_failures;    // newest first
};

class PushStore {
 public:
  explicit PushStore(Store* store) : store_(store) {}

  // Makes every live source record stored since the cursor (minus `margin_ms`) pending, unless its version
  // is already enqueued; moves the cursor. Returns how many rows became pending.
  Result<int64_t> Enqueue(const PushRoute& route, const std::string& mapping_version, int64_t now_ms,
                          int64_t margin_ms = 60000);
  // Pending rows with an id above `after_id`, in id order, with what identity resolution needs.
  Result<std::vector<PendingPush>> Pending(const PushRoute& route, int64_t after_id, size_t limit);
  // Records outcomes. kRetry adds an attempt and stays pending until `max_attempts`, then fails.
  Status Record(const std::vector<PushResult>& results, int64_t now_ms, int64_t max_attempts);
  Result<PushCounts> Counts(const std::string& sync, size_t recent = 5);

 private:
  Store* store_;
};

}  // namespace salesync::store
