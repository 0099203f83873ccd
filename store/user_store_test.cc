#include "store/user_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/invitation_store.h"
#include "store/store_test_util.h"

namespace salesync::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

NewInvitation Invite(const std::string& email, std::vector<std::string> teams = {}) {
  return {email, "First", "Last", "member", std::move(teams), "hash-" + email, "nonce-" + email, "<" + email + ".id@x>"};
}

class UserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
    users_ = std::make_unique<UserStore>(store_.get());
    invitations_ = std::make_unique<InvitationStore>(store_.get());
  }
  void InviteAll(const std::vector<NewInvitation>& batch) {
    auto r = invitations_->InviteBatch(batch, false, kNow, kNow + std::chrono::hours(1));
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<InvitationStore> invitations_;
};

TEST_F(UserStoreTest, EveryoneExistsFromTheStart) {
  auto teams = users_->ListTeams();
  ASSERT_TRUE(teams.ok());
  ASSERT_EQ(teams->size(), 1u);
  EXPECT_EQ((*teams)[0].name, "Everyone");
  EXPECT_EQ((*teams)[0].member_count, 0);
}

TEST_F(UserStoreTest, TeamsAreUniqueIgnoringCase) {
  ASSERT_TRUE(users_->CreateTeam("Sales", kNow).ok());
  Status again = users_->CreateTeam("sales", kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_THAT(*users_->TeamNames(), ElementsAre("Everyone", "Sales"));
}

TEST_F(UserStoreTest, MembershipAddAndRemove) {
  ASSERT_TRUE(users_->CreateTeam("Sales", kNow).ok());
  InviteAll({Invite("a@example.com")});
  ASSERT_TRUE(users_->AddMember("sales", "a@example.com").ok());
  ASSERT_TRUE(users_->AddMember("Sales", "a@example.com").ok());  // twice is fine
  EXPECT_THAT(users_->GetUser("a@example.com")->teams, ElementsAre("Everyone", "Sales"));
  ASSERT_TRUE(users_->RemoveMember("Sales", "a@example.com").ok());
  EXPECT_THAT(users_->GetUser("a@example.com")->teams, ElementsAre("Everyone"));

  Status again = users_->RemoveMember("Sales", "a@example.com");
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  Status everyone = users_->RemoveMember("Everyone", "a@example.com");
  EXPECT_EQ(everyone.error().code, ErrorCode::kConflict);
  Status no_team = users_->AddMember("Nope", "a@example.com");
  EXPECT_EQ(no_team.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(no_team.error().message, HasSubstr("salesyncctl teams create \"Nope\""));
  EXPECT_EQ(users_->AddMember("Sales", "b@example.com").error().code, ErrorCode::kNotFound);
}

TEST_F(UserStoreTest, FirstInvitedUserIsTheOwnerAndOwnershipMoves) {
  InviteAll({Invite("first@example.com"), Invite("second@example.com")});
  auto owner = users_->Owner();
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(owner->has_value());
  EXPECT_EQ((*owner)->email, "first@example.com");
  InviteAll({Invite("third@example.com")});
  EXPECT_EQ((*users_->Owner())->email, "first@example.com");

  ASSERT_TRUE(users_->TransferOwner("third@example.com", kNow).ok());
  EXPECT_EQ((*users_->Owner())->email, "third@example.com");
  EXPECT_FALSE(users_->GetUser("first@example.com")->owner);
  EXPECT_EQ(users_->TransferOwner("nobody@example.com", kNow).error().code, ErrorCode::kNotFound);
}

TEST_F(UserStoreTest, DisableEnableAndDelete) {
  InviteAll({Invite("a@example.com"), Invite("b@example.com")});
  // An invited user is activated only by the invitation link.
  EXPECT_EQ(users_->SetState("a@example.com", "active", kNow).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(users_->SetState("a@example.com", "disabled", kNow).ok());
  auto a = users_->GetUser("a@example.com");
  EXPECT_EQ(a->state, "disabled");
  EXPECT_FALSE(a->disabled_at.empty());
  // Enabling a user who never accepted the invitation makes it invited again.
  ASSERT_TRUE(users_->SetState("a@example.com", "active", kNow).ok());
  EXPECT_EQ(users_->GetUser("a@example.com")->state, "invited");
  EXPECT_TRUE(users_->GetUser("a@example.com")->disabled_at.empty());
  // A disabled user cannot become the owner.
  ASSERT_TRUE(users_->SetState("b@example.com", "disabled", kNow).ok());
  EXPECT_EQ(users_->TransferOwner("b@example.com", kNow).error().code, ErrorCode::kConflict);

  ASSERT_TRUE(users_->DeleteUser("b@example.com").ok());
  EXPECT_EQ(users_->GetUser("b@example.com").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(users_->DeleteUser("b@example.com").error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*users_->ListTeams())[0].member_count, 1);
  auto states = users_->UserStates();
  ASSERT_TRUE(states.ok());
  EXPECT_EQ(states->size(), 1u);
  EXPECT_EQ(states->at("a@example.com"), "invited");
}

}  // namespace
}  // namespace salesync::store
