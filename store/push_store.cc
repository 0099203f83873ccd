#include "store/push_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "base/strings.h"
#include "store/write_transaction.h"

namespace salesync::store {

namespace {

// Every live record of the source stored since the cursor; a version already enqueued changes nothing.
constexpr const char* kEnqueueSql = R"sql(
  INSERT INTO pushes(sync, connection, object, remote_id, source_modified_ms, state, mapping_version, updated_ms)
  SELECT ?1, connection, object, remote_id, modified_ms, 'pending', ?4, ?5
  FROM source_records
  WHERE connection = ?2 AND object = ?3 AND synced_ms >= ?6 AND deleted_ms IS NULL
  ON CONFLICT(sync, connection, object, remote_id) DO UPDATE SET
    source_modified_ms = excluded.source_modified_ms, state = 'pending', attempts = 0, last_error = '',
    mapping_version = excluded.mapping_version, updated_ms = excluded.updated_ms
  WHERE excluded.source_modified_ms > pushes.source_modified_ms)sql";

constexpr const char* kPendingSql = R"sql(
  SELECT p.id, p.remote_id, s.modified_ms, s.deleted_ms, s.fields, p.target_id, p.attempts,
         (SELECT group_concat(t.remote_id, ',') FROM source_records t
           WHERE s.person_id IS NOT NULL AND t.person_id = s.person_id AND t.connection = ?5 AND t.object = ?6
             AND t.deleted_ms IS NULL)
  FROM pushes p
  JOIN source_records s ON s.connection = p.connection AND s.object = p.object AND s.remote_id = p.remote_id
  WHERE p.sync = ?1 AND p.state = 'pending' AND p.connection = ?2 AND p.object = ?3 AND p.id > ?4
  ORDER BY p.id
  LIMIT ?7)sql";

const char* StateName(PushResult::State s) {
  switch (s) {
    case PushResult::State::kDone: return "done";
    case PushResult::State::kRejected: return "rejected";
    case PushResult::State::kFailed: return "failed";
    case PushResult::State::kRetry: return "pending";
  }
  return "failed";
}

}  // namespace

Result<int64_t> PushStore::Enqueue(const PushRoute& route, const std::string& mapping_version, int64_t now_ms,
                                   int64_t margin_ms) {
  int64_t added = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      int64_t cursor = 0;
      {
        SQLite::Statement q(db, "SELECT synced_ms FROM push_cursors WHERE sync = ? AND connection = ? AND object = ?");
        q.bind(1, route.sync);
        q.bind(2, route.connection);
        q.bind(3, route.object);
        if (q.executeStep()) cursor = q.getColumn(0).getInt64();
      }
      SQLite::Statement insert(db, kEnqueueSql);
      insert.bind(1, route.sync);
      insert.bind(2, route.connection);
      insert.bind(3, route.object);
      insert.bind(4, mapping_version);
      insert.bind(5, now_ms);
      insert.bind(6, cursor > margin_ms ? cursor - margin_ms : int64_t{0});
      added = insert.exec();
      SQLite::Statement newest(db, "SELECT MAX(synced_ms) FROM source_records WHERE connection = ? AND object = ?");
      newest.bind(1, route.connection);
      newest.bind(2, route.object);
      if (newest.executeStep() && !newest.getColumn(0).isNull() && newest.getColumn(0).getInt64() > cursor) {
        SQLite::Statement move(db, "INSERT INTO push_cursors(sync, connection, object, synced_ms) VALUES (?, ?, ?, ?) "
                                   "ON CONFLICT(sync, connection, object) DO UPDATE SET synced_ms = excluded.synced_ms");
        move.bind(1, route.sync);
        move.bind(2, route.connection);
        move.bind(3, route.object);
        move.bind(4, newest.getColumn(0).getInt64());
        move.exec();
      }
    });
  });
  if (!s.ok()) return s.error();
  return added;
}

Result<std::vector<PendingPush>> PushStore::Pending(const PushRoute& route, int64_t after_id, size_t limit) {
  std::vector<PendingPush> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, kPendingSql);
    q.bind(1, route.sync);
    q.bind(2, route.connection);
    q.bind(3, route.object);
    q.bind(4, after_id);
    q.bind(5, route.target_connection);
    q.bind(6, route.target_object);
    q.bind(7, static_cast<int64_t>(limit));
    while (q.executeStep()) {
      PendingPush p;
      p.id = q.getColumn(0).getInt64();
      p.remote_id = q.getColumn(1).getString();
      p.modified_ms = q.getColumn(2).getInt64();
      p.deleted = !q.getColumn(3).isNull();
      p.fields = nlohmann::json::parse(q.getColumn(4).getString(), nullptr, false);
      if (p.fields.is_discarded()) p.fields = nlohmann::json::object();
      p.target_id = q.getColumn(5).getString();
      p.attempts = q.getColumn(6).getInt64();
      if (!q.getColumn(7).isNull()) {
        for (auto& id : SplitString(q.getColumn(7).getString(), ',')) {
          if (!id.empty()) p.linked_ids.push_back(std::move(id));
        }
      }
      out.push_back(std::move(p));
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Status PushStore::Record(const std::vector<PushResult>& results, int64_t now_ms, int64_t max_attempts) {
  if (results.empty()) return OkStatus();
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement q(db, "UPDATE pushes SET attempts = attempts + 1, "
                              "state = CASE WHEN ?1 = 'pending' AND attempts + 1 >= ?2 THEN 'failed' ELSE ?1 END, "
                              "target_id = CASE WHEN ?3 = '' THEN target_id ELSE ?3 END, last_error = ?4, "
                              "updated_ms = ?5 WHERE id = ?6");
      for (const auto& r : results) {
        q.reset();
        q.bind(1, StateName(r.state));
        q.bind(2, max_attempts);
        q.bind(3, r.target_id);
        q.bind(4, r.error);
        q.bind(5, now_ms);
        q.bind(6, r.id);
        q.exec();
      }
    });
  });
}

Result<PushCounts> PushStore::Counts(const std::string& sync, size_t recent) {
  PushCounts c;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT state, COUNT(*) FROM pushes WHERE sync = ? GROUP BY state");
    q.bind(1, sync);
    while (q.executeStep()) {
      std::string state = q.getColumn(0).getString();
      int64_t n = q.getColumn(1).getInt64();
      if (state == "pending") c.pending = n;
      else if (state == "done") c.done = n;
      else if (state == "rejected") c.rejected = n;
      else if (state == "failed") c.failed = n;
    }
    SQLite::Statement last(db, "SELECT remote_id, last_error, updated_ms FROM pushes WHERE sync = ? AND state = ? "
                               "ORDER BY updated_ms DESC, id DESC LIMIT ?");
    for (const char* state : {"rejected", "failed"}) {
      last.reset();
      last.bind(1, sync);
      last.bind(2, state);
      last.bind(3, static_cast<int64_t>(recent));
      auto& into = std::string(state) == "rejected" ? c.recent_rejections : c.recent_failures;
      while (last.executeStep()) {
        into.push_back({last.getColumn(0).getString(), last.getColumn(1).getString(), last.getColumn(2).getInt64()});
      }
    }
  });
  if (!s.ok()) return s.error();
  return c;
}

}  // namespace salesync::store
