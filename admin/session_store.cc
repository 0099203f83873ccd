#include "admin/session_store.h"

#include <algorithm>

#include "base/random.h"

namespace salesync::admin {

SessionStore::SessionStore(SessionOptions options, Clock clock) : options_(options), clock_(std::move(clock)) {}

bool SessionStore::Expired(const Entry& e, std::chrono::steady_clock::time_point now) const {
  return now - e.last_used >= options_.idle_timeout || now - e.created >= options_.max_age;
}

void SessionStore::DropExpiredLocked(std::chrono::steady_clock::time_point now) {
  std::erase_if(sessions_, [&](const auto& kv) { return Expired(kv.second, now); });
}

Result<NewSession> SessionStore::Create() {
  auto id = RandomHex(32);
  if (!id.ok()) return id.error();
  auto csrf = RandomHex(32);
  if (!csrf.ok()) return csrf.error();
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  DropExpiredLocked(now);
  while (!sessions_.empty() && sessions_.size() >= options_.max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.last_used < b.second.last_used;
    });
    sessions_.erase(oldest);
  }
  sessions_[*id] = Entry{Secret(*csrf), now, now};
  return NewSession{Secret(*id), Secret(*csrf)};
}

std::optional<Secret> SessionStore::Touch(const std::string& id) {
  if (id.empty()) return std::nullopt;
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.csrf_token;
}

void SessionStore::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(id);
}

size_t SessionStore::Count() {
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  DropExpiredLocked(now);
  return sessions_.size();
}

}  // namespace salesync::admin
