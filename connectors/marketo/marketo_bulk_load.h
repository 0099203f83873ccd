// BulkLeadLoad: the initial load of leads through bulk extract, as a state machine the leads stream runs.
//
// From `start` to `end` in windows of bulk_window_days on updatedAt (every lead was updated at or after it
// was created, so walking updatedAt from the oldest createdAt sees every lead; filtering on createdAt
// would miss updates, shared/reference/marketo.md §7):
//
//   create   POST /bulk/v1/leads/export/create.json {fields, format:CSV, filter:{updatedAt:{startAt,endAt}}}
//   enqueue  POST …/export/{id}/enqueue.json
//   status   GET  …/export/{id}/status.json, every bulk_poll_secs (wait_before_next; never a sleep here)
//   file     GET  …/export/{id}/file.json with Range: bytes=a-b, bulk_chunk_bytes at a time; rows are
//            parsed as they arrive (CsvRowReader) and returned as records page by page
//   then the checkpoint {"phase":"bulk","window_end":…,"bulk_day":…,"bulk_bytes":…} and the next window.
//
// Limits (§3, §5): one job at a time, so 2 processing / 10 queued are never reached by us. The daily export
// quota is tracked per US Central day in the checkpoint from the sizes of completed files; once it is
// spent the load waits (a step with no records, wait_before_next until Central midnight, and
// "quota_wait_until" in the checkpoint) instead of enqueueing into a 1029. A 1029 that arrives anyway
// (another integration spent the quota or filled the queue) is turned into the same wait by
// AfterRefusal().
// Windows share their boundary second (inclusive filters), so a lead updated exactly then is read twice;
// store writes are upserts, so that is harmless, whereas a gap would lose it.
// Thread-safety: one engine thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "connectors/marketo/marketo_csv.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/stream.h"

namespace salesync::connectors::marketo {

struct BulkQuota {
  int64_t day = 0;    // US Central day the bytes were counted on
  int64_t bytes = 0;  // exported on that day
};

class BulkLeadLoad {
 public:
  // Windows from `start_ms` up to `end_ms`.
  BulkLeadLoad(const LeadStreamSettings& settings, int64_t start_ms, int64_t end_ms, BulkQuota quota);

  bool done() const { return state_ == State::kDone; }
  // The end of the last window read (= end_ms once done).
  int64_t window_start() const { return window_start_; }

  // REQUIRES: !done().
  StreamCall NextCall(int64_t now_ms);
  // `now_ms`: the stream's estimate of the engine clock. Records and, after each window, the checkpoint
  // built by `checkpoint(window_end, quota)`.
  Result<StreamStep> Consume(const oauth::ApiResponse& response, int64_t now_ms);
  // For an Error the ApiClient returned for the call NextCall() built: a waiting step when it is a 1029
  // (quota spent, queue full, already queued), nullopt otherwise.
  std::optional<StreamStep> AfterRefusal(const Error& error, int64_t now_ms);

  // The bulk-phase checkpoint for the current state.
  nlohmann::json Checkpoint() const;

 private:
  enum class State { kCreate, kEnqueue, kStatus, kDownload, kDone };

  int64_t WindowEnd() const;
  StreamStep QuotaWait(int64_t now_ms);
  Result<StreamStep> FinishWindow(std::vector<Record> records);
  Result<StreamStep> ConsumeFile(const oauth::ApiResponse& response);

  LeadStreamSettings settings_;
  int64_t window_start_;
  int64_t end_;
  BulkQuota quota_;
  State state_ = State::kCreate;
  std::string export_id_;
  int64_t file_size_ = 0;
  int64_t offset_ = 0;
  int64_t quota_wait_until_ = 0;
  std::unique_ptr<CsvRowReader> reader_;
};

}  // namespace salesync::connectors::marketo
