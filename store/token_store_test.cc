#include "store/token_store.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

namespace salesync::store {
namespace {

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "/token_store_" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto s = Store::Open({dir + "/s.db"});
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    store_ = std::move(*s);
    tokens_ = std::make_unique<TokenStore>(store_.get());
  }
  std::unique_ptr<Store> store_;
  std::unique_ptr<TokenStore> tokens_;
};

TEST_F(TokenStoreTest, SavesAGrantAtomicallyAndKeepsOtherFields) {
  ConnectionStateRow st;
  st.connection = "sf";
  st.state = "connected";
  st.expires_at_ms = 1000;
  st.instance_url = "https://x";
  ASSERT_TRUE(tokens_->SaveGrant("sf", {{"access_token", {"A1", "k1"}}, {"refresh_token", {"R1", "k1"}}}, st).ok());
  st.expires_at_ms = 2000;
  ASSERT_TRUE(tokens_->SaveGrant("sf", {{"access_token", {"A2", "k1"}}}, st).ok());
  auto fields = tokens_->LoadFields("sf");
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(fields->at("access_token").sealed, "A2");
  EXPECT_EQ(fields->at("refresh_token").sealed, "R1");
  auto state = tokens_->LoadState("sf");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ(state->value().state, "connected");
  EXPECT_EQ(state->value().expires_at_ms, 2000);
}

TEST_F(TokenStoreTest, BinarySealedValuesRoundTrip) {
  std::string bin("\x00\x01\xff\x00zz", 6);
  ConnectionStateRow st;
  st.connection = "m";
  st.state = "connected";
  ASSERT_TRUE(tokens_->SaveGrant("m", {{"access_token", {bin, "k"}}}, st).ok());
  EXPECT_EQ(tokens_->LoadFields("m")->at("access_token").sealed, bin);
}

TEST_F(TokenStoreTest, ForgetDeletesSecretsAndMarksNotConnected) {
  ConnectionStateRow st;
  st.connection = "sf";
  st.state = "connected";
  ASSERT_TRUE(tokens_->SaveGrant("sf", {{"access_token", {"A", "k"}}}, st).ok());
  ASSERT_TRUE(tokens_->Forget("sf").ok());
  EXPECT_TRUE(tokens_->LoadFields("sf")->empty());
  EXPECT_EQ(tokens_->LoadState("sf")->value().state, "not_connected");
}

TEST_F(TokenStoreTest, ResealIsAllOrNothing) {
  ConnectionStateRow st;
  st.connection = "a";
  st.state = "connected";
  ASSERT_TRUE(tokens_->SaveGrant("a", {{"access_token", {"A", "old"}}, {"refresh_token", {"R", "old"}}}, st).ok());
  int calls = 0;
  Status failed = tokens_->Reseal([&](const std::string&, const std::string&, const std::string& sealed) -> Result<SealedField> {
    if (++calls == 2) return MakeError(ErrorCode::kPermanent, "cannot open");
    return SealedField{sealed + "'", "new"};
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(tokens_->LoadFields("a")->at("access_token").key_id, "old");
  Status ok = tokens_->Reseal([](const std::string&, const std::string&, const std::string& sealed) -> Result<SealedField> {
    return SealedField{sealed + "'", "new"};
  });
  ASSERT_TRUE(ok.ok());
  auto fields = tokens_->LoadFields("a");
  EXPECT_EQ(fields->at("access_token").sealed, "A'");
  EXPECT_EQ(fields->at("refresh_token").key_id, "new");
}

TEST_F(TokenStoreTest, StateCheckConstraintRejectsUnknownStates) {
  ConnectionStateRow st;
  st.connection = "x";
  st.state = "confused";
  EXPECT_FALSE(tokens_->SetState(st).ok());
}

}  // namespace
}  // namespace salesync::store
