// SyncProgress: what every stream of every sync is doing right now, for `salesyncctl sync status`, the
// API and metrics. Updated by the runners after each page; read by the routes at any time.
// Thread-safety: thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace salesync::sync {

struct StreamProgress {
  std::string state = "idle";   // idle | running | waiting | paused | failed | done
  int64_t run_started_ms = 0;
  int64_t run_finished_ms = 0;
  int64_t records_read = 0;     // this run
  int64_t records_stored = 0;   // this run: inserted or updated
  int64_t calls = 0;            // this run
  std::optional<int64_t> total; // this run, when the stream knows
  int64_t newest_modified_ms = 0;  // the newest record seen (lag = now - this)
  std::string last_error;       // in plain words; cleared by a successful run
  std::string detail;           // what it is doing ("Lead page 3", "waiting for the export job")
};

class SyncProgress {
 public:
  void Update(const std::string& sync, const std::string& stream, const std::function<void(StreamProgress&)>& fn);
  std::optional<StreamProgress> Get(const std::string& sync, const std::string& stream) const;
  // {"streams": {name: {...}}} for one sync, with rate (records/s over the run) and ETA when the total is known.
  nlohmann::json Json(const std::string& sync, int64_t now_ms) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, StreamProgress> streams_;
};

}  // namespace salesync::sync
