// SyncScheduler: runs the configured syncs — once started — every interval_secs, one at a time on its own
// worker thread, and at once on `salesyncctl sync run NAME`.
//
// A sync does nothing until an admin starts it (`salesyncctl sync start NAME`), which is remembered in the
// store; from then on runs follow the schedule, also across restarts. A run walks the sync's streams in
// order (RunStream), then, when it names a mapping, pushes the mapped records (RunSyncPush), then its
// write-back (RunWriteback). The worker sleeps on a condition variable until
// the next run is due, a run is requested, or the daemon stops — it never polls.
// Thread-safety: all public methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "base/result.h"
#include "config/config.h"
#include "store/store.h"
#include "sync/stream_runner.h"
#include "sync/sync_push.h"

namespace salesync::sync {

class SyncScheduler {
 public:
  // `deps.stop` is the scheduler's own stop flag; `deps.sleep` defaults to a wait that Stop() interrupts
  // (tests pass one that moves their clock); the rest comes from the caller.
  SyncScheduler(RunDeps deps, store::Store* store, std::map<std::string, config::SyncConfig> syncs,
                std::map<std::string, config::ConnectionConfig> connections);
  ~SyncScheduler();

  void Start();
  // Tells the worker to stop after the page in flight; returns at once (safe on the event loop).
  void RequestStop();
  void Stop();  // RequestStop, then waits for the worker

  // The current version of a configured mapping (mapping::SpecVersion); nullopt when it is not configured.
  void SetMappingVersions(std::function<std::optional<std::string>(const std::string& mapping)> versions);
  // The configured mappings' specs and the describes they compile against: a sync with a mapping then
  // pushes its mapped records to the mapping's target after its streams (RunSyncPush).
  void SetMappingAccess(MappingAccess access);

  // Marks the sync started (persisted) and runs it now. kNotFound for an unknown sync. A sync with a
  // mapping starts only with `accepted_version` equal to the mapping's current version (the admin saw
  // that preview); kConflict otherwise. The accepted version is remembered: when the mapping changes
  // later, runs stop (paused, with the reason) until the new version is accepted the same way.
  Status StartSync(const std::string& name, const std::string& accepted_version = "");
  // Runs now (a started sync, or one the admin runs by hand). kNotFound for an unknown sync.
  Status RunNow(const std::string& name);
  // Applies a reloaded configuration (added, removed or changed syncs).
  void Reconfigure(std::map<std::string, config::SyncConfig> syncs);

  nlohmann::json Describe(const std::string& name);  // null when unknown
  // Runs of `name` the worker has finished since start; a client waits for it to pass the value it saw.
  int64_t RunsCompleted(const std::string& name);
  nlohmann::json List();
  // The syncs that act for `email` (run_as), or for the owner when run_as is empty.
  std::vector<std::string> SyncsUnder(const std::string& email, bool is_owner);

  // Runs every stream and the write-back of `name` on the calling thread (tests, benchmarks).
  Status RunOnce(const std::string& name);

 private:
  void Worker();
  Status RunSync(const config::SyncConfig& sync);
  std::vector<std::string> WritebackSyncsFor(const std::string& connection);  // mu_ held
  bool Started(const std::string& name);
  // "" when the sync may run; else why not, for the admin (its mapping changed since it was accepted).
  std::string MappingBlock(const config::SyncConfig& sync);
  bool InterruptibleSleep(std::chrono::milliseconds d);

  RunDeps deps_;
  store::Store* store_;
  std::map<std::string, config::ConnectionConfig> connections_;
  std::function<std::optional<std::string>(const std::string&)> mapping_versions_;
  MappingAccess mapping_access_;
  std::atomic<bool> stop_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, config::SyncConfig> syncs_;
  std::map<std::string, int64_t> next_due_ms_;  // started syncs only
  std::set<std::string> requested_;
  std::map<std::string, int64_t> runs_completed_;  // by the worker, since this process started
  std::string running_;
  std::thread worker_;
};

}  // namespace salesync::sync
