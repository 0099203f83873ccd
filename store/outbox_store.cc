#include "store/outbox_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sql_time.h"
#include "store/store.h"

namespace salesync::store {

namespace {

constexpr const char* kJobColumns =
    "id, kind, coalesce(invitation_id, 0), recipient, message_id, state, attempts, next_attempt_ms, last_error, "
    "created_at, coalesce(sent_at, '')";

OutboxJob ReadJob(SQLite::Statement& q) {
  OutboxJob j;
  j.id = q.getColumn(0).getInt64();
  j.kind = q.getColumn(1).getString();
  j.invitation_id = q.getColumn(2).getInt64();
  j.recipient = q.getColumn(3).getString();
  j.message_id = q.getColumn(4).getString();
  j.state = q.getColumn(5).getString();
  j.attempts = q.getColumn(6).getInt64();
  j.next_attempt_ms = q.getColumn(7).getInt64();
  j.last_error = q.getColumn(8).getString();
  j.created_at = q.getColumn(9).getString();
  j.sent_at = q.getColumn(10).getString();
  return j;
}

}  // namespace

Result<std::vector<OutboxJob>> OutboxStore::DueJobs(int64_t now_ms, int limit) {
  std::vector<OutboxJob> jobs;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kJobColumns +
                                " FROM email_outbox WHERE state = 'queued' AND next_attempt_ms <= ? ORDER BY "
                                "next_attempt_ms, id LIMIT ?");
    q.bind(1, now_ms);
    q.bind(2, limit);
    while (q.executeStep()) jobs.push_back(ReadJob(q));
  });
  if (!s.ok()) return s.error();
  return jobs;
}

Result<std::optional<int64_t>> OutboxStore::NextDueMs() {
  std::optional<int64_t> next;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT min(next_attempt_ms) FROM email_outbox WHERE state = 'queued'");
    if (q.executeStep() && !q.getColumn(0).isNull()) next = q.getColumn(0).getInt64();
  });
  if (!s.ok()) return s.error();
  return next;
}

Status OutboxStore::MarkSent(int64_t id, std::chrono::system_clock::time_point now) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "UPDATE email_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' "
                        "WHERE id = ?");
    q.bind(1, FormatSqlTime(now));
    q.bind(2, id);
    q.exec();
  });
}

Status OutboxStore::MarkRetry(int64_t id, int64_t attempts, int64_t next_attempt_ms, const std::string& error) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE email_outbox SET attempts = ?, next_attempt_ms = ?, last_error = ? WHERE id = ?");
    q.bind(1, attempts);
    q.bind(2, next_attempt_ms);
    q.bind(3, error);
    q.bind(4, id);
    q.exec();
  });
}

Status OutboxStore::MarkFailed(int64_t id, int64_t attempts, const std::string& error) {
  return store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE email_outbox SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?");
    q.bind(1, attempts);
    q.bind(2, error);
    q.bind(3, id);
    q.exec();
  });
}

Result<OutboxCounts> OutboxStore::Counts() {
  OutboxCounts c;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT state, count(*) FROM email_outbox GROUP BY state");
    while (q.executeStep()) {
      std::string state = q.getColumn(0).getString();
      int64_t n = q.getColumn(1).getInt64();
      if (state == "queued") c.queued = n;
      else if (state == "sent") c.sent = n;
      else if (state == "failed") c.failed = n;
    }
  });
  if (!s.ok()) return s.error();
  return c;
}

Result<std::vector<OutboxJob>> OutboxStore::List(int limit, const std::string& recipient) {
  std::vector<OutboxJob> jobs;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kJobColumns +
                                " FROM email_outbox WHERE (? = '' OR recipient = ?) ORDER BY id DESC LIMIT ?");
    q.bind(1, recipient);
    q.bind(2, recipient);
    q.bind(3, limit);
    while (q.executeStep()) jobs.push_back(ReadJob(q));
  });
  if (!s.ok()) return s.error();
  return jobs;
}

}  // namespace salesync::store
