// InvitationStore: invitations and the writes that must happen together with them.
//
// InviteBatch() writes, for each new user, the user row, its team memberships, the invitation (only the
// SHA-256 hash of its token) and one queued invitation e-mail in the e-mail outbox, all in ONE transaction
// for the whole batch: a crash leaves either all of a batch or none of it, so no user is ever invited
// twice and no invited user lacks a queued e-mail. Users that already exist are skipped (or, when
// `resend` is set and they are still invited, given a fresh invitation that supersedes the old one).
// Accept() redeems a token hash: single use, until the expiry instant.
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

struct NewInvitation {
  std::string email;  // normalised
  std::string first_name;
  std::string last_name;
  std::string role;                // "admin" or "member"
  std::vector<std::string> teams;  // existing team names; "Everyone" is always added
  std::string token_hash;          // hex SHA-256 of the token; the token itself is never stored
  std::string nonce;               // what the token is derived from (see invites/invite_token.h)
  std::string message_id;          // Message-ID of the invitation e-mail, stable across retries
};

enum class InviteOutcome {
  kInvited,          // new user, invitation and e-mail queued
  kReinvited,        // resend: the pending invitation was superseded by a new one, e-mail queued
  kAlreadyInvited,   // skipped: invited before and not accepted yet (use resend)
  kAlreadyActive,    // skipped: the user exists and is active
  kDisabled,         // skipped: the user exists and is disabled
};

struct InviteResult {
  InviteOutcome outcome = InviteOutcome::kInvited;
  bool owner = false;          // this user became the owner (the first user ever invited)
  int64_t invitation_id = 0;   // for kInvited and kReinvited
};

enum class AcceptOutcome { kAccepted, kExpired, kUsed, kUnknown };

struct AcceptResult {
  AcceptOutcome outcome = AcceptOutcome::kUnknown;
  std::string email;  // only for kAccepted
};

struct InvitationForMail {
  int64_t invitation_id = 0;
  std::string state;  // "pending", "accepted" or "superseded"
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string nonce;
  std::string created_at;
  std::string expires_at;
};

class InvitationStore {
 public:
  explicit InvitationStore(Store* store) : store_(store) {}

  // One transaction for the whole batch; results are in the order of `batch`. On any failure nothing of
  // the batch is written and the error is returned. REQUIRES: e-mails in the batch are distinct.
  Result<std::vector<InviteResult>> InviteBatch(const std::vector<NewInvitation>& batch, bool resend,
                                                std::chrono::system_clock::time_point now,
                                                std::chrono::system_clock::time_point expires_at);

  // Redeems the invitation whose token hashes to `token_hash`: marks it accepted and the user active, in
  // one transaction. Expired, already used (or superseded) and unknown hashes change nothing.
  Result<AcceptResult> Accept(const std::string& token_hash, std::chrono::system_clock::time_point now);

  // What the invitation e-mail needs. kNotFound when the invitation no longer exists (user deleted).
  Result<InvitationForMail> ForMail(int64_t invitation_id);

 private:
  Store* store_;
};

}  // namespace salesync::store
