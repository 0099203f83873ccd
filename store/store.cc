#include "store/store.h"

#include <algorithm>
#include <SQLiteCpp/SQLiteCpp.h>
#include <filesystem>

#include "base/log.h"
#include "store/migrations.h"

namespace salesync::store {

namespace {

Error SqlError(const std::string& path, const std::exception& e, const std::string& what) {
  return MakeError(ErrorCode::kInternal, what + ": " + e.what(), path);
}

int ReadUserVersion(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

}  // namespace

int Store::LatestSchemaVersion() {
  auto all = AllMigrations();
  return all.empty() ? 0 : all.back().version;
}

Store::Store(std::string path, std::unique_ptr<SQLite::Database> db, int version)
    : path_(std::move(path)), db_(std::move(db)), schema_version_(version) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kConfig, std::string("Cannot open the store: ") + e.what() + ".", options.path);
  }
  try {
    db->setBusyTimeout(options.busy_timeout_ms);
    // Read the version before changing anything: a newer store must stay exactly as it is.
    int version = ReadUserVersion(*db);
    int latest = LatestSchemaVersion();
    if (version > latest) {
      return MakeError(ErrorCode::kConfig,
                       "The store was written by a newer salesync (schema version " + std::to_string(version) +
                           ", this build knows up to " + std::to_string(latest) +
                           "). It was not modified. Run a salesync at least as new as the one that wrote it, or "
                           "restore a backup.",
                       options.path);
    }
    std::string mode = db->execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal") {
      return MakeError(ErrorCode::kConfig, "The store cannot use WAL mode (got journal_mode=" + mode + ").",
                       options.path);
    }
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("PRAGMA cache_size=-" + std::to_string(std::max(1, options.cache_mib) * 1024));
    db->exec(options.synchronous == "normal" ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL");

    for (const Migration& m : AllMigrations()) {
      if (m.version <= version) continue;
      // BEGIN IMMEDIATE: take the write lock up front so busy_timeout applies (a deferred
      // transaction that upgrades to write fails at once with SQLITE_BUSY in WAL mode).
      db->exec("BEGIN IMMEDIATE");
      try {
        db->exec(m.sql);
        db->exec("PRAGMA user_version=" + std::to_string(m.version));
        db->exec("COMMIT");
      } catch (const std::exception& e) {
        db->exec("ROLLBACK");
        return MakeError(ErrorCode::kInternal,
                         "Migration " + std::to_string(m.version) + " (" + m.description + ") failed: " + e.what() +
                             ". The store is left at schema version " + std::to_string(version) + ".",
                         options.path);
      }
      LogInfo("Store migrated.", {{"version", m.version}, {"migration", m.description}});
      version = m.version;
    }
    return std::unique_ptr<Store>(new Store(options.path, std::move(db), version));
  } catch (const std::exception& e) {
    return SqlError(options.path, e, "Cannot prepare the store");
  }
}

Status Store::WithConnection(const std::function<void(SQLite::Database&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  try {
    fn(*db_);
    return OkStatus();
  } catch (const std::exception& e) {
    return SqlError(path_, e, "Store query failed");
  }
}

Result<int64_t> Store::SizeBytes() {
  int64_t size = 0;
  Status s = WithConnection([&](SQLite::Database& db) {
    int64_t pages = db.execAndGet("PRAGMA page_count").getInt64();
    int64_t page_size = db.execAndGet("PRAGMA page_size").getInt64();
    size = pages * page_size;
  });
  if (!s.ok()) return s.error();
  std::error_code ec;
  auto wal = std::filesystem::file_size(path_ + "-wal", ec);
  if (!ec) size += static_cast<int64_t>(wal);
  return size;
}

Status Store::Ping() {
  return WithConnection([](SQLite::Database& db) { db.execAndGet("SELECT 1"); });
}

Result<std::optional<std::string>> Store::GetMeta(const std::string& key) {
  std::optional<std::string> value;
  Status s = WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT value FROM meta WHERE key = ?");
    q.bind(1, key);
    if (q.executeStep()) value = q.getColumn(0).getString();
  });
  if (!s.ok()) return s.error();
  return value;
}

Status Store::SetMeta(const std::string& key, const std::string& value) {
  return WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                        "excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
  });
}

}  // namespace salesync::store
