#include "journeys/journey_scheduler.h"

#include "base/log.h"
#include "journeys/journey_graph.h"

namespace salesync::journeys {

namespace {

constexpr int kMaxStepsPerEntry = 256;  // a journey has no loops (validated); this is a guard
constexpr int kEntriesPerBatch = 1000;

}  // namespace

nlohmann::json ToJson(const PassStats& s) {
  return {{"entered", s.entered},
          {"advanced", s.advanced},
          {"finished", s.finished},
          {"jobs_enqueued", s.jobs_enqueued},
          {"completed_journeys", s.completed_journeys},
          {"jobs",
           {{"done", s.jobs.done},
            {"retried", s.jobs.retried},
            {"dead", s.jobs.dead},
            {"paused", s.jobs.paused},
            {"reconciled", s.jobs.reconciled},
            {"resent", s.jobs.resent},
            {"provider_calls", s.jobs.calls}}}};
}

JourneyScheduler::JourneyScheduler(store::JourneyStore* store, oauth::ApiClient* api,
                                   oauth::ConnectionManager* connections, MetricsRegistry* metrics,
                                   std::function<int64_t()> now_ms, ConnectionTypes connection_types,
                                   JobRunnerOptions options)
    : store_(store),
      connections_(connections),
      metrics_(metrics),
      now_ms_(now_ms),
      connection_types_(std::move(connection_types)),
      runner_(store, api, metrics, now_ms, options) {
  if (metrics_) metrics_->DeclareGauge("salesync_journey_jobs", "Journey jobs by action, connection and state.");
}

JourneyScheduler::~JourneyScheduler() { Stop(); }

Result<PassStats> JourneyScheduler::RunOnce() {
  std::lock_guard<std::mutex> pass(pass_mu_);
  PassStats stats;
  auto journeys = store_->ListJourneys("", "");
  if (!journeys.ok()) return journeys.error();
  for (const auto& j : *journeys) {
    if (j.status != "live" && j.status != "closed") continue;
    Status s = AdvanceJourney(j.name, j.document, j.status == "live", stats);
    if (!s.ok()) {
      LogWarning("A journey could not advance.", {{"journey", j.name}, {"error", s.error().ToString()}});
    }
  }
  ResumeConnections();
  auto jobs = runner_.RunOnce();
  if (!jobs.ok()) return jobs.error();
  stats.jobs = *jobs;
  for (auto& j : *journeys) {
    if (j.status != "live" && j.status != "closed") continue;
    auto counts = store_->CountEntries(j.name);
    if (!counts.ok()) return counts.error();
    // Completed when every account that entered has finished and no other can still enter: the journey
    // is closed to new entries, or its static audience has entered in full.
    auto journey = ParseJourney(j.document, connection_types_);
    bool no_more = j.status == "closed" ||
                   (journey.ok() && journey->entry.type == "static" &&
                    counts->finished + counts->stopped + counts->active >= static_cast<int64_t>(journey->entry.accounts.size()));
    if (no_more && counts->active == 0 && counts->finished + counts->stopped > 0) {
      j.status = "completed";
      j.updated_ms = now_ms_();
      j.updated_by = "scheduler";
      Status s = store_->UpdateJourney(j);
      if (!s.ok()) return s.error();
      ++stats.completed_journeys;
      LogInfo("Journey completed: every account that entered has finished.", {{"journey", j.name}});
    }
  }
  PublishGauges();
  return stats;
}

Status JourneyScheduler::AdvanceJourney(const std::string& name, const nlohmann::json& document, bool admit,
                                        PassStats& stats) {
  auto journey = ParseJourney(document, connection_types_);
  if (!journey.ok()) return journey.error();
  auto accounts = store_->Accounts();
  if (!accounts.ok()) return accounts.error();
  std::map<std::string, store::AccountRecord> by_id;
  for (auto& a : *accounts) by_id[a.id] = a;
  if (admit) {
    auto audience = AudienceAccounts(store_, *journey);
    if (!audience.ok()) return audience.error();
    std::vector<std::string> ids;
    for (const auto& a : *audience) {
      ids.push_back(a.id);
      by_id.try_emplace(a.id, a);
    }
    auto entered = store_->EnterAccounts(name, ids, journey->start, now_ms_());
    if (!entered.ok()) return entered.error();
    stats.entered += *entered;
  }
  for (;;) {
    auto due = store_->DueEntries(name, now_ms_(), kEntriesPerBatch);
    if (!due.ok()) return due.error();
    if (due->empty()) break;
    for (const auto& e : *due) {
      auto acc_it = by_id.find(e.account_id);
      store::AccountRecord account =
          acc_it != by_id.end() ? acc_it->second : store::AccountRecord{e.account_id, "", nlohmann::json::object()};
      std::string node_id = e.node;
      std::string state = "active";
      int64_t due_ms = now_ms_();
      std::vector<store::JobRow> jobs;
      for (int step = 0; step < kMaxStepsPerEntry; ++step) {
        auto it = journey->nodes.find(node_id);
        if (it == journey->nodes.end() || it->second.type == "end") {
          state = "finished";
          break;
        }
        const Node& n = it->second;
        if (n.type == "action") {
          auto subjects = ActionSubjects(store_, n, account);
          if (!subjects.ok()) return subjects.error();
          for (const auto& s : *subjects) {
            store::JobRow job;
            job.key = name + "/" + n.id + "/" + std::to_string(e.id) + "/" + s.id;
            job.journey = name;
            job.node = n.id;
            job.entry_id = e.id;
            job.subject = s.id;
            job.action = n.action;
            job.connection = n.settings.value("connection", "");
            job.payload = s.data;
            job.payload["settings"] = n.settings;
            job.next_attempt_ms = now_ms_();
            job.created_ms = now_ms_();
            jobs.push_back(std::move(job));
          }
          node_id = n.next;
        } else if (n.type == "wait") {
          node_id = n.next;
          due_ms = now_ms_() + n.duration_secs * 1000;
          if (n.duration_secs > 0) break;
        } else if (n.type == "split") {
          auto next = SplitNext(store_, n, account);
          if (!next.ok()) return next.error();
          node_id = *next;
        }
      }
      // Jobs first, then the move: after a crash in between, the entry walks again and the job keys
      // make the second enqueue a no-op.
      auto added = store_->EnqueueJobs(jobs);
      if (!added.ok()) return added.error();
      stats.jobs_enqueued += *added;
      Status moved = store_->MoveEntry(e.id, node_id, state, due_ms, now_ms_());
      if (!moved.ok()) return moved;
      ++stats.advanced;
      if (state == "finished") ++stats.finished;
    }
  }
  return OkStatus();
}

void JourneyScheduler::ResumeConnections() {
  if (!connections_) return;
  nlohmann::json all = connections_->Describe();
  for (const auto& c : all) {
    if (!c.is_object() || c.value("state", "") != "connected") continue;
    auto n = store_->ResumeConnection(c.value("name", ""), now_ms_());
    if (n.ok() && *n > 0) {
      LogInfo("Connection is back; its paused journey jobs are queued again.",
              {{"connection", c.value("name", "")}, {"jobs", *n}});
    }
  }
}

void JourneyScheduler::PublishGauges() {
  if (!metrics_) return;
  auto counts = store_->CountJobs();
  if (!counts.ok()) return;
  for (const auto& [action, connection, state, n] : *counts) {
    metrics_->SetGauge("salesync_journey_jobs", {{"action", action}, {"connection", connection}, {"state", state}},
                       static_cast<double>(n));
  }
}

void JourneyScheduler::Start(std::chrono::milliseconds interval) {
  std::lock_guard<std::mutex> lock(mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  worker_ = std::thread([this, interval] { Worker(interval); });
}

void JourneyScheduler::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  wake_ = true;
  cv_.notify_all();
}

void JourneyScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

void JourneyScheduler::Worker(std::chrono::milliseconds interval) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, interval, [this] { return stop_ || wake_; });
    if (stop_) break;
    wake_ = false;
    lock.unlock();
    auto r = RunOnce();
    if (!r.ok()) LogWarning("A journey pass failed.", {{"error", r.error().ToString()}});
    lock.lock();
  }
}

}  // namespace salesync::journeys
