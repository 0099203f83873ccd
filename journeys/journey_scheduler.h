// JourneyScheduler: advances accounts through live journeys and drains the job queue. Owned by the
// daemon; one pass at a time, on its worker thread (every interval, or at once after Wake()) or on the
// caller's thread (RunOnce: `POST /api/v1/journeys/run`, tests).
//
// A pass: (1) every live journey admits the audience's accounts that are not in it yet (closed journeys
// admit none); (2) every active entry whose due time has passed walks its nodes — an action node enqueues
// its jobs (idempotent keys) and moves on, a wait sets the due time and stops, a split picks a path, an end
// finishes the entry; (3) paused jobs of connections that are connected again are queued, then the
// JobRunner runs due jobs; (4) a live or closed journey whose entries have all finished is completed;
// (5) the job gauges are refreshed. Time comes from `now_ms`, so tests move a clock instead of sleeping.
// Thread-safety: all public methods are thread-safe; passes are serialised.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "journeys/job_runner.h"
#include "journeys/journey_model.h"
#include "oauth/connection_manager.h"

namespace salesync::journeys {

struct PassStats {
  int64_t entered = 0, advanced = 0, finished = 0, jobs_enqueued = 0, completed_journeys = 0;
  JobRunStats jobs;
};

nlohmann::json ToJson(const PassStats& stats);

class JourneyScheduler {
 public:
  JourneyScheduler(store::JourneyStore* store, oauth::ApiClient* api, oauth::ConnectionManager* connections,
                   MetricsRegistry* metrics, std::function<int64_t()> now_ms, ConnectionTypes connection_types,
                   JobRunnerOptions options = {});
  ~JourneyScheduler();

  Result<PassStats> RunOnce();

  // The worker: a pass every `interval`, or at once after Wake().
  void Start(std::chrono::milliseconds interval);
  void Wake();
  void Stop();

 private:
  Status AdvanceJourney(const std::string& name, const nlohmann::json& document, bool admit, PassStats& stats);
  void ResumeConnections();
  void PublishGauges();
  void Worker(std::chrono::milliseconds interval);

  store::JourneyStore* store_;
  oauth::ConnectionManager* connections_;
  MetricsRegistry* metrics_;
  std::function<int64_t()> now_ms_;
  ConnectionTypes connection_types_;
  JobRunner runner_;

  std::mutex pass_mu_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace salesync::journeys
