#include "store/journey_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/store.h"
#include "store/write_transaction.h"

namespace salesync::store {

namespace {

constexpr const char* kJourneyColumns =
    "name, status, description, document, created_by, created_ms, updated_by, updated_ms, published_by, published_ms";

JourneyRow ReadJourney(SQLite::Statement& q) {
  JourneyRow r;
  r.name = q.getColumn(0).getString();
  r.status = q.getColumn(1).getString();
  r.description = q.getColumn(2).getString();
  r.document = nlohmann::json::parse(q.getColumn(3).getString(), nullptr, false);
  if (r.document.is_discarded()) r.document = nlohmann::json::object();
  r.created_by = q.getColumn(4).getString();
  r.created_ms = q.getColumn(5).getInt64();
  r.updated_by = q.getColumn(6).getString();
  r.updated_ms = q.getColumn(7).getInt64();
  r.published_by = q.getColumn(8).getString();
  if (!q.getColumn(9).isNull()) r.published_ms = q.getColumn(9).getInt64();
  return r;
}

void BindJourney(SQLite::Statement& q, const JourneyRow& r) {
  q.bind(1, r.name);
  q.bind(2, r.status);
  q.bind(3, r.description);
  q.bind(4, r.document.dump());
  q.bind(5, r.created_by);
  q.bind(6, r.created_ms);
  q.bind(7, r.updated_by);
  q.bind(8, r.updated_ms);
  q.bind(9, r.published_by);
  if (r.published_ms) {
    q.bind(10, *r.published_ms);
  } else {
    q.bind(10);
  }
}

constexpr const char* kJobColumns =
    "id, key, journey, node, entry_id, subject, action, connection, payload, state, attempts, next_attempt_ms, "
    "intent_ms, outcome, last_error, created_ms, updated_ms";

JobRow ReadJob(SQLite::Statement& q) {
  JobRow j;
  j.id = q.getColumn(0).getInt64();
  j.key = q.getColumn(1).getString();
  j.journey = q.getColumn(2).getString();
  j.node = q.getColumn(3).getString();
  j.entry_id = q.getColumn(4).getInt64();
  j.subject = q.getColumn(5).getString();
  j.action = q.getColumn(6).getString();
  j.connection = q.getColumn(7).getString();
  j.payload = nlohmann::json::parse(q.getColumn(8).getString(), nullptr, false);
  if (j.payload.is_discarded()) j.payload = nlohmann::json::object();
  j.state = q.getColumn(9).getString();
  j.attempts = q.getColumn(10).getInt64();
  j.next_attempt_ms = q.getColumn(11).getInt64();
  if (!q.getColumn(12).isNull()) j.intent_ms = q.getColumn(12).getInt64();
  j.outcome = q.getColumn(13).getString();
  j.last_error = q.getColumn(14).getString();
  j.created_ms = q.getColumn(15).getInt64();
  j.updated_ms = q.getColumn(16).getInt64();
  return j;
}

Result<std::vector<JobRow>> QueryJobs(Store* store, const std::string& where_and_order,
                                      const std::function<void(SQLite::Statement&)>& bind) {
  std::vector<JobRow> out;
  Status s = store->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kJobColumns + " FROM jobs " + where_and_order);
    bind(q);
    while (q.executeStep()) out.push_back(ReadJob(q));
  });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace

Status JourneyStore::CreateJourney(const JourneyRow& row) {
  bool exists = false;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement check(db, "SELECT 1 FROM journeys WHERE name = ?");
      check.bind(1, row.name);
      if (check.executeStep()) {
        exists = true;
        return;
      }
      SQLite::Statement q(db, std::string("INSERT INTO journeys(") + kJourneyColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
      BindJourney(q, row);
      q.exec();
    });
  });
  if (!s.ok()) return s;
  if (exists) return MakeError(ErrorCode::kConflict, "A journey named \"" + row.name + "\" already exists.", row.name);
  return OkStatus();
}

Result<JourneyRow> JourneyStore::GetJourney(const std::string& name) {
  std::optional<JourneyRow> row;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE name = ?");
    q.bind(1, name);
    if (q.executeStep()) row = ReadJourney(q);
  });
  if (!s.ok()) return s.error();
  if (!row) return MakeError(ErrorCode::kNotFound, "There is no journey named \"" + name + "\".", name);
  return *row;
}

Status JourneyStore::UpdateJourney(const JourneyRow& row) {
  int changed = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "UPDATE journeys SET status = ?2, description = ?3, document = ?4, created_by = ?5, "
                        "created_ms = ?6, updated_by = ?7, updated_ms = ?8, published_by = ?9, published_ms = ?10 "
                        "WHERE name = ?1");
    BindJourney(q, row);
    changed = q.exec();
  });
  if (!s.ok()) return s;
  if (changed == 0) return MakeError(ErrorCode::kNotFound, "There is no journey named \"" + row.name + "\".", row.name);
  return OkStatus();
}

Status JourneyStore::DeleteJourney(const std::string& name) {
  int changed = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement jobs(db, "DELETE FROM jobs WHERE journey = ? AND state IN ('queued', 'paused', 'cancelled')");
      jobs.bind(1, name);
      jobs.exec();
      SQLite::Statement q(db, "DELETE FROM journeys WHERE name = ?");
      q.bind(1, name);
      changed = q.exec();
    });
  });
  if (!s.ok()) return s;
  if (changed == 0) return MakeError(ErrorCode::kNotFound, "There is no journey named \"" + name + "\".", name);
  return OkStatus();
}

Result<std::vector<JourneyRow>> JourneyStore::ListJourneys(const std::string& search, const std::string& sort) {
  std::vector<JourneyRow> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    std::string order = sort == "status"
                            ? "CASE status WHEN 'draft' THEN 0 WHEN 'live' THEN 1 WHEN 'closed' THEN 2 "
                              "WHEN 'aborted' THEN 3 ELSE 4 END, name"
                            : "name";
    SQLite::Statement q(db, std::string("SELECT ") + kJourneyColumns +
                                " FROM journeys WHERE instr(lower(name), lower(?)) > 0 ORDER BY " + order);
    q.bind(1, search);
    while (q.executeStep()) out.push_back(ReadJourney(q));
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<int64_t> JourneyStore::EnterAccounts(const std::string& journey, const std::vector<std::string>& accounts,
                                            const std::string& node, int64_t now_ms) {
  int64_t entered = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement q(db,
                          "INSERT OR IGNORE INTO journey_entries(journey, account_id, node, state, due_ms, entered_ms, "
                          "updated_ms) VALUES (?, ?, ?, 'active', ?, ?, ?)");
      for (const auto& a : accounts) {
        q.reset();
        q.bind(1, journey);
        q.bind(2, a);
        q.bind(3, node);
        q.bind(4, now_ms);
        q.bind(5, now_ms);
        q.bind(6, now_ms);
        entered += q.exec();
      }
    });
  });
  if (!s.ok()) return s.error();
  return entered;
}

Result<std::vector<EntryRow>> JourneyStore::DueEntries(const std::string& journey, int64_t now_ms, int limit) {
  std::vector<EntryRow> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT id, journey, account_id, node, state, due_ms FROM journey_entries WHERE journey = ? "
                        "AND state = 'active' AND due_ms <= ? ORDER BY due_ms, id LIMIT ?");
    q.bind(1, journey);
    q.bind(2, now_ms);
    q.bind(3, limit);
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64()});
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Status JourneyStore::MoveEntry(int64_t id, const std::string& node, const std::string& state, int64_t due_ms,
                               int64_t now_ms) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE journey_entries SET node = ?, state = ?, due_ms = ?, updated_ms = ? WHERE id = ?");
    q.bind(1, node);
    q.bind(2, state);
    q.bind(3, due_ms);
    q.bind(4, now_ms);
    q.bind(5, id);
    q.exec();
  });
}

Status JourneyStore::StopJourney(const std::string& journey, int64_t now_ms) {
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement e(db,
                          "UPDATE journey_entries SET state = 'stopped', updated_ms = ? WHERE journey = ? AND state = "
                          "'active'");
      e.bind(1, now_ms);
      e.bind(2, journey);
      e.exec();
      SQLite::Statement j(db,
                          "UPDATE jobs SET state = 'cancelled', last_error = 'The journey was aborted.', updated_ms = ? "
                          "WHERE journey = ? AND state IN ('queued', 'paused')");
      j.bind(1, now_ms);
      j.bind(2, journey);
      j.exec();
    });
  });
}

Result<bool> JourneyStore::StopEntry(const std::string& journey, const std::string& account_id, int64_t now_ms) {
  int changed = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "UPDATE journey_entries SET state = 'stopped', updated_ms = ? WHERE journey = ? AND "
                        "account_id = ? AND state = 'active'");
    q.bind(1, now_ms);
    q.bind(2, journey);
    q.bind(3, account_id);
    changed = q.exec();
  });
  if (!s.ok()) return s.error();
  return changed > 0;
}

Result<EntryCounts> JourneyStore::CountEntries(const std::string& journey) {
  EntryCounts c;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT state, count(*) FROM journey_entries WHERE journey = ? GROUP BY state");
    q.bind(1, journey);
    while (q.executeStep()) {
      std::string st = q.getColumn(0).getString();
      int64_t n = q.getColumn(1).getInt64();
      if (st == "active") c.active = n;
      if (st == "finished") c.finished = n;
      if (st == "stopped") c.stopped = n;
    }
  });
  if (!s.ok()) return s.error();
  return c;
}

Result<int64_t> JourneyStore::EnqueueJobs(const std::vector<JobRow>& jobs) {
  int64_t added = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement q(db,
                          "INSERT OR IGNORE INTO jobs(key, journey, node, entry_id, subject, action, connection, "
                          "payload, state, next_attempt_ms, created_ms, updated_ms) VALUES "
                          "(?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)");
      for (const auto& j : jobs) {
        q.reset();
        q.bind(1, j.key);
        q.bind(2, j.journey);
        q.bind(3, j.node);
        q.bind(4, j.entry_id);
        q.bind(5, j.subject);
        q.bind(6, j.action);
        q.bind(7, j.connection);
        q.bind(8, j.payload.dump());
        q.bind(9, j.next_attempt_ms);
        q.bind(10, j.created_ms);
        q.bind(11, j.created_ms);
        added += q.exec();
      }
    });
  });
  if (!s.ok()) return s.error();
  return added;
}

Result<std::vector<JobRow>> JourneyStore::DueJobs(int64_t now_ms, int limit) {
  return QueryJobs(store_, "WHERE state = 'queued' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?",
                   [&](SQLite::Statement& q) {
                     q.bind(1, now_ms);
                     q.bind(2, limit);
                   });
}

Result<std::vector<JobRow>> JourneyStore::UnsettledJobs(int limit) {
  return QueryJobs(store_, "WHERE state IN ('in_flight', 'reconciling') ORDER BY id LIMIT ?",
                   [&](SQLite::Statement& q) { q.bind(1, limit); });
}

Status JourneyStore::MarkInFlight(const std::vector<int64_t>& ids, int64_t now_ms) {
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement q(db,
                          "UPDATE jobs SET state = 'in_flight', intent_ms = ?, attempts = attempts + 1, updated_ms = ? "
                          "WHERE id = ?");
      for (int64_t id : ids) {
        q.reset();
        q.bind(1, now_ms);
        q.bind(2, now_ms);
        q.bind(3, id);
        q.exec();
      }
    });
  });
}

Status JourneyStore::ApplyUpdates(const std::vector<JobUpdate>& updates, int64_t now_ms) {
  return store_->WithConnection([&](SQLite::Database& db) {
    InWriteTransaction(db, [&] {
      SQLite::Statement q(db,
                          "UPDATE jobs SET state = ?, outcome = ?, last_error = ?, next_attempt_ms = ?, updated_ms = ?, "
                          "attempts = attempts - ? WHERE id = ?");
      for (const auto& u : updates) {
        q.reset();
        q.bind(1, u.state);
        q.bind(2, u.outcome);
        q.bind(3, u.error);
        q.bind(4, u.next_attempt_ms);
        q.bind(5, now_ms);
        q.bind(6, u.count_attempt ? 0 : 1);
        q.bind(7, u.id);
        q.exec();
      }
    });
  });
}

Result<int64_t> JourneyStore::ResumeConnection(const std::string& connection, int64_t now_ms) {
  int64_t n = 0;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "UPDATE jobs SET state = 'queued', next_attempt_ms = ?, updated_ms = ? WHERE connection = ? AND "
                        "state = 'paused'");
    q.bind(1, now_ms);
    q.bind(2, now_ms);
    q.bind(3, connection);
    n = q.exec();
  });
  if (!s.ok()) return s.error();
  return n;
}

Result<std::optional<JobRow>> JourneyStore::GetJob(int64_t id) {
  auto rows = QueryJobs(store_, "WHERE id = ?", [&](SQLite::Statement& q) { q.bind(1, id); });
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<JobRow>();
  return std::optional<JobRow>(rows->front());
}

Result<std::vector<JobRow>> JourneyStore::ListJobs(const std::string& state, int limit) {
  return QueryJobs(store_, "WHERE (? = '' OR state = ?) ORDER BY id DESC LIMIT ?", [&](SQLite::Statement& q) {
    q.bind(1, state);
    q.bind(2, state);
    q.bind(3, limit);
  });
}

namespace {

Result<JobRow> Transition(JourneyStore* js, Store* store, int64_t id, int64_t now_ms, const std::string& to,
                          const std::vector<std::string>& from, const std::string& verb) {
  auto job = js->GetJob(id);
  if (!job.ok()) return job.error();
  if (!*job) return MakeError(ErrorCode::kNotFound, "There is no job " + std::to_string(id) + ".");
  bool allowed = false;
  for (const auto& f : from) allowed = allowed || (*job)->state == f;
  if (!allowed) {
    return MakeError(ErrorCode::kConflict, "Job " + std::to_string(id) + " is " + (*job)->state + "; only a job that is " +
                                               (from.size() == 2 ? from[0] + " or " + from[1] : from[0] + ", " + from[1] +
                                                                                                    " or " + from[2]) +
                                               " can be " + verb + ".");
  }
  Status s = store->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE jobs SET state = ?, next_attempt_ms = ?, updated_ms = ? WHERE id = ?");
    q.bind(1, to);
    q.bind(2, now_ms);
    q.bind(3, now_ms);
    q.bind(4, id);
    q.exec();
  });
  if (!s.ok()) return s.error();
  (*job)->state = to;
  return **job;
}

}  // namespace

Result<JobRow> JourneyStore::RetryJob(int64_t id, int64_t now_ms) {
  return Transition(this, store_, id, now_ms, "queued", {"dead", "cancelled"}, "retried");
}

Result<JobRow> JourneyStore::CancelJob(int64_t id, int64_t now_ms) {
  return Transition(this, store_, id, now_ms, "cancelled", {"queued", "paused", "dead"}, "cancelled");
}

Result<std::vector<std::tuple<std::string, std::string, std::string, int64_t>>> JourneyStore::CountJobs() {
  std::vector<std::tuple<std::string, std::string, std::string, int64_t>> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT action, connection, state, count(*) FROM jobs GROUP BY action, connection, state");
    while (q.executeStep()) {
      out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getInt64());
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::vector<AccountRecord>> JourneyStore::Accounts() {
  std::vector<AccountRecord> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT remote_id, connection, fields FROM source_records WHERE object = 'Account' AND "
                        "deleted_ms IS NULL ORDER BY remote_id");
    while (q.executeStep()) {
      AccountRecord a{q.getColumn(0).getString(), q.getColumn(1).getString(),
                      nlohmann::json::parse(q.getColumn(2).getString(), nullptr, false)};
      if (a.fields.is_discarded()) a.fields = nlohmann::json::object();
      out.push_back(std::move(a));
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::vector<AccountPerson>> JourneyStore::PeopleOfAccount(const std::string& account_id) {
  std::vector<AccountPerson> out;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT c.person_id, coalesce(p.email_norm, ''), c.fields, m.connection, m.remote_id "
                        "FROM source_records c JOIN people p ON p.id = c.person_id "
                        "LEFT JOIN source_records m ON m.person_id = c.person_id AND m.object = 'lead' AND "
                        "m.deleted_ms IS NULL "
                        "WHERE c.object = 'Contact' AND c.deleted_ms IS NULL AND "
                        "json_extract(c.fields, '$.AccountId') = ? ORDER BY c.person_id");
    q.bind(1, account_id);
    while (q.executeStep()) {
      int64_t pid = q.getColumn(0).getInt64();
      if (out.empty() || out.back().person_id != pid) {
        AccountPerson p;
        p.person_id = pid;
        p.email = q.getColumn(1).getString();
        p.fields = nlohmann::json::parse(q.getColumn(2).getString(), nullptr, false);
        if (p.fields.is_discarded()) p.fields = nlohmann::json::object();
        out.push_back(std::move(p));
      }
      if (!q.getColumn(3).isNull()) out.back().marketo_leads[q.getColumn(3).getString()] = q.getColumn(4).getString();
    }
  });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace salesync::store
