#include "store/user_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sql_time.h"
#include "store/store.h"

namespace salesync::store {

namespace {

constexpr const char* kUserColumns =
    "u.id, u.email, u.first_name, u.last_name, u.role, u.state, u.is_owner, u.created_at, u.updated_at, "
    "coalesce(u.activated_at, ''), coalesce(u.disabled_at, ''), "
    "coalesce((SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM team_members m JOIN teams t ON "
    "t.id = m.team_id WHERE m.user_id = u.id ORDER BY t.name)), '')";

UserRecord ReadUser(SQLite::Statement& q) {
  UserRecord u;
  u.id = q.getColumn(0).getInt64();
  u.email = q.getColumn(1).getString();
  u.first_name = q.getColumn(2).getString();
  u.last_name = q.getColumn(3).getString();
  u.role = q.getColumn(4).getString();
  u.state = q.getColumn(5).getString();
  u.owner = q.getColumn(6).getInt() == 1;
  u.created_at = q.getColumn(7).getString();
  u.updated_at = q.getColumn(8).getString();
  u.activated_at = q.getColumn(9).getString();
  u.disabled_at = q.getColumn(10).getString();
  std::string teams = q.getColumn(11).getString();
  size_t start = 0;
  while (!teams.empty() && start <= teams.size()) {
    size_t sep = teams.find('\x1f', start);
    u.teams.push_back(teams.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
    if (sep == std::string::npos) break;
    start = sep + 1;
  }
  return u;
}

Error UserNotFound(const std::string& email) {
  return MakeError(ErrorCode::kNotFound, "No user has the e-mail address " + email + ".", email);
}

Error TeamNotFound(const std::string& team) {
  return MakeError(ErrorCode::kNotFound,
                   "There is no team \"" + team + "\". Create it with: salesyncctl teams create \"" + team + "\"", team);
}

std::optional<int64_t> LookupId(SQLite::Database& db, const char* sql, const std::string& key) {
  SQLite::Statement q(db, sql);
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

}  // namespace

Result<std::vector<UserRecord>> UserStore::ListUsers() {
  std::vector<UserRecord> users;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kUserColumns + " FROM users u ORDER BY u.email");
    while (q.executeStep()) users.push_back(ReadUser(q));
  });
  if (!s.ok()) return s.error();
  return users;
}

Result<UserRecord> UserStore::GetUser(const std::string& email) {
  std::optional<UserRecord> user;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email = ?");
    q.bind(1, email);
    if (q.executeStep()) user = ReadUser(q);
  });
  if (!s.ok()) return s.error();
  if (!user) return UserNotFound(email);
  return *user;
}

Result<std::unordered_map<std::string, std::string>> UserStore::UserStates() {
  std::unordered_map<std::string, std::string> states;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT email, state FROM users");
    while (q.executeStep()) states.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
  });
  if (!s.ok()) return s.error();
  return states;
}

Result<std::optional<UserRecord>> UserStore::Owner() {
  std::optional<UserRecord> user;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.is_owner = 1");
    if (q.executeStep()) user = ReadUser(q);
  });
  if (!s.ok()) return s.error();
  return user;
}

Status UserStore::SetState(const std::string& email, const std::string& state,
                           std::chrono::system_clock::time_point now) {
  std::optional<Error> error;
  std::string ts = FormatSqlTime(now);
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement get(db, "SELECT state, activated_at IS NOT NULL FROM users WHERE email = ?");
    get.bind(1, email);
    if (!get.executeStep()) {
      error = UserNotFound(email);
      return;
    }
    std::string current = get.getColumn(0).getString();
    bool ever_active = get.getColumn(1).getInt() == 1;
    get.reset();
    std::string target = state;
    // Enabling a user who never accepted the invitation puts it back to "invited", not "active".
    if (state == "active" && current == "disabled" && !ever_active) target = "invited";
    if (state == "active" && current == "invited") {
      error = MakeError(ErrorCode::kConflict,
                        email + " has not accepted the invitation yet; only the invitation link activates a user.",
                        email);
      return;
    }
    if (current == target) {
      tx.commit();
      return;
    }
    SQLite::Statement q(db,
                        "UPDATE users SET state = ?, updated_at = ?, disabled_at = CASE WHEN ? = 'disabled' THEN ? "
                        "ELSE NULL END WHERE email = ?");
    q.bind(1, target);
    q.bind(2, ts);
    q.bind(3, target);
    q.bind(4, ts);
    q.bind(5, email);
    q.exec();
    tx.commit();
  });
  if (!s.ok()) return s;
  if (error) return *error;
  return OkStatus();
}

Status UserStore::DeleteUser(const std::string& email) {
  int changed = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "DELETE FROM users WHERE email = ?");
    q.bind(1, email);
    changed = q.exec();
  });
  if (!s.ok()) return s;
  if (changed == 0) return UserNotFound(email);
  return OkStatus();
}

Status UserStore::TransferOwner(const std::string& email, std::chrono::system_clock::time_point now) {
  std::optional<Error> error;
  std::string ts = FormatSqlTime(now);
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement get(db, "SELECT state FROM users WHERE email = ?");
    get.bind(1, email);
    if (!get.executeStep()) {
      error = UserNotFound(email);
      return;
    }
    if (get.getColumn(0).getString() == "disabled") {
      error = MakeError(ErrorCode::kConflict,
                        email + " is disabled and cannot become the owner. Enable the user first: salesyncctl users "
                                "enable " + email,
                        email);
      return;
    }
    get.reset();
    SQLite::Statement clear(db, "UPDATE users SET is_owner = 0, updated_at = ? WHERE is_owner = 1 AND email <> ?");
    clear.bind(1, ts);
    clear.bind(2, email);
    clear.exec();
    SQLite::Statement set(db, "UPDATE users SET is_owner = 1, updated_at = ? WHERE email = ?");
    set.bind(1, ts);
    set.bind(2, email);
    set.exec();
    tx.commit();
  });
  if (!s.ok()) return s;
  if (error) return *error;
  return OkStatus();
}

Result<std::vector<TeamRecord>> UserStore::ListTeams() {
  std::vector<TeamRecord> teams;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT t.id, t.name, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id), "
                        "t.created_at FROM teams t ORDER BY t.name");
    while (q.executeStep()) {
      teams.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                       q.getColumn(3).getString()});
    }
  });
  if (!s.ok()) return s.error();
  return teams;
}

Result<std::vector<std::string>> UserStore::TeamNames() {
  std::vector<std::string> names;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT name FROM teams ORDER BY name");
    while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  });
  if (!s.ok()) return s.error();
  return names;
}

Status UserStore::CreateTeam(const std::string& name, std::chrono::system_clock::time_point now) {
  std::optional<Error> error;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (auto existing = LookupId(db, "SELECT id FROM teams WHERE name = ?", name)) {
      error = MakeError(ErrorCode::kConflict, "A team named \"" + name + "\" already exists.", name);
      return;
    }
    SQLite::Statement q(db, "INSERT INTO teams(name, created_at) VALUES (?, ?)");
    q.bind(1, name);
    q.bind(2, FormatSqlTime(now));
    q.exec();
    tx.commit();
  });
  if (!s.ok()) return s;
  if (error) return *error;
  return OkStatus();
}

Status UserStore::AddMember(const std::string& team, const std::string& email) {
  std::optional<Error> error;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    auto team_id = LookupId(db, "SELECT id FROM teams WHERE name = ?", team);
    if (!team_id) {
      error = TeamNotFound(team);
      return;
    }
    auto user_id = LookupId(db, "SELECT id FROM users WHERE email = ?", email);
    if (!user_id) {
      error = UserNotFound(email);
      return;
    }
    SQLite::Statement q(db, "INSERT OR IGNORE INTO team_members(team_id, user_id) VALUES (?, ?)");
    q.bind(1, *team_id);
    q.bind(2, *user_id);
    q.exec();
    tx.commit();
  });
  if (!s.ok()) return s;
  if (error) return *error;
  return OkStatus();
}

Status UserStore::RemoveMember(const std::string& team, const std::string& email) {
  std::optional<Error> error;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement t(db, "SELECT id, name FROM teams WHERE name = ?");
    t.bind(1, team);
    if (!t.executeStep()) {
      error = TeamNotFound(team);
      return;
    }
    int64_t team_id = t.getColumn(0).getInt64();
    std::string canonical = t.getColumn(1).getString();
    t.reset();
    if (canonical == kEveryoneTeam) {
      error = MakeError(ErrorCode::kConflict,
                        "Every user belongs to the team \"Everyone\"; disable or delete the user instead.", team);
      return;
    }
    auto user_id = LookupId(db, "SELECT id FROM users WHERE email = ?", email);
    if (!user_id) {
      error = UserNotFound(email);
      return;
    }
    SQLite::Statement q(db, "DELETE FROM team_members WHERE team_id = ? AND user_id = ?");
    q.bind(1, team_id);
    q.bind(2, *user_id);
    if (q.exec() == 0) {
      error = MakeError(ErrorCode::kNotFound, email + " is not a member of \"" + canonical + "\".", email);
      return;
    }
    tx.commit();
  });
  if (!s.ok()) return s;
  if (error) return *error;
  return OkStatus();
}

}  // namespace salesync::store
