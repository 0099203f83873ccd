#include "store/token_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdexcept>
#include <tuple>

#include "store/write_transaction.h"

namespace salesync::store {

namespace {

void UpsertState(SQLite::Database& db, const ConnectionStateRow& s) {
  SQLite::Statement q(db, R"sql(
    INSERT INTO connection_state(connection, state, expires_at_ms, instance_url, identity_url, scope,
                                 last_success_ms, last_error, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT(connection) DO UPDATE SET
      state = excluded.state, expires_at_ms = excluded.expires_at_ms, instance_url = excluded.instance_url,
      identity_url = excluded.identity_url, scope = excluded.scope,
      last_success_ms = COALESCE(excluded.last_success_ms, connection_state.last_success_ms),
      last_error = excluded.last_error, updated_at = excluded.updated_at)sql");
  q.bind(1, s.connection);
  q.bind(2, s.state);
  if (s.expires_at_ms) q.bind(3, *s.expires_at_ms); else q.bind(3);
  q.bind(4, s.instance_url);
  q.bind(5, s.identity_url);
  q.bind(6, s.scope);
  if (s.last_success_ms) q.bind(7, *s.last_success_ms); else q.bind(7);
  q.bind(8, s.last_error);
  q.exec();
}

ConnectionStateRow ReadState(SQLite::Statement& q) {
  ConnectionStateRow r;
  r.connection = q.getColumn(0).getString();
  r.state = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) r.expires_at_ms = q.getColumn(2).getInt64();
  r.instance_url = q.getColumn(3).getString();
  r.identity_url = q.getColumn(4).getString();
  r.scope = q.getColumn(5).getString();
  if (!q.getColumn(6).isNull()) r.last_success_ms = q.getColumn(6).getInt64();
  r.last_error = q.getColumn(7).getString();
  return r;
}

constexpr const char* kSelectState =
    "SELECT connection, state, expires_at_ms, instance_url, identity_url, scope, last_success_ms, last_error "
    "FROM connection_state";

}  // namespace

Status TokenStore::SaveGrant(const std::string& connection, const std::map<std::string, SealedField>& fields,
                             const ConnectionStateRow& state) {
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      for (const auto& [field, value] : fields) {
        SQLite::Statement q(db, R"sql(
          INSERT INTO connection_secrets(connection, field, sealed, key_id) VALUES (?, ?, ?, ?)
          ON CONFLICT(connection, field) DO UPDATE SET sealed = excluded.sealed, key_id = excluded.key_id,
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))sql");
        q.bind(1, connection);
        q.bind(2, field);
        q.bind(3, value.sealed.data(), static_cast<int>(value.sealed.size()));
        q.bind(4, value.key_id);
        q.exec();
      }
      UpsertState(db, state);
    });
  });
}

Result<std::map<std::string, SealedField>> TokenStore::LoadFields(const std::string& connection) {
  std::map<std::string, SealedField> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT field, sealed, key_id FROM connection_secrets WHERE connection = ?");
    q.bind(1, connection);
    while (q.executeStep()) {
      const auto& blob = q.getColumn(1);
      out[q.getColumn(0).getString()] = {std::string(static_cast<const char*>(blob.getBlob()), static_cast<size_t>(blob.getBytes())),
                                         q.getColumn(2).getString()};
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::optional<ConnectionStateRow>> TokenStore::LoadState(const std::string& connection) {
  std::optional<ConnectionStateRow> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kSelectState) + " WHERE connection = ?");
    q.bind(1, connection);
    if (q.executeStep()) out = ReadState(q);
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::vector<ConnectionStateRow>> TokenStore::ListStates() {
  std::vector<ConnectionStateRow> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kSelectState) + " ORDER BY connection");
    while (q.executeStep()) out.push_back(ReadState(q));
  });
  if (!s.ok()) return s.error();
  return out;
}

Status TokenStore::SetState(const ConnectionStateRow& state) {
  return store_->WithConnection([&](SQLite::Database& db) { UpsertState(db, state); });
}

Status TokenStore::RecordSuccess(const std::string& connection, int64_t at_ms) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE connection_state SET last_success_ms = ? WHERE connection = ?");
    q.bind(1, at_ms);
    q.bind(2, connection);
    q.exec();
  });
}

Status TokenStore::Forget(const std::string& connection) {
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement del(db, "DELETE FROM connection_secrets WHERE connection = ?");
      del.bind(1, connection);
      del.exec();
      ConnectionStateRow s;
      s.connection = connection;
      s.state = "not_connected";
      UpsertState(db, s);
    });
  });
}

Status TokenStore::Reseal(const std::function<Result<SealedField>(const std::string&, const std::string&,
                                                                  const std::string&)>& reseal) {
  Error failure;
  bool failed = false;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      std::vector<std::tuple<std::string, std::string, std::string>> rows;
      {
        SQLite::Statement q(db, "SELECT connection, field, sealed FROM connection_secrets");
        while (q.executeStep()) {
          const auto& blob = q.getColumn(2);
          rows.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString(),
                            std::string(static_cast<const char*>(blob.getBlob()), static_cast<size_t>(blob.getBytes())));
        }
      }
      for (const auto& [connection, field, sealed] : rows) {
        auto next = reseal(connection, field, sealed);
        if (!next.ok()) {
          failure = next.error();
          failed = true;
          throw std::runtime_error("reseal failed");  // rolls the whole rotation back
        }
        SQLite::Statement u(db, "UPDATE connection_secrets SET sealed = ?, key_id = ? WHERE connection = ? AND field = ?");
        u.bind(1, next->sealed.data(), static_cast<int>(next->sealed.size()));
        u.bind(2, next->key_id);
        u.bind(3, connection);
        u.bind(4, field);
        u.exec();
      }
    });
  });
  if (failed) return failure;
  return s;
}

Result<std::vector<std::string>> TokenStore::AllSealedValues() {
  std::vector<std::string> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT sealed FROM connection_secrets");
    while (q.executeStep()) {
      const auto& blob = q.getColumn(0);
      out.emplace_back(static_cast<const char*>(blob.getBlob()), static_cast<size_t>(blob.getBytes()));
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace salesync::store
