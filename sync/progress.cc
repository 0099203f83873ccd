#include "sync/progress.h"

namespace salesync::sync {

void SyncProgress::Update(const std::string& sync, const std::string& stream,
                          const std::function<void(StreamProgress&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  fn(streams_[{sync, stream}]);
}

std::optional<StreamProgress> SyncProgress::Get(const std::string& sync, const std::string& stream) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = streams_.find({sync, stream});
  if (it == streams_.end()) return std::nullopt;
  return it->second;
}

nlohmann::json SyncProgress::Json(const std::string& sync, int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json streams = nlohmann::json::object();
  for (const auto& [key, p] : streams_) {
    if (key.first != sync) continue;
    int64_t end = p.state == "running" || p.state == "waiting" ? now_ms : p.run_finished_ms;
    double secs = p.run_started_ms > 0 && end > p.run_started_ms ? (end - p.run_started_ms) / 1000.0 : 0;
    nlohmann::json j = {{"state", p.state},
                        {"records_read", p.records_read},
                        {"records_stored", p.records_stored},
                        {"calls", p.calls},
                        {"detail", p.detail}};
    if (p.run_started_ms) j["run_started_ms"] = p.run_started_ms;
    if (p.run_finished_ms) j["run_finished_ms"] = p.run_finished_ms;
    if (secs > 0) j["records_per_sec"] = static_cast<int64_t>(p.records_read / secs);
    if (p.total) {
      j["total"] = *p.total;
      if (secs > 0 && p.records_read > 0 && *p.total > p.records_read && p.state == "running") {
        j["eta_secs"] = static_cast<int64_t>((*p.total - p.records_read) * secs / p.records_read);
      }
    }
    if (p.newest_modified_ms) j["lag_secs"] = std::max<int64_t>(0, (now_ms - p.newest_modified_ms) / 1000);
    if (!p.last_error.empty()) j["last_error"] = p.last_error;
    streams[key.second] = j;
  }
  return {{"streams", streams}};
}

}  // namespace salesync::sync
