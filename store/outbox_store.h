// OutboxStore: the e-mail outbox, a queue of e-mails in SQLite that the mail::OutboxWorker drains.
//
// Jobs are written by other repositories inside their own transactions (InvitationStore writes one per
// invitation), so a job exists exactly when the thing it announces does. A job is "queued" until it is
// "sent" or "failed" (a permanent rejection, or too many attempts); a queued job is due at
// next_attempt_ms. A job carries what identifies the message (kind, invitation, Message-ID); the
// content is rendered when it is sent, so no secret (an invitation token) is ever stored in the outbox.
// Thread-safety: all methods are thread-safe (the Store serialises access).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace salesync::store {

class Store;

struct OutboxJob {
  int64_t id = 0;
  std::string kind;  // "invitation"
  int64_t invitation_id = 0;
  std::string recipient;
  std::string message_id;  // "<...@...>", fixed when the job is queued
  std::string state;       // "queued", "sent" or "failed"
  int64_t attempts = 0;
  int64_t next_attempt_ms = 0;
  std::string last_error;
  std::string created_at;
  std::string sent_at;
};

struct OutboxCounts {
  int64_t queued = 0;
  int64_t sent = 0;
  int64_t failed = 0;
};

class OutboxStore {
 public:
  explicit OutboxStore(Store* store) : store_(store) {}

  // Up to `limit` queued jobs due at `now_ms`, oldest due first.
  Result<std::vector<OutboxJob>> DueJobs(int64_t now_ms, int limit);
  // When the earliest queued job is due; nullopt when nothing is queued.
  Result<std::optional<int64_t>> NextDueMs();

  Status MarkSent(int64_t id, std::chrono::system_clock::time_point now);
  // Records a failed attempt and when to try again.
  Status MarkRetry(int64_t id, int64_t attempts, int64_t next_attempt_ms, const std::string& error);
  // Gives up: the job stays as a record with the reason (the server's words for a 5xx).
  Status MarkFailed(int64_t id, int64_t attempts, const std::string& error);

  Result<OutboxCounts> Counts();
  // The newest jobs first, at most `limit`; `recipient` filters when not empty.
  Result<std::vector<OutboxJob>> List(int limit, const std::string& recipient = "");

 private:
  Store* store_;
};

}  // namespace salesync::store
