#include "sandbox/effects_log.h"

namespace salesync::sandbox {

int64_t EffectsLog::Record(Effect effect) {
  std::lock_guard<std::mutex> lock(mu_);
  effect.seq = next_seq_++;
  effects_.push_back(std::move(effect));
  return effects_.back().seq;
}

std::vector<Effect> EffectsLog::Since(int64_t seq, const std::string& provider) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Effect> out;
  for (const auto& e : effects_) {
    if (e.seq > seq && (provider.empty() || e.provider == provider)) out.push_back(e);
  }
  return out;
}

void EffectsLog::CountCall(const std::string& provider, const std::string& endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  ++calls_[provider][endpoint];
}

int64_t EffectsLog::CallCount(const std::string& provider, const std::string& endpoint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto p = calls_.find(provider);
  if (p == calls_.end()) return 0;
  auto e = p->second.find(endpoint);
  return e == p->second.end() ? 0 : e->second;
}

int64_t EffectsLog::EnterFlight(const std::string& provider) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t n = ++in_flight_[provider];
  if (n > max_in_flight_[provider]) max_in_flight_[provider] = n;
  return n;
}

void EffectsLog::LeaveFlight(const std::string& provider) {
  std::lock_guard<std::mutex> lock(mu_);
  --in_flight_[provider];
}

int64_t EffectsLog::InFlight(const std::string& provider) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = in_flight_.find(provider);
  return it == in_flight_.end() ? 0 : it->second;
}

int64_t EffectsLog::MaxInFlight(const std::string& provider) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = max_in_flight_.find(provider);
  return it == max_in_flight_.end() ? 0 : it->second;
}

void EffectsLog::RecordLimitViolation(const std::string& provider, const std::string& limit, int64_t at) {
  std::lock_guard<std::mutex> lock(mu_);
  violations_[provider].emplace_back(limit, at);
}

int64_t EffectsLog::LimitViolations(const std::string& provider) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = violations_.find(provider);
  return it == violations_.end() ? 0 : static_cast<int64_t>(it->second.size());
}

nlohmann::json EffectsLog::ToJson(const Effect& e) {
  return {{"seq", e.seq}, {"at", e.at_unix_millis}, {"provider", e.provider}, {"actor", e.actor},
          {"operation", e.operation}, {"endpoint", e.endpoint}, {"records", e.records}, {"result", e.result}};
}

nlohmann::json EffectsLog::StatsJson(const std::string& provider) const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json calls = nlohmann::json::object();
  int64_t total = 0;
  if (auto p = calls_.find(provider); p != calls_.end()) {
    for (const auto& [endpoint, n] : p->second) {
      calls[endpoint] = n;
      total += n;
    }
  }
  nlohmann::json violations = nlohmann::json::array();
  if (auto v = violations_.find(provider); v != violations_.end()) {
    for (const auto& [limit, at] : v->second) violations.push_back({{"limit", limit}, {"at", at}});
  }
  auto max = max_in_flight_.find(provider);
  return {{"provider", provider},
          {"calls", calls},
          {"total_calls", total},
          {"max_in_flight", max == max_in_flight_.end() ? 0 : max->second},
          {"limit_violations", violations},
          {"effects", static_cast<int64_t>(effects_.size())}};
}

void EffectsLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  effects_.clear();
  calls_.clear();
  max_in_flight_.clear();
  violations_.clear();
}

}  // namespace salesync::sandbox
