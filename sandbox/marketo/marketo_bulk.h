// BulkExports: bulk extract jobs for leads and activities (shared/reference/marketo.md §5, "Bulk
// Extract"). No /rest prefix:
//   POST /bulk/v1/{leads|activities}/export/create.json          -> Created
//   POST /bulk/v1/{leads|activities}/export/{exportId}/enqueue.json -> Queued
//   GET  /bulk/v1/{leads|activities}/export/{exportId}/status.json
//   GET  /bulk/v1/{leads|activities}/export/{exportId}/file.json   Range: bytes=a-b -> 206; before
//        completion or for an unknown id: 404 with a plain-text body
//   POST /bulk/v1/{leads|activities}/export/{exportId}/cancel.json -> Cancelled
//   GET  /bulk/v1/{leads|activities}/export.json?status=..         own jobs of the last 7 days
// Lifecycle Created -> Queued -> Processing -> Completed (Failed, Cancelled). A job moves one step when
// 60 s of sandbox clock have passed since its last step (the service changes status at most once a
// minute), or at once when its status is polled: so tests either move the clock or poll twice.
// Limits: 2 processing and 10 queued (including processing): "1029 Too many jobs (10) in queue";
// enqueueing a queued job: "1029 Job already queued"; date filters at most 31 days, ISO-8601 without
// milliseconds; lead jobs need `fields` and exactly one filter of createdAt, updatedAt, staticListId,
// staticListName (smartListId/smartListName answer 1035, as on subscriptions without them); activity
// jobs need filter.createdAt. The MB exported per US Central day count against bulk_daily_mb; once
// reached, enqueue answers "1029 Export daily quota <N>MB exceeded" until midnight Central.
// Files are written once to a temporary file and streamed; they are dropped 7 days after completion,
// jobs 30 days after creation. Jobs are visible to their creator only.
// Thread-safety: handlers run under the provider's shared data lock; job state has its own mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sandbox/marketo/marketo_export_file.h"
#include "sandbox/marketo/marketo_routes.h"

namespace salesync::sandbox::marketo {

struct ExportJob {
  std::string id;
  std::string kind;  // "leads" or "activities"
  std::string creator;
  std::string format = "CSV";
  std::vector<std::string> fields;
  std::map<std::string, std::string> headers;  // columnHeaderNames
  nlohmann::json filter;
  std::string status = "Created";
  int64_t created = 0, queued = 0, started = 0, finished = 0, last_step = 0;
  bool polled = false;
  int64_t records = 0;
  int64_t file_size = 0;
  std::string checksum;
  std::string error;
  std::shared_ptr<ExportFile> file;
};

class BulkExports {
 public:
  explicit BulkExports(int64_t daily_mb) : daily_bytes_(daily_mb * 1024 * 1024), daily_mb_(daily_mb) {}

  void AddRoutes(RouteTable& table);
  void Reset();
  nlohmann::json JobsJson() const;  // for the control API

  static constexpr int kMaxProcessing = 2;
  static constexpr int kMaxQueued = 10;
  static constexpr int64_t kStepMillis = 60000;
  static constexpr int64_t kMaxWindowMillis = 31LL * 86400000;

 private:
  net::HttpResponse Create(MarketoCall& c);
  net::HttpResponse Enqueue(MarketoCall& c);
  net::HttpResponse Status(MarketoCall& c);
  net::HttpResponse File(MarketoCall& c);
  net::HttpResponse Cancel(MarketoCall& c);
  net::HttpResponse List(MarketoCall& c);

  // Moves jobs forward to `now` (REQUIRES: mu_ held). Generation reads `data`.
  void Advance(const MarketoData& data, int64_t now);
  void Generate(const MarketoData& data, ExportJob& job, int64_t now);
  ExportJob* FindJob(MarketoCall& c);  // REQUIRES: mu_ held
  nlohmann::json StatusJson(const ExportJob& job) const;

  int64_t daily_bytes_;
  int64_t daily_mb_;
  mutable std::mutex mu_;
  std::map<std::string, ExportJob> jobs_;
  std::vector<std::string> order_;  // creation order
  std::map<int64_t, int64_t> bytes_by_day_;
  int64_t counter_ = 0;
};

}  // namespace salesync::sandbox::marketo
