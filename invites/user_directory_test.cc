#include "invites/user_directory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "invites/invite_service.h"
#include "store/store_test_util.h"

namespace salesync::invites {
namespace {

using ::testing::HasSubstr;

// Records which owners were asked about and answers from a table, like the sync engine will.
class FakeSyncs {
 public:
  std::map<std::string, std::vector<std::string>> syncs_by_owner;
  std::vector<std::string> asked;
  SyncsUnderUser AsCallable() {
    return [this](const std::string& owner) {
      asked.push_back(owner);
      auto it = syncs_by_owner.find(owner);
      return it == syncs_by_owner.end() ? std::vector<std::string>{} : it->second;
    };
  }
};

class UserDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
    directory_ = std::make_unique<UserDirectory>(store_.get(), syncs_.AsCallable(), [this] { return now_; });
    InviteService service(store_.get(), &tokens_, {}, [this] { return now_; }, &metrics_, nullptr);
    ASSERT_TRUE(service.InviteEmails({"owner@example.com", "second@example.com"}, {}).ok());
  }

  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  std::unique_ptr<store::Store> store_;
  InviteTokens tokens_{Secret("0123456789abcdef0123456789abcdef")};
  MetricsRegistry metrics_;
  FakeSyncs syncs_;
  std::unique_ptr<UserDirectory> directory_;
};

TEST_F(UserDirectoryTest, Issue7OwnerCannotBeDeletedOrDisabledWhileASyncRunsUnderIt) {
  syncs_.syncs_by_owner["owner@example.com"] = {"marketo-to-salesforce"};
  Status del = directory_->Delete("Owner@Example.com");
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code, ErrorCode::kConflict);
  EXPECT_EQ(del.error().message,
            "Cannot delete owner@example.com: it is the owner, and the sync \"marketo-to-salesforce\" runs under it. "
            "Hand ownership to another user first: salesyncctl users transfer-owner EMAIL");
  Status disable = directory_->Disable("owner@example.com");
  ASSERT_FALSE(disable.ok());
  EXPECT_THAT(disable.error().message, HasSubstr("Cannot disable owner@example.com"));
  EXPECT_EQ(directory_->Get("owner@example.com")->state, "invited");

  syncs_.syncs_by_owner["owner@example.com"] = {"a", "b"};
  EXPECT_THAT(directory_->Delete("owner@example.com").error().message, HasSubstr("the syncs \"a\", \"b\" run under it"));

  // Other users are not the sync engine's business.
  ASSERT_TRUE(directory_->Disable("second@example.com").ok());
  EXPECT_THAT(syncs_.asked, ::testing::Each("owner@example.com"));

  // After a transfer the old owner can go, and the new one is protected.
  ASSERT_TRUE(directory_->Enable("second@example.com").ok());
  ASSERT_TRUE(directory_->TransferOwner("second@example.com").ok());
  syncs_.syncs_by_owner["second@example.com"] = {"marketo-to-salesforce"};
  EXPECT_TRUE(directory_->Delete("owner@example.com").ok());
  EXPECT_FALSE(directory_->Delete("second@example.com").ok());
}

TEST_F(UserDirectoryTest, OwnerWithoutSyncsCanBeDisabled) {
  EXPECT_TRUE(directory_->Disable("owner@example.com").ok());
  EXPECT_EQ(directory_->Get("owner@example.com")->state, "disabled");
}

TEST_F(UserDirectoryTest, TeamsAndValidation) {
  EXPECT_TRUE(directory_->CreateTeam("Sales NL").ok());
  EXPECT_TRUE(directory_->CreateTeam("영업팀").ok());
  for (const char* bad : {"", " lead", "a/b", "a,b", "x\x01", "\xFF"}) {
    EXPECT_EQ(directory_->CreateTeam(bad).error().code, ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(directory_->AddMembers("sales nl", {"OWNER@example.com", "second@example.com"}).ok());
  auto teams = directory_->ListTeams();
  ASSERT_EQ(teams->size(), 3u);
  EXPECT_EQ((*teams)[1].name, "Sales NL");
  EXPECT_EQ((*teams)[1].member_count, 2);
  EXPECT_TRUE(directory_->RemoveMember("Sales NL", "second@example.com").ok());
  EXPECT_EQ(directory_->AddMembers("Sales NL", {"not an address"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(directory_->Get("ghost@example.com").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace salesync::invites
