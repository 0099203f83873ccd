#include "store/sync_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "store/write_transaction.h"

namespace salesync::store {

namespace {

// The first of `keys` that holds a non-empty string (or a number, as text).
std::string FieldText(const nlohmann::json& fields, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = fields.find(k);
    if (it == fields.end() || it->is_null()) continue;
    if (it->is_string()) {
      if (!it->get_ref<const std::string&>().empty()) return it->get<std::string>();
    } else if (it->is_number_integer()) {
      return std::to_string(it->get<int64_t>());
    }
  }
  return "";
}

bool IsPersonObject(const std::string& object) {
  std::string o = ToLowerAscii(object);
  return o == "lead" || o == "contact" || o == "person";
}

void BindOptional(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty()) q.bind(index);
  else q.bind(index, value);
}

}  // namespace

const char* const kSameKindSql =
    "SELECT remote_id FROM source_records WHERE person_id = ? AND +connection = ? AND +object = ? "
    "AND remote_id != ? AND deleted_ms IS NULL LIMIT 1";

namespace {

// Prepared statements of one CommitPage, compiled once per page.
struct PageStatements {
  explicit PageStatements(SQLite::Database& db)
      : find_record(db, "SELECT person_id, modified_ms, deleted_ms FROM source_records "
                        "WHERE connection = ? AND object = ? AND remote_id = ?"),
        find_linked(db, "SELECT person_id, deleted_ms, connection, object FROM source_records "
                        "WHERE remote_id = ? AND object IN ('Contact', 'Lead') ORDER BY deleted_ms IS NOT NULL LIMIT 1"),
        find_naming(db, "SELECT person_id FROM source_records WHERE link_id = ? AND person_id IS NOT NULL "
                        "AND deleted_ms IS NULL LIMIT 1"),
        people_by_email(db, "SELECT id FROM people WHERE email_norm = ? ORDER BY id LIMIT 3"),
        // `+connection`, `+object`: only person_id may pick the index. With (connection, object) usable, SQLite
        // prefers source_records_synced (two equalities) and walks every record of that object per lookup.
        same_kind(db, kSameKindSql),
        insert_person(db, "INSERT INTO people(email_norm, first_name, last_name, company, title, created_ms, updated_ms) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        update_person(db, "UPDATE people SET email_norm = COALESCE(?, email_norm), "
                          "first_name = CASE WHEN ? = '' THEN first_name ELSE ? END, "
                          "last_name = CASE WHEN ? = '' THEN last_name ELSE ? END, "
                          "company = CASE WHEN ? = '' THEN company ELSE ? END, "
                          "title = CASE WHEN ? = '' THEN title ELSE ? END, updated_ms = ? WHERE id = ?"),
        upsert_record(db, "INSERT INTO source_records(connection, object, remote_id, person_id, email_norm, link_id, "
                          "modified_ms, deleted_ms, fields, synced_ms) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) "
                          "ON CONFLICT(connection, object, remote_id) DO UPDATE SET person_id = excluded.person_id, "
                          "email_norm = excluded.email_norm, link_id = excluded.link_id, "
                          "modified_ms = excluded.modified_ms, deleted_ms = NULL, fields = excluded.fields, "
                          "synced_ms = excluded.synced_ms"),
        tombstone(db, "INSERT INTO source_records(connection, object, remote_id, person_id, modified_ms, deleted_ms, "
                      "fields, synced_ms) VALUES (?, ?, ?, NULL, ?, ?, '{}', ?) "
                      "ON CONFLICT(connection, object, remote_id) DO UPDATE SET "
                      "modified_ms = MAX(source_records.modified_ms, excluded.modified_ms), "
                      "deleted_ms = excluded.deleted_ms, synced_ms = excluded.synced_ms"),
        conflict(db, "INSERT INTO person_conflicts(person_id, connection, object, remote_id, kind, detail, detected_ms) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(connection, object, remote_id, kind) DO UPDATE SET "
                     "person_id = excluded.person_id, detail = excluded.detail, detected_ms = excluded.detected_ms"),
        lead_person(db, "SELECT person_id FROM source_records WHERE connection = ? AND object = 'lead' AND remote_id = ?"),
        insert_activity(db, "INSERT INTO activities(connection, remote_id, person_id, lead_id, type, occurred_ms, summary, "
                            "fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(connection, remote_id) DO NOTHING"),
        insert_writeback(db, "INSERT INTO writebacks(activity_id, sync, state, updated_ms) VALUES (?, ?, 'pending', ?) "
                             "ON CONFLICT(activity_id, sync) DO NOTHING") {}

  SQLite::Statement find_record, find_linked, find_naming, people_by_email, same_kind, insert_person, update_person,
      upsert_record, tombstone, conflict, lead_person, insert_activity, insert_writeback;
};

void Reset(SQLite::Statement& q) {
  q.reset();
  q.clearBindings();
}

void RecordConflict(PageStatements& st, int64_t person, const std::string& connection, const SourceRecord& r,
                    const std::string& kind, const std::string& detail, int64_t now) {
  Reset(st.conflict);
  if (person > 0) st.conflict.bind(1, person);
  else st.conflict.bind(1);
  st.conflict.bind(2, connection);
  st.conflict.bind(3, r.object);
  st.conflict.bind(4, r.remote_id);
  st.conflict.bind(5, kind);
  st.conflict.bind(6, detail);
  st.conflict.bind(7, now);
  st.conflict.exec();
}

// The name fields a person row takes from its records.
struct PersonNames {
  std::string first, last, company, title;
};

// Identity resolution for a record not stored before (rules 2–4 of the header). Returns the person id;
// `created` tells whether the person is new (and already has `names`).
int64_t ResolvePerson(SQLite::Database& db, PageStatements& st, const std::string& connection, const SourceRecord& r,
                      const std::string& email, const std::string& link, const PersonNames& names, int64_t now,
                      bool& created, PageOutcome& out) {
  struct Pending {
    std::string kind, detail;
  };
  std::vector<Pending> conflicts;  // recorded against the person the record ends up with
  int64_t person = 0;
  if (!link.empty()) {
    Reset(st.find_linked);
    st.find_linked.bind(1, link);
    if (st.find_linked.executeStep()) {
      if (!st.find_linked.getColumn(1).isNull()) {
        conflicts.push_back({"link_to_deleted", "It names " + st.find_linked.getColumn(3).getString() + " " + link +
                                                    ", which was deleted in " +
                                                    st.find_linked.getColumn(2).getString() + "; not joined to it."});
      } else if (!st.find_linked.getColumn(0).isNull()) {
        person = st.find_linked.getColumn(0).getInt64();
      }
    }
  }
  if (person == 0) {
    Reset(st.find_naming);
    st.find_naming.bind(1, r.remote_id);
    if (st.find_naming.executeStep()) person = st.find_naming.getColumn(0).getInt64();
  }
  if (person == 0 && !email.empty()) {
    Reset(st.people_by_email);
    st.people_by_email.bind(1, email);
    std::vector<int64_t> ids;
    while (st.people_by_email.executeStep()) ids.push_back(st.people_by_email.getColumn(0).getInt64());
    if (ids.size() == 1) {
      Reset(st.same_kind);
      st.same_kind.bind(1, ids[0]);
      st.same_kind.bind(2, connection);
      st.same_kind.bind(3, r.object);
      st.same_kind.bind(4, r.remote_id);
      if (st.same_kind.executeStep()) {
        conflicts.push_back({"duplicate_email", "Another " + r.object + " in " + connection + " (" +
                                                    st.same_kind.getColumn(0).getString() + ", person " +
                                                    std::to_string(ids[0]) + ") has the e-mail " + email +
                                                    "; kept apart as a separate person."});
      } else {
        person = ids[0];
      }
    } else if (ids.size() > 1) {
      conflicts.push_back({"ambiguous_email", "Several people already have the e-mail " + email +
                                                  "; not joined to any of them."});
    }
  }
  if (person == 0) {
    Reset(st.insert_person);
    BindOptional(st.insert_person, 1, email);
    st.insert_person.bind(2, names.first);
    st.insert_person.bind(3, names.last);
    st.insert_person.bind(4, names.company);
    st.insert_person.bind(5, names.title);
    st.insert_person.bind(6, now);
    st.insert_person.bind(7, now);
    st.insert_person.exec();
    person = db.getLastInsertRowid();
    created = true;
  }
  for (const auto& c : conflicts) {
    RecordConflict(st, person, connection, r, c.kind, c.detail, now);
    ++out.conflicts;
  }
  return person;
}

void CommitActivity(PageStatements& st, SQLite::Database& db, const PageCommit& page, const SourceRecord& r,
                    PageOutcome& out) {
  std::string lead_id = FieldText(r.fields, {"leadId", "lead_id", "WhoId"});
  int64_t person = 0;
  if (!lead_id.empty()) {
    Reset(st.lead_person);
    st.lead_person.bind(1, page.connection);
    st.lead_person.bind(2, lead_id);
    if (st.lead_person.executeStep() && !st.lead_person.getColumn(0).isNull()) person = st.lead_person.getColumn(0).getInt64();
  }
  Reset(st.insert_activity);
  st.insert_activity.bind(1, page.connection);
  st.insert_activity.bind(2, r.remote_id);
  if (person > 0) st.insert_activity.bind(3, person);
  else st.insert_activity.bind(3);
  st.insert_activity.bind(4, lead_id);
  std::string type = FieldText(r.fields, {"activityTypeName", "activityType", "activityTypeId", "type"});
  st.insert_activity.bind(5, type.empty() ? std::string("activity") : type);
  st.insert_activity.bind(6, r.modified_ms);
  st.insert_activity.bind(7, FieldText(r.fields, {"primaryAttributeValue", "summary", "Subject"}));
  st.insert_activity.bind(8, r.fields.dump());
  if (st.insert_activity.exec() == 0) {
    ++out.activities_seen;
    return;
  }
  ++out.activities_new;
  int64_t id = db.getLastInsertRowid();
  for (const auto& sync : page.writeback_syncs) {
    Reset(st.insert_writeback);
    st.insert_writeback.bind(1, id);
    st.insert_writeback.bind(2, sync);
    st.insert_writeback.bind(3, page.now_ms);
    st.insert_writeback.exec();
  }
}

void CommitRecord(PageStatements& st, SQLite::Database& db, const PageCommit& page, const SourceRecord& r,
                  PageOutcome& out) {
  Reset(st.find_record);
  st.find_record.bind(1, page.connection);
  st.find_record.bind(2, r.object);
  st.find_record.bind(3, r.remote_id);
  bool exists = st.find_record.executeStep();
  int64_t person = 0, stored_modified = 0;
  bool stored_deleted = false;
  if (exists) {
    if (!st.find_record.getColumn(0).isNull()) person = st.find_record.getColumn(0).getInt64();
    stored_modified = st.find_record.getColumn(1).getInt64();
    stored_deleted = !st.find_record.getColumn(2).isNull();
  }
  if (r.deleted) {
    if (exists && stored_deleted) {
      ++out.unchanged;
      return;
    }
    Reset(st.tombstone);
    st.tombstone.bind(1, page.connection);
    st.tombstone.bind(2, r.object);
    st.tombstone.bind(3, r.remote_id);
    st.tombstone.bind(4, r.modified_ms);
    st.tombstone.bind(5, r.deleted_ms > 0 ? r.deleted_ms : r.modified_ms);
    st.tombstone.bind(6, page.now_ms);
    st.tombstone.exec();
    ++out.tombstones;
    return;
  }
  // An older or equal version of what is stored (the look-back, a resumed page): nothing to do. A record
  // that comes back after its deletion (undelete) is stored again.
  if (exists && r.modified_ms <= stored_modified && !stored_deleted) {
    ++out.unchanged;
    return;
  }
  std::string email = NormaliseEmail(FieldText(r.fields, {"email", "Email"}));
  std::string link = FieldText(r.fields, {"sfdcContactId", "sfdcLeadId"});
  PersonNames names;
  bool created = false;
  if (person > 0 || IsPersonObject(r.object)) {
    names = {FieldText(r.fields, {"firstName", "FirstName"}), FieldText(r.fields, {"lastName", "LastName"}),
             FieldText(r.fields, {"company", "Company"}), FieldText(r.fields, {"title", "Title"})};
  }
  if (person == 0 && IsPersonObject(r.object)) {
    person = ResolvePerson(db, st, page.connection, r, email, link, names, page.now_ms, created, out);
  }

  Reset(st.upsert_record);
  st.upsert_record.bind(1, page.connection);
  st.upsert_record.bind(2, r.object);
  st.upsert_record.bind(3, r.remote_id);
  if (person > 0) st.upsert_record.bind(4, person);
  else st.upsert_record.bind(4);
  BindOptional(st.upsert_record, 5, email);
  BindOptional(st.upsert_record, 6, link);
  st.upsert_record.bind(7, r.modified_ms);
  st.upsert_record.bind(8, r.fields.dump());
  st.upsert_record.bind(9, page.now_ms);
  st.upsert_record.exec();
  ++out.stored;

  if (person > 0 && !created) {
    const auto& [first, last, company, title] = names;
    Reset(st.update_person);
    BindOptional(st.update_person, 1, email);
    st.update_person.bind(2, first);
    st.update_person.bind(3, first);
    st.update_person.bind(4, last);
    st.update_person.bind(5, last);
    st.update_person.bind(6, company);
    st.update_person.bind(7, company);
    st.update_person.bind(8, title);
    st.update_person.bind(9, title);
    st.update_person.bind(10, page.now_ms);
    st.update_person.bind(11, person);
    st.update_person.exec();
  }
}

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

}  // namespace

std::string NormaliseEmail(std::string_view raw) {
  std::string_view trimmed = TrimWhitespace(raw);
  if (trimmed.find('@') == std::string_view::npos) return "";
  return ToLowerAscii(trimmed);
}

Result<PageOutcome> SyncStore::CommitPage(const PageCommit& page) {
  PageOutcome out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      PageStatements st(db);
      for (const auto& r : page.records) {
        if (r.object == "activity") CommitActivity(st, db, page, r, out);
        else CommitRecord(st, db, page, r, out);
      }
      if (page.checkpoint) {
        SQLite::Statement q(db, "INSERT INTO sync_checkpoints(sync, stream, checkpoint, records, updated_ms) "
                                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(sync, stream) DO UPDATE SET "
                                "checkpoint = excluded.checkpoint, records = sync_checkpoints.records + excluded.records, "
                                "updated_ms = excluded.updated_ms");
        q.bind(1, page.sync);
        q.bind(2, page.stream);
        q.bind(3, page.checkpoint->dump());
        q.bind(4, static_cast<int64_t>(page.records.size()));
        q.bind(5, page.now_ms);
        q.exec();
      }
    });
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::optional<CheckpointRow>> SyncStore::LoadCheckpoint(const std::string& sync, const std::string& stream) {
  std::optional<CheckpointRow> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT checkpoint, records, updated_ms FROM sync_checkpoints WHERE sync = ? AND stream = ?");
    q.bind(1, sync);
    q.bind(2, stream);
    if (q.executeStep()) {
      auto j = nlohmann::json::parse(q.getColumn(0).getString(), nullptr, false);
      out = CheckpointRow{j.is_discarded() ? nlohmann::json() : j, q.getColumn(1).getInt64(), q.getColumn(2).getInt64()};
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Status SyncStore::ResetCheckpoint(const std::string& sync, const std::string& stream) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "DELETE FROM sync_checkpoints WHERE sync = ? AND stream = ?");
    q.bind(1, sync);
    q.bind(2, stream);
    q.exec();
  });
}

Result<int64_t> SyncStore::BeginRun(const std::string& sync, const std::string& stream, int64_t now_ms) {
  int64_t id = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "INSERT INTO sync_runs(sync, stream, started_ms, status) VALUES (?, ?, ?, 'running')");
    q.bind(1, sync);
    q.bind(2, stream);
    q.bind(3, now_ms);
    q.exec();
    id = db.getLastInsertRowid();
  });
  if (!s.ok()) return s.error();
  return id;
}

Status SyncStore::FinishRun(int64_t run_id, const std::string& status, int64_t records, int64_t calls,
                            const std::string& error, int64_t now_ms) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE sync_runs SET status = ?, records = ?, calls = ?, error = ?, finished_ms = ? WHERE id = ?");
    q.bind(1, status);
    q.bind(2, records);
    q.bind(3, calls);
    q.bind(4, error);
    q.bind(5, now_ms);
    q.bind(6, run_id);
    q.exec();
  });
}

Result<int64_t> SyncStore::MarkInterruptedRuns(int64_t now_ms) {
  int64_t n = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE sync_runs SET status = 'interrupted', finished_ms = ? WHERE status = 'running'");
    q.bind(1, now_ms);
    n = q.exec();
  });
  if (!s.ok()) return s.error();
  return n;
}

Result<std::vector<SyncRunRow>> SyncStore::LatestRuns(const std::string& sync) {
  std::vector<SyncRunRow> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT id, sync, stream, status, error, started_ms, finished_ms, records, calls FROM sync_runs "
                            "WHERE id IN (SELECT MAX(id) FROM sync_runs WHERE sync = ? GROUP BY stream) ORDER BY stream");
    q.bind(1, sync);
    while (q.executeStep()) {
      SyncRunRow r;
      r.id = q.getColumn(0).getInt64();
      r.sync = q.getColumn(1).getString();
      r.stream = q.getColumn(2).getString();
      r.status = q.getColumn(3).getString();
      r.error = q.getColumn(4).getString();
      r.started_ms = q.getColumn(5).getInt64();
      if (!q.getColumn(6).isNull()) r.finished_ms = q.getColumn(6).getInt64();
      r.records = q.getColumn(7).getInt64();
      r.calls = q.getColumn(8).getInt64();
      out.push_back(r);
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

namespace {

constexpr const char* kPendingSql = R"sql(
  SELECT w.activity_id, a.connection, a.remote_id, a.type, a.occurred_ms, a.summary, a.fields, t.object, t.remote_id
  FROM writebacks w
  JOIN activities a ON a.id = w.activity_id
  JOIN source_records t
    ON t.person_id = COALESCE(a.person_id, (SELECT s.person_id FROM source_records s
                                             WHERE s.connection = a.connection AND s.object = 'lead'
                                               AND s.remote_id = a.lead_id))
   AND t.connection = ? AND t.deleted_ms IS NULL AND t.object IN (%WHO%)
  WHERE w.sync = ? AND w.state = 'pending'
  ORDER BY w.activity_id
  LIMIT ?)sql";

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

Result<std::vector<PendingWriteback>> SyncStore::PendingWritebacks(const std::string& sync, const std::string& target,
                                                                    const std::vector<std::string>& who_objects,
                                                                    size_t limit) {
  std::vector<PendingWriteback> out;
  if (who_objects.empty()) return out;
  // Write-back rows exist only for activities of the sync's source connections (CommitPage decides), so
  // no source filter is needed here. The object list is bound as parameters, never pasted.
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    std::string sql = ReplaceAll(kPendingSql, "%WHO%", Placeholders(who_objects.size()));
    SQLite::Statement q(db, sql);
    int i = 1;
    q.bind(i++, target);
    for (const auto& w : who_objects) q.bind(i++, w);
    q.bind(i++, sync);
    q.bind(i++, static_cast<int64_t>(limit * who_objects.size() * 2));
    std::map<int64_t, size_t> index;  // activity → position in out
    while (q.executeStep()) {
      PendingWriteback p;
      p.activity_id = q.getColumn(0).getInt64();
      p.source_connection = q.getColumn(1).getString();
      p.source_key = q.getColumn(2).getString();
      p.type = q.getColumn(3).getString();
      p.occurred_ms = q.getColumn(4).getInt64();
      p.summary = q.getColumn(5).getString();
      p.fields = nlohmann::json::parse(q.getColumn(6).getString(), nullptr, false);
      p.who_object = q.getColumn(7).getString();
      p.who_id = q.getColumn(8).getString();
      auto rank = [&](const std::string& o) {
        return std::find(who_objects.begin(), who_objects.end(), o) - who_objects.begin();
      };
      auto it = index.find(p.activity_id);
      if (it == index.end()) {
        if (out.size() >= limit) continue;
        index[p.activity_id] = out.size();
        out.push_back(std::move(p));
      } else if (rank(p.who_object) < rank(out[it->second].who_object)) {
        out[it->second] = std::move(p);
      }
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Status SyncStore::RecordWritebacks(const std::string& sync, const std::vector<WritebackResult>& results, int64_t now_ms,
                                   int64_t max_attempts) {
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement q(db, R"sql(
        UPDATE writebacks SET
          state = CASE WHEN ? THEN 'done' WHEN ? AND attempts + 1 < ? THEN 'pending' ELSE 'failed' END,
          remote_id = ?, attempts = attempts + 1, last_error = ?, updated_ms = ?
        WHERE activity_id = ? AND sync = ?)sql");
      for (const auto& r : results) {
        Reset(q);
        q.bind(1, r.ok ? 1 : 0);
        q.bind(2, r.retryable ? 1 : 0);
        q.bind(3, max_attempts);
        q.bind(4, r.remote_id);
        q.bind(5, r.error);
        q.bind(6, now_ms);
        q.bind(7, r.activity_id);
        q.bind(8, sync);
        q.exec();
      }
    });
  });
}

Result<WritebackCounts> SyncStore::CountWritebacks(const std::string& sync, const std::string& target,
                                                   const std::vector<std::string>& who_objects) {
  WritebackCounts c;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT state, COUNT(*) FROM writebacks WHERE sync = ? GROUP BY state");
    q.bind(1, sync);
    while (q.executeStep()) {
      std::string state = q.getColumn(0).getString();
      int64_t n = q.getColumn(1).getInt64();
      if (state == "pending") c.pending = n;
      else if (state == "done") c.done = n;
      else if (state == "failed") c.failed = n;
    }
    if (who_objects.empty()) return;
    std::string sql = "SELECT COUNT(*) FROM writebacks w JOIN activities a ON a.id = w.activity_id "
                      "WHERE w.sync = ? AND w.state = 'pending' AND NOT EXISTS (SELECT 1 FROM source_records t "
                      "WHERE t.person_id = COALESCE(a.person_id, (SELECT s.person_id FROM source_records s "
                      "WHERE s.connection = a.connection AND s.object = 'lead' AND s.remote_id = a.lead_id)) "
                      "AND t.connection = ? AND t.deleted_ms IS NULL AND t.object IN (" +
                      Placeholders(who_objects.size()) + "))";
    SQLite::Statement w(db, sql);
    int i = 1;
    w.bind(i++, sync);
    w.bind(i++, target);
    for (const auto& o : who_objects) w.bind(i++, o);
    if (w.executeStep()) c.waiting_for_target = w.getColumn(0).getInt64();
  });
  if (!s.ok()) return s.error();
  return c;
}

Result<nlohmann::json> SyncStore::PeopleByEmail(const std::string& email, int64_t activity_limit) {
  nlohmann::json out = nlohmann::json::array();
  std::string norm = NormaliseEmail(email);
  if (norm.empty()) return MakeError(ErrorCode::kInvalidArgument, "\"" + email + "\" is not an e-mail address.");
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    // People with that e-mail, and people owning a record with it (an e-mail changed on one side).
    SQLite::Statement p(db, "SELECT id, email_norm, first_name, last_name, company, title, created_ms, updated_ms "
                            "FROM people WHERE email_norm = ?1 OR id IN (SELECT person_id FROM source_records "
                            "WHERE email_norm = ?1) ORDER BY id");
    p.bind(1, norm);
    while (p.executeStep()) {
      int64_t id = p.getColumn(0).getInt64();
      nlohmann::json person = {{"id", id},
                               {"email", p.getColumn(1).getString()},
                               {"first_name", p.getColumn(2).getString()},
                               {"last_name", p.getColumn(3).getString()},
                               {"company", p.getColumn(4).getString()},
                               {"title", p.getColumn(5).getString()},
                               {"created_ms", p.getColumn(6).getInt64()},
                               {"updated_ms", p.getColumn(7).getInt64()},
                               {"records", nlohmann::json::array()},
                               {"conflicts", nlohmann::json::array()},
                               {"activities", nlohmann::json::array()}};
      SQLite::Statement r(db, "SELECT connection, object, remote_id, email_norm, modified_ms, deleted_ms, link_id "
                              "FROM source_records WHERE person_id = ? ORDER BY connection, object, remote_id");
      r.bind(1, id);
      while (r.executeStep()) {
        nlohmann::json rec = {{"connection", r.getColumn(0).getString()}, {"object", r.getColumn(1).getString()},
                              {"id", r.getColumn(2).getString()},         {"email", r.getColumn(3).getString()},
                              {"modified_ms", r.getColumn(4).getInt64()}};
        if (!r.getColumn(5).isNull()) rec["deleted_ms"] = r.getColumn(5).getInt64();
        if (!r.getColumn(6).isNull()) rec["links_to"] = r.getColumn(6).getString();
        person["records"].push_back(rec);
      }
      SQLite::Statement c(db, "SELECT kind, connection, object, remote_id, detail, detected_ms FROM person_conflicts "
                              "WHERE person_id = ? ORDER BY id");
      c.bind(1, id);
      while (c.executeStep()) {
        person["conflicts"].push_back({{"kind", c.getColumn(0).getString()}, {"connection", c.getColumn(1).getString()},
                                       {"object", c.getColumn(2).getString()}, {"id", c.getColumn(3).getString()},
                                       {"detail", c.getColumn(4).getString()}, {"detected_ms", c.getColumn(5).getInt64()}});
      }
      SQLite::Statement a(db, R"sql(
        SELECT a.id, a.connection, a.remote_id, a.type, a.occurred_ms, a.summary,
               (SELECT group_concat(w.sync || ':' || w.state || CASE WHEN w.remote_id != '' THEN ':' || w.remote_id ELSE '' END, ' ')
                  FROM writebacks w WHERE w.activity_id = a.id)
        FROM activities a
        WHERE a.person_id = ?1 OR (a.person_id IS NULL AND EXISTS (SELECT 1 FROM source_records s
              WHERE s.person_id = ?1 AND s.connection = a.connection AND s.object = 'lead' AND s.remote_id = a.lead_id))
        ORDER BY a.occurred_ms DESC LIMIT ?2)sql");
      a.bind(1, id);
      a.bind(2, activity_limit);
      while (a.executeStep()) {
        nlohmann::json act = {{"id", a.getColumn(0).getInt64()}, {"connection", a.getColumn(1).getString()},
                              {"key", a.getColumn(2).getString()}, {"type", a.getColumn(3).getString()},
                              {"occurred_ms", a.getColumn(4).getInt64()}, {"summary", a.getColumn(5).getString()}};
        if (!a.getColumn(6).isNull()) act["writebacks"] = a.getColumn(6).getString();
        person["activities"].push_back(act);
      }
      out.push_back(person);
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::vector<SourceRecord>> SyncStore::LatestRecords(const std::string& connection, const std::string& object,
                                                           size_t limit) {
  std::vector<SourceRecord> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT remote_id, modified_ms, fields FROM source_records WHERE connection = ? AND object = ? "
                            "AND deleted_ms IS NULL ORDER BY modified_ms DESC LIMIT ?");
    q.bind(1, connection);
    q.bind(2, object);
    q.bind(3, static_cast<int64_t>(limit));
    while (q.executeStep()) {
      auto fields = nlohmann::json::parse(q.getColumn(2).getString(), nullptr, false);
      out.push_back({object, q.getColumn(0).getString(), q.getColumn(1).getInt64(), false, 0,
                     fields.is_discarded() ? nlohmann::json::object() : fields});
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<nlohmann::json> SyncStore::Totals() {
  nlohmann::json out = {{"people", 0}, {"activities", 0}, {"conflicts", 0}, {"records", nlohmann::json::object()}};
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    out["people"] = db.execAndGet("SELECT COUNT(*) FROM people").getInt64();
    out["activities"] = db.execAndGet("SELECT COUNT(*) FROM activities").getInt64();
    out["conflicts"] = db.execAndGet("SELECT COUNT(*) FROM person_conflicts").getInt64();
    // A few people known to more than one connection, to look at with `salesyncctl people show`.
    out["linked_examples"] = nlohmann::json::array();
    // Those with a Contact first (the most complete picture), scanning people in id order until found.
    SQLite::Statement ex(db, "SELECT p.email_norm FROM people p WHERE p.email_norm IS NOT NULL AND "
                             "EXISTS (SELECT 1 FROM source_records c WHERE c.person_id = p.id AND c.object = 'Contact' "
                             "AND c.deleted_ms IS NULL) AND "
                             "(SELECT COUNT(DISTINCT s.connection) FROM source_records s WHERE s.person_id = p.id) >= 2 "
                             "ORDER BY p.id LIMIT 3");
    while (ex.executeStep()) out["linked_examples"].push_back(ex.getColumn(0).getString());
    SQLite::Statement q(db, "SELECT connection, object, COUNT(*), SUM(deleted_ms IS NOT NULL) FROM source_records "
                            "GROUP BY connection, object ORDER BY connection, object");
    while (q.executeStep()) {
      out["records"][q.getColumn(0).getString() + "/" + q.getColumn(1).getString()] = {
          {"live", q.getColumn(2).getInt64() - q.getColumn(3).getInt64()}, {"deleted", q.getColumn(3).getInt64()}};
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace salesync::store
