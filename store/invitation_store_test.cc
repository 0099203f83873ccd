#include "store/invitation_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/outbox_store.h"
#include "store/store_test_util.h"
#include "store/user_store.h"

namespace salesync::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using std::chrono::hours;

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

NewInvitation Invite(const std::string& email, std::vector<std::string> teams = {}, const std::string& tag = "") {
  return {email, "Ann", "Lee", "member", std::move(teams), "hash-" + email + tag, "nonce-" + email + tag,
          "<" + email + tag + ".id@x>"};
}

class InvitationStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
  }
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(store_->WithConnection([&](SQLite::Database& db) { n = db.execAndGet(sql).getInt64(); }).ok());
    return n;
  }

  std::unique_ptr<Store> store_;
  InvitationStore invitations_{nullptr};
  UserStore users_{nullptr};
  OutboxStore outbox_{nullptr};
  void Bind() {
    invitations_ = InvitationStore(store_.get());
    users_ = UserStore(store_.get());
    outbox_ = OutboxStore(store_.get());
  }
};

TEST_F(InvitationStoreTest, InvitesWriteUserMembershipsInvitationAndOneQueuedMail) {
  Bind();
  ASSERT_TRUE(users_.CreateTeam("Sales", kNow).ok());
  auto r = invitations_.InviteBatch({Invite("a@example.com", {"sales"}), Invite("b@example.com")}, false, kNow,
                                    kNow + hours(168));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].outcome, InviteOutcome::kInvited);
  EXPECT_TRUE((*r)[0].owner);
  EXPECT_FALSE((*r)[1].owner);
  EXPECT_THAT(users_.GetUser("a@example.com")->teams, ElementsAre("Everyone", "Sales"));
  EXPECT_THAT(users_.GetUser("b@example.com")->teams, ElementsAre("Everyone"));
  EXPECT_EQ(users_.GetUser("a@example.com")->state, "invited");
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE state = 'pending'"), 2);
  auto jobs = outbox_.DueJobs(INT64_MAX, 10);
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ((*jobs)[0].recipient, "a@example.com");
  EXPECT_EQ((*jobs)[0].invitation_id, (*r)[0].invitation_id);
  EXPECT_EQ((*jobs)[0].message_id, "<a@example.com.id@x>");
  // Only the hash is stored.
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE token_hash = 'hash-a@example.com'"), 1);
}

TEST_F(InvitationStoreTest, ReinvitingSkipsExistingUsersUnlessResendIsAsked) {
  Bind();
  ASSERT_TRUE(invitations_.InviteBatch({Invite("a@example.com")}, false, kNow, kNow + hours(1)).ok());
  auto again = invitations_.InviteBatch({Invite("a@example.com", {}, "2")}, false, kNow, kNow + hours(1));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].outcome, InviteOutcome::kAlreadyInvited);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM email_outbox"), 1);

  auto resent = invitations_.InviteBatch({Invite("a@example.com", {}, "3")}, true, kNow, kNow + hours(1));
  ASSERT_TRUE(resent.ok());
  EXPECT_EQ((*resent)[0].outcome, InviteOutcome::kReinvited);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE state = 'pending'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE state = 'superseded'"), 1);
  // The never-sent e-mail of the superseded invitation is replaced, not sent as well.
  EXPECT_EQ(Count("SELECT count(*) FROM email_outbox"), 1);
  EXPECT_EQ((*outbox_.DueJobs(INT64_MAX, 10))[0].message_id, "<a@example.com3.id@x>");
  // The superseded link no longer works.
  EXPECT_EQ(invitations_.Accept("hash-a@example.com", kNow)->outcome, AcceptOutcome::kUsed);
  EXPECT_EQ(invitations_.Accept("hash-a@example.com3", kNow)->outcome, AcceptOutcome::kAccepted);

  auto active = invitations_.InviteBatch({Invite("a@example.com", {}, "4")}, true, kNow, kNow + hours(1));
  EXPECT_EQ((*active)[0].outcome, InviteOutcome::kAlreadyActive);
  ASSERT_TRUE(users_.SetState("a@example.com", "disabled", kNow).ok());
  auto disabled = invitations_.InviteBatch({Invite("a@example.com", {}, "5")}, true, kNow, kNow + hours(1));
  EXPECT_EQ((*disabled)[0].outcome, InviteOutcome::kDisabled);
}

// Issue 7: the user row and its e-mail job are written in one transaction. A failure between the two
// (simulated by a trigger that aborts the e-mail insert for one recipient) leaves nothing of the batch.
TEST_F(InvitationStoreTest, Issue7FailureBetweenUserRowAndMailJobLeavesNoPartialState) {
  Bind();
  ASSERT_TRUE(store_->WithConnection([](SQLite::Database& db) {
    db.exec("CREATE TRIGGER crash BEFORE INSERT ON email_outbox WHEN NEW.recipient = 'c@example.com' "
            "BEGIN SELECT RAISE(ABORT, 'simulated crash'); END");
  }).ok());
  auto r = invitations_.InviteBatch({Invite("a@example.com"), Invite("b@example.com"), Invite("c@example.com")},
                                    false, kNow, kNow + hours(1));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("simulated crash"));
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM team_members"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM invitations"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM email_outbox"), 0);

  // After "restart" the same batch goes through once, and every invited user has exactly one e-mail.
  ASSERT_TRUE(store_->WithConnection([](SQLite::Database& db) { db.exec("DROP TRIGGER crash"); }).ok());
  ASSERT_TRUE(invitations_.InviteBatch({Invite("a@example.com"), Invite("b@example.com"), Invite("c@example.com")},
                                       false, kNow, kNow + hours(1)).ok());
  ASSERT_TRUE(invitations_.InviteBatch({Invite("a@example.com", {}, "x"), Invite("c@example.com", {}, "x")}, false,
                                       kNow, kNow + hours(1)).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM users u WHERE (SELECT count(*) FROM email_outbox o JOIN invitations i ON "
                  "i.id = o.invitation_id WHERE i.user_id = u.id) <> 1"),
            0);
}

TEST_F(InvitationStoreTest, UnknownTeamRollsBackTheBatch) {
  Bind();
  auto r = invitations_.InviteBatch({Invite("a@example.com"), Invite("b@example.com", {"Ghosts"})}, false, kNow,
                                    kNow + hours(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 0);
}

TEST_F(InvitationStoreTest, AcceptIsSingleUseAndExpires) {
  Bind();
  ASSERT_TRUE(invitations_.InviteBatch({Invite("a@example.com"), Invite("b@example.com")}, false, kNow,
                                       kNow + hours(168)).ok());
  auto ok = invitations_.Accept("hash-a@example.com", kNow + hours(1));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->outcome, AcceptOutcome::kAccepted);
  EXPECT_EQ(ok->email, "a@example.com");
  EXPECT_EQ(users_.GetUser("a@example.com")->state, "active");
  EXPECT_FALSE(users_.GetUser("a@example.com")->activated_at.empty());

  auto used = invitations_.Accept("hash-a@example.com", kNow + hours(2));
  EXPECT_EQ(used->outcome, AcceptOutcome::kUsed);
  EXPECT_TRUE(used->email.empty());
  EXPECT_EQ(invitations_.Accept("no-such-hash", kNow)->outcome, AcceptOutcome::kUnknown);

  auto expired = invitations_.Accept("hash-b@example.com", kNow + hours(168));
  EXPECT_EQ(expired->outcome, AcceptOutcome::kExpired);
  EXPECT_EQ(users_.GetUser("b@example.com")->state, "invited");
}

TEST_F(InvitationStoreTest, DisabledUsersLinkLooksUnknown) {
  Bind();
  ASSERT_TRUE(invitations_.InviteBatch({Invite("a@example.com")}, false, kNow, kNow + hours(1)).ok());
  ASSERT_TRUE(users_.SetState("a@example.com", "disabled", kNow).ok());
  EXPECT_EQ(invitations_.Accept("hash-a@example.com", kNow)->outcome, AcceptOutcome::kUnknown);
  EXPECT_EQ(users_.GetUser("a@example.com")->state, "disabled");
}

TEST_F(InvitationStoreTest, ForMailAndDeletionCascade) {
  Bind();
  auto r = invitations_.InviteBatch({Invite("a@example.com")}, false, kNow, kNow + hours(1));
  ASSERT_TRUE(r.ok());
  auto mail = invitations_.ForMail((*r)[0].invitation_id);
  ASSERT_TRUE(mail.ok());
  EXPECT_EQ(mail->email, "a@example.com");
  EXPECT_EQ(mail->first_name, "Ann");
  EXPECT_EQ(mail->nonce, "nonce-a@example.com");
  EXPECT_EQ(mail->state, "pending");
  ASSERT_TRUE(users_.DeleteUser("a@example.com").ok());
  EXPECT_EQ(invitations_.ForMail((*r)[0].invitation_id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM email_outbox"), 0);
}

}  // namespace
}  // namespace salesync::store
