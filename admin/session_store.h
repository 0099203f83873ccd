// SessionStore: the signed-in browser sessions of the admin web page, held in memory only (a restart signs
// everyone out, which is the safe default for a single-admin daemon).
//
// A session is created when the admin token is presented once at sign-in. Its id is 32 random bytes (hex),
// sent to the browser only in an HttpOnly cookie; its CSRF token is 32 other random bytes, given to the page
// by GET /ui/api/session and required in X-CSRF-Token on every state-changing request made with the cookie.
// A session ends on sign-out, after `idle_timeout` without a request, or `max_age` after sign-in, whichever
// comes first. At most `max_sessions` live at once; creating one more drops the least recently used.
// Thread-safety: every method is thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/secret.h"

namespace salesync::admin {

struct SessionOptions {
  std::chrono::seconds idle_timeout{2 * 3600};
  std::chrono::seconds max_age{12 * 3600};
  size_t max_sessions = 64;
};

struct NewSession {
  Secret id;          // the cookie value
  Secret csrf_token;  // what the page must echo in X-CSRF-Token
};

class SessionStore {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit SessionStore(SessionOptions options = {}, Clock clock = [] { return std::chrono::steady_clock::now(); });

  // A new session. Fails only when the system's randomness fails.
  [[nodiscard]] Result<NewSession> Create();
  // The CSRF token of the live session `id`, refreshing its idle timer; nullopt when unknown or expired
  // (an expired session is forgotten here).
  std::optional<Secret> Touch(const std::string& id);
  // Ends the session `id` (no-op when unknown).
  void Remove(const std::string& id);
  // Sessions alive now (expired ones are dropped first).
  size_t Count();

  const SessionOptions& options() const { return options_; }

 private:
  struct Entry {
    Secret csrf_token;
    std::chrono::steady_clock::time_point created;
    std::chrono::steady_clock::time_point last_used;
  };
  bool Expired(const Entry& e, std::chrono::steady_clock::time_point now) const;
  void DropExpiredLocked(std::chrono::steady_clock::time_point now);

  SessionOptions options_;
  Clock clock_;
  std::mutex mu_;
  std::map<std::string, Entry> sessions_;
};

}  // namespace salesync::admin
