#include "store/invitation_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <map>

#include "store/sql_time.h"
#include "store/store.h"
#include "store/user_store.h"

namespace salesync::store {

Result<std::vector<InviteResult>> InvitationStore::InviteBatch(const std::vector<NewInvitation>& batch, bool resend,
                                                               std::chrono::system_clock::time_point now,
                                                               std::chrono::system_clock::time_point expires_at) {
  std::vector<InviteResult> results;
  std::optional<Error> error;
  const std::string ts = FormatSqlTime(now);
  const std::string expires = FormatSqlTime(expires_at);
  const int64_t now_ms = UnixMillis(now);
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    results.clear();
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);

    std::map<std::string, int64_t> team_ids;  // as the caller spelled them
    SQLite::Statement team(db, "SELECT id FROM teams WHERE name = ?");
    auto team_id = [&](const std::string& name) -> std::optional<int64_t> {
      if (auto it = team_ids.find(name); it != team_ids.end()) return it->second;
      team.reset();
      team.bind(1, name);
      if (!team.executeStep()) return std::nullopt;
      int64_t id = team.getColumn(0).getInt64();
      team_ids.emplace(name, id);
      return id;
    };
    if (!team_id(kEveryoneTeam)) throw SQLite::Exception("the team \"Everyone\" is missing");

    bool has_owner = db.execAndGet("SELECT count(*) FROM users WHERE is_owner = 1").getInt() > 0;
    SQLite::Statement find(db, "SELECT id, state FROM users WHERE email = ?");
    SQLite::Statement add_user(db,
                               "INSERT INTO users(email, first_name, last_name, role, state, is_owner, created_at, "
                               "updated_at) VALUES (?, ?, ?, ?, 'invited', ?, ?, ?)");
    SQLite::Statement add_member(db, "INSERT OR IGNORE INTO team_members(team_id, user_id) VALUES (?, ?)");
    SQLite::Statement drop_queued(db,
                                  "DELETE FROM email_outbox WHERE state = 'queued' AND invitation_id IN (SELECT id "
                                  "FROM invitations WHERE user_id = ? AND state = 'pending')");
    SQLite::Statement supersede(db, "UPDATE invitations SET state = 'superseded' WHERE user_id = ? AND state = 'pending'");
    SQLite::Statement add_invitation(db,
                                     "INSERT INTO invitations(user_id, token_hash, nonce, state, created_at, expires_at) "
                                     "VALUES (?, ?, ?, 'pending', ?, ?)");
    SQLite::Statement add_mail(db,
                               "INSERT INTO email_outbox(kind, invitation_id, recipient, message_id, state, attempts, "
                               "next_attempt_ms, created_at) VALUES ('invitation', ?, ?, ?, 'queued', 0, ?, ?)");

    for (const NewInvitation& n : batch) {
      InviteResult r;
      find.reset();
      find.bind(1, n.email);
      int64_t user_id = 0;
      if (find.executeStep()) {
        user_id = find.getColumn(0).getInt64();
        std::string state = find.getColumn(1).getString();
        if (state == "active") r.outcome = InviteOutcome::kAlreadyActive;
        else if (state == "disabled") r.outcome = InviteOutcome::kDisabled;
        else r.outcome = resend ? InviteOutcome::kReinvited : InviteOutcome::kAlreadyInvited;
        if (r.outcome != InviteOutcome::kReinvited) {
          results.push_back(r);
          continue;
        }
        drop_queued.reset();
        drop_queued.bind(1, user_id);
        drop_queued.exec();
        supersede.reset();
        supersede.bind(1, user_id);
        supersede.exec();
      } else {
        std::vector<int64_t> teams = {*team_id(kEveryoneTeam)};
        for (const std::string& t : n.teams) {
          auto id = team_id(t);
          if (!id) {
            error = MakeError(ErrorCode::kInvalidArgument,
                              "There is no team \"" + t + "\". Create it with: salesyncctl teams create \"" + t + "\"",
                              n.email);
            return;  // the transaction rolls back
          }
          teams.push_back(*id);
        }
        r.owner = !has_owner;
        has_owner = true;
        add_user.reset();
        add_user.bind(1, n.email);
        add_user.bind(2, n.first_name);
        add_user.bind(3, n.last_name);
        add_user.bind(4, n.role.empty() ? std::string("member") : n.role);
        add_user.bind(5, r.owner ? 1 : 0);
        add_user.bind(6, ts);
        add_user.bind(7, ts);
        add_user.exec();
        user_id = db.getLastInsertRowid();
        for (int64_t t : teams) {
          add_member.reset();
          add_member.bind(1, t);
          add_member.bind(2, user_id);
          add_member.exec();
        }
      }
      add_invitation.reset();
      add_invitation.bind(1, user_id);
      add_invitation.bind(2, n.token_hash);
      add_invitation.bind(3, n.nonce);
      add_invitation.bind(4, ts);
      add_invitation.bind(5, expires);
      add_invitation.exec();
      r.invitation_id = db.getLastInsertRowid();
      add_mail.reset();
      add_mail.bind(1, r.invitation_id);
      add_mail.bind(2, n.email);
      add_mail.bind(3, n.message_id);
      add_mail.bind(4, now_ms);
      add_mail.bind(5, ts);
      add_mail.exec();
      results.push_back(r);
    }
    tx.commit();
  });
  if (!s.ok()) return s.error();
  if (error) return *error;
  return results;
}

Result<AcceptResult> InvitationStore::Accept(const std::string& token_hash, std::chrono::system_clock::time_point now) {
  AcceptResult result;
  const std::string ts = FormatSqlTime(now);
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db,
                        "SELECT i.id, i.state, i.expires_at, u.id, u.email, u.state FROM invitations i JOIN users u "
                        "ON u.id = i.user_id WHERE i.token_hash = ?");
    q.bind(1, token_hash);
    if (!q.executeStep()) {
      result.outcome = AcceptOutcome::kUnknown;
      return;
    }
    int64_t invitation_id = q.getColumn(0).getInt64();
    std::string state = q.getColumn(1).getString();
    std::string expires_at = q.getColumn(2).getString();
    int64_t user_id = q.getColumn(3).getInt64();
    std::string email = q.getColumn(4).getString();
    std::string user_state = q.getColumn(5).getString();
    q.reset();
    if (state != "pending") {
      result.outcome = AcceptOutcome::kUsed;
      return;
    }
    if (ts >= expires_at) {
      result.outcome = AcceptOutcome::kExpired;
      return;
    }
    if (user_state == "disabled") {
      // A disabled user's link must not say more than an unknown one.
      result.outcome = AcceptOutcome::kUnknown;
      return;
    }
    SQLite::Statement use(db, "UPDATE invitations SET state = 'accepted', accepted_at = ? WHERE id = ?");
    use.bind(1, ts);
    use.bind(2, invitation_id);
    use.exec();
    SQLite::Statement activate(db,
                               "UPDATE users SET state = 'active', activated_at = ?, updated_at = ? WHERE id = ? AND "
                               "state = 'invited'");
    activate.bind(1, ts);
    activate.bind(2, ts);
    activate.bind(3, user_id);
    activate.exec();
    tx.commit();
    result.outcome = AcceptOutcome::kAccepted;
    result.email = email;
  });
  if (!s.ok()) return s.error();
  return result;
}

Result<InvitationForMail> InvitationStore::ForMail(int64_t invitation_id) {
  std::optional<InvitationForMail> found;
  Status s = store_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT i.id, i.state, u.email, u.first_name, u.last_name, i.nonce, i.created_at, i.expires_at "
                        "FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.id = ?");
    q.bind(1, invitation_id);
    if (!q.executeStep()) return;
    found = InvitationForMail{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                              q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                              q.getColumn(6).getString(), q.getColumn(7).getString()};
  });
  if (!s.ok()) return s.error();
  if (!found) {
    return MakeError(ErrorCode::kNotFound, "Invitation " + std::to_string(invitation_id) + " no longer exists.");
  }
  return *found;
}

}  // namespace salesync::store
