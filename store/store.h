// Store: the daemon's embedded SQLite database. The store folder owns all SQL; no other folder writes SQL.
//
// Opening applies the numbered migrations (store/migrations.cc), each in its own transaction, and records
// the schema version in PRAGMA user_version. A database written by a newer salesync is refused before
// anything in it is touched. The connection runs in WAL mode with foreign keys on and a busy timeout.
// SQLite allows one writer at a time, and Debian 12's SQLite has the WAL-reset bug when several
// connections write, so the Store holds one connection and serialises access with a mutex; later
// repositories (people, jobs, tokens) are built on WithConnection().
// Keep SQLite specifics here: a later store backend (PostgreSQL) implements the same repositories.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/result.h"

namespace SQLite {
class Database;
}

namespace salesync::store {

struct StoreOptions {
  std::string path;               // database file; its folder must exist
  int busy_timeout_ms = 5000;
  std::string synchronous = "full";  // "full" or "normal"
  int cache_mib = 16;                // the page cache: indexes of a large store stay in memory, not re-read
};

class Store {
 public:
  // Opens (creating if needed) and migrates. kConfig for a newer or unreadable store.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The newest schema this build knows.
  static int LatestSchemaVersion();
  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }

  // Pages in use times page size, plus the WAL file: what the store occupies on disk.
  Result<int64_t> SizeBytes();
  // A cheap query proving the database answers (readiness).
  Status Ping();

  Result<std::optional<std::string>> GetMeta(const std::string& key);
  Status SetMeta(const std::string& key, const std::string& value);

  // Runs `fn` with the connection locked; exceptions from SQLiteCpp become kInternal errors.
  // For use inside the store folder only.
  Status WithConnection(const std::function<void(SQLite::Database&)>& fn);

 private:
  Store(std::string path, std::unique_ptr<SQLite::Database> db, int version);

  std::string path_;
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  int schema_version_ = 0;
};

}  // namespace salesync::store
