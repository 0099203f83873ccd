#include "sync/scheduler.h"

#include "base/log.h"
#include "connectors/registry.h"
#include "sync/writeback_runner.h"

namespace salesync::sync {

namespace {

std::string StartedKey(const std::string& name) { return "sync_started:" + name; }
std::string AcceptedKey(const std::string& name) { return "sync_mapping_accepted:" + name; }

}  // namespace

SyncScheduler::SyncScheduler(RunDeps deps, store::Store* store, std::map<std::string, config::SyncConfig> syncs,
                             std::map<std::string, config::ConnectionConfig> connections)
    : deps_(std::move(deps)), store_(store), connections_(std::move(connections)), syncs_(std::move(syncs)) {
  deps_.stop = &stop_;
  // Waits inside a run (bulk export polling) end early on Stop(); tests pass a sleeper that moves a clock.
  if (!deps_.sleep) deps_.sleep = [this](std::chrono::milliseconds d) { return InterruptibleSleep(d); };
  DeclareSyncMetrics(*deps_.metrics);
  DeclarePushMetrics(*deps_.metrics);
  if (auto n = deps_.store->MarkInterruptedRuns(deps_.now_ms()); n.ok() && *n > 0) {
    LogNotice("Sync runs interrupted by the previous stop will resume from their last committed page.", {{"runs", *n}});
  }
  int64_t now = deps_.now_ms();
  for (const auto& [name, s] : syncs_) {
    if (Started(name)) next_due_ms_[name] = now;  // a started sync resumes at once after a restart
  }
}

SyncScheduler::~SyncScheduler() { Stop(); }

bool SyncScheduler::Started(const std::string& name) {
  auto v = store_->GetMeta(StartedKey(name));
  return v.ok() && v->has_value() && **v == "1";
}

void SyncScheduler::Start() {
  worker_ = std::thread([this] { Worker(); });
}

void SyncScheduler::RequestStop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
}

void SyncScheduler::Stop() {
  RequestStop();
  if (worker_.joinable()) worker_.join();
}

bool SyncScheduler::InterruptibleSleep(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, d, [this] { return stop_.load(); });
  return !stop_;
}

void SyncScheduler::SetMappingVersions(std::function<std::optional<std::string>(const std::string&)> versions) {
  std::lock_guard<std::mutex> lock(mu_);
  mapping_versions_ = std::move(versions);
}

void SyncScheduler::SetMappingAccess(MappingAccess access) {
  std::lock_guard<std::mutex> lock(mu_);
  mapping_access_ = std::move(access);
}

std::string SyncScheduler::MappingBlock(const config::SyncConfig& sync) {
  if (sync.mapping.empty()) return "";
  std::optional<std::string> current;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (mapping_versions_) current = mapping_versions_(sync.mapping);
  }
  if (!current) return "The mapping \"" + sync.mapping + "\" is not configured.";
  auto accepted = store_->GetMeta(AcceptedKey(sync.name));
  if (accepted.ok() && accepted->has_value() && **accepted == *current) return "";
  if (!accepted.ok() || !accepted->has_value()) {
    return "The preview of the mapping \"" + sync.mapping + "\" has not been accepted yet: salesyncctl sync start " +
           sync.name + ".";
  }
  return "The mapping \"" + sync.mapping + "\" changed since its preview was accepted (now version " +
         current->substr(0, 12) + "): review it with salesyncctl sync start " + sync.name + ".";
}

Status SyncScheduler::StartSync(const std::string& name, const std::string& accepted_version) {
  config::SyncConfig sync;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = syncs_.find(name);
    if (it == syncs_.end()) return MakeError(ErrorCode::kNotFound, "No sync named \"" + name + "\" is configured.");
    sync = it->second;
  }
  if (!sync.mapping.empty()) {
    std::optional<std::string> current;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (mapping_versions_) current = mapping_versions_(sync.mapping);
    }
    if (!current) return MakeError(ErrorCode::kConfig, "The sync " + name + " names the mapping \"" + sync.mapping + "\", which is not configured.");
    if (accepted_version != *current) {
      return MakeError(ErrorCode::kConflict,
                       "The sync " + name + " applies the mapping " + sync.mapping + " at version " + current->substr(0, 12) +
                           (accepted_version.empty() ? "; its preview has not been accepted"
                                                     : ", not the previewed version " + accepted_version.substr(0, 12)) +
                           ". Review the preview and accept it: salesyncctl sync start " + name + ".");
    }
    if (Status s = store_->SetMeta(AcceptedKey(name), *current); !s.ok()) return s;
  }
  if (Status s = store_->SetMeta(StartedKey(name), "1"); !s.ok()) return s;
  LogInfo("Sync started; it now runs on its schedule.", {{"sync", name}});
  {
    std::lock_guard<std::mutex> lock(mu_);
    next_due_ms_[name] = deps_.now_ms();
    requested_.insert(name);
  }
  cv_.notify_all();
  return OkStatus();
}

Status SyncScheduler::RunNow(const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!syncs_.count(name)) return MakeError(ErrorCode::kNotFound, "No sync named \"" + name + "\" is configured.");
    requested_.insert(name);
  }
  cv_.notify_all();
  return OkStatus();
}

void SyncScheduler::Reconfigure(std::map<std::string, config::SyncConfig> syncs) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    syncs_ = std::move(syncs);
    for (auto it = next_due_ms_.begin(); it != next_due_ms_.end();) {
      if (!syncs_.count(it->first)) it = next_due_ms_.erase(it);
      else ++it;
    }
    int64_t now = deps_.now_ms();
    for (const auto& [name, s] : syncs_) {
      if (!next_due_ms_.count(name) && Started(name)) next_due_ms_[name] = now;
    }
  }
  cv_.notify_all();
}

std::vector<std::string> SyncScheduler::WritebackSyncsFor(const std::string& connection) {
  std::vector<std::string> out;
  for (const auto& [name, s] : syncs_) {
    if (!s.writeback) continue;
    const auto& from = s.writeback->from;
    if (from.empty() || std::find(from.begin(), from.end(), connection) != from.end()) out.push_back(name);
  }
  return out;
}

std::vector<std::string> SyncScheduler::SyncsUnder(const std::string& email, bool is_owner) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, s] : syncs_) {
    if (s.run_as == email || (s.run_as.empty() && is_owner)) out.push_back(name);
  }
  return out;
}

Status SyncScheduler::RunSync(const config::SyncConfig& sync) {
  if (std::string why = MappingBlock(sync); !why.empty()) {
    for (const auto& stream : sync.streams) {
      deps_.progress->Update(sync.name, stream, [&](StreamProgress& p) {
        p.state = "paused";
        p.last_error = why;
      });
    }
    LogWarning("Sync not run: its mapping needs a new accepted preview.", {{"sync", sync.name}, {"reason", why}});
    return OkStatus();
  }
  std::vector<std::string> writebacks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    writebacks = WritebackSyncsFor(sync.connection);
  }
  if (!sync.connection.empty()) {
    auto conn = connections_.find(sync.connection);
    const connectors::Connector* connector = conn == connections_.end() ? nullptr : connectors::ConnectorFor(conn->second.type);
    if (!connector) {
      return MakeError(ErrorCode::kConfig, "Sync " + sync.name + ": no connector reads \"" +
                                               (conn == connections_.end() ? sync.connection : conn->second.type) + "\" yet.");
    }
    for (const auto& stream : sync.streams) {
      StreamRunResult r = RunStream(deps_, sync, *connector, stream, writebacks);
      if (r.status == "interrupted") return OkStatus();
      if (r.status == "paused") break;  // the other streams need the same connection
      // A failed stream does not stop the others: each keeps its own checkpoint.
    }
  }
  if (!sync.mapping.empty() && !stop_) {
    MappingAccess access;
    {
      std::lock_guard<std::mutex> lock(mu_);
      access = mapping_access_;
    }
    RunSyncPush(deps_, store_, sync, access, connections_);
  }
  if (sync.writeback && !stop_) {
    auto conn = connections_.find(sync.writeback->connection);
    const connectors::Connector* target = conn == connections_.end() ? nullptr : connectors::ConnectorFor(conn->second.type);
    if (!target) return MakeError(ErrorCode::kConfig, "Sync " + sync.name + ": no connector writes to that connection yet.");
    RunWriteback(deps_, sync, conn->second.type, *target);
  }
  return OkStatus();
}

Status SyncScheduler::RunOnce(const std::string& name) {
  config::SyncConfig sync;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = syncs_.find(name);
    if (it == syncs_.end()) return MakeError(ErrorCode::kNotFound, "No sync named \"" + name + "\" is configured.");
    sync = it->second;
  }
  return RunSync(sync);
}

void SyncScheduler::Worker() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    int64_t now = deps_.now_ms();
    std::string next;
    if (!requested_.empty()) {
      next = *requested_.begin();
      requested_.erase(requested_.begin());
    } else {
      int64_t soonest = INT64_MAX;
      for (const auto& [name, due] : next_due_ms_) {
        if (due <= now && syncs_.count(name)) {
          next = name;
          break;
        }
        soonest = std::min(soonest, due);
      }
      if (next.empty()) {
        if (soonest == INT64_MAX) cv_.wait(lock);
        else cv_.wait_for(lock, std::chrono::milliseconds(soonest - now));
        continue;
      }
    }
    auto it = syncs_.find(next);
    if (it == syncs_.end()) continue;
    config::SyncConfig sync = it->second;
    running_ = next;
    int64_t began = now;
    lock.unlock();
    Status s = RunSync(sync);
    if (!s.ok()) LogError("Sync could not run.", {{"sync", sync.name}, {"error", s.error().message}});
    lock.lock();
    running_.clear();
    ++runs_completed_[sync.name];
    if (next_due_ms_.count(sync.name)) next_due_ms_[sync.name] = began + sync.interval_secs * 1000;
  }
}

nlohmann::json SyncScheduler::Describe(const std::string& name) {
  config::SyncConfig sync;
  std::optional<int64_t> due;
  bool running;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = syncs_.find(name);
    if (it == syncs_.end()) return nullptr;
    sync = it->second;
    if (auto d = next_due_ms_.find(name); d != next_due_ms_.end()) due = d->second;
    running = running_ == name;
  }
  int64_t now = deps_.now_ms();
  nlohmann::json j = deps_.progress->Json(name, now);
  j["name"] = name;
  j["connection"] = sync.connection;
  j["stream_names"] = sync.streams;
  j["interval_secs"] = sync.interval_secs;
  j["started"] = Started(name);
  j["running"] = running;
  j["runs_completed"] = RunsCompleted(name);
  if (!sync.mapping.empty()) {
    j["mapping"] = sync.mapping;
    if (auto accepted = store_->GetMeta(AcceptedKey(name)); accepted.ok() && accepted->has_value()) {
      j["mapping_accepted_version"] = **accepted;
    }
    std::string why = MappingBlock(sync);
    if (!why.empty()) j["blocked"] = why;
    MappingAccess access;
    {
      std::lock_guard<std::mutex> lock(mu_);
      access = mapping_access_;
    }
    std::optional<config::MappingSpec> spec = access.spec ? access.spec(sync.mapping) : std::nullopt;
    if (nlohmann::json push = PushStatusJson(store_, sync, spec); !push.is_null()) j["push"] = std::move(push);
  }
  if (due) j["next_run_in_secs"] = std::max<int64_t>(0, (*due - now) / 1000);
  if (sync.writeback) {
    j["writeback"] = {{"connection", sync.writeback->connection}, {"object", sync.writeback->object}};
    auto conn = connections_.find(sync.writeback->connection);
    if (conn != connections_.end()) {
      auto counts = deps_.store->CountWritebacks(name, sync.writeback->connection, WritebackWhoObjects(conn->second.type));
      if (counts.ok()) {
        j["writeback"]["pending"] = counts->pending - counts->waiting_for_target;
        j["writeback"]["waiting_for_target"] = counts->waiting_for_target;
        j["writeback"]["done"] = counts->done;
        j["writeback"]["failed"] = counts->failed;
      }
    }
  }
  for (const auto& stream : sync.streams) {
    if (auto cp = deps_.store->LoadCheckpoint(name, stream); cp.ok() && cp->has_value()) {
      j["streams"][stream]["checkpoint"] = (*cp)->checkpoint;
      j["streams"][stream]["records_total"] = (*cp)->records;
      j["streams"][stream]["checkpoint_age_secs"] = std::max<int64_t>(0, (now - (*cp)->updated_ms) / 1000);
    }
  }
  auto conn = connections_.find(sync.connection);
  if (conn != connections_.end() && deps_.api) {
    if (auto* budget = deps_.api->budget()) {
      auto b = budget->Inspect(sync.connection);
      j["budget"] = {{"in_flight", b.in_flight}, {"in_window", b.in_window}, {"window_calls", b.limits.window_calls},
                     {"window_secs", b.limits.window.count() / 1000}};
      if (b.daily_max > 0) {
        j["budget"]["daily_used"] = b.daily_used;
        j["budget"]["daily_max"] = b.daily_max;
      }
    }
  }
  return j;
}

int64_t SyncScheduler::RunsCompleted(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = runs_completed_.find(name);
  return it == runs_completed_.end() ? 0 : it->second;
}

nlohmann::json SyncScheduler::List() {
  std::vector<std::string> names;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, s] : syncs_) names.push_back(name);
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : names) out.push_back(Describe(n));
  return out;
}

}  // namespace salesync::sync
