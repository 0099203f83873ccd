#include "store/journey_store.h"

#include <gtest/gtest.h>

#include "store/store_test_util.h"
#include "store/sync_store.h"

namespace salesync::store {
namespace {

class JourneyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenFreshStore(std::string("journeys_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(db_, nullptr);
    js_ = std::make_unique<JourneyStore>(db_.get());
  }

  JobRow Job(const std::string& key) {
    JobRow j;
    j.key = key;
    j.journey = "j";
    j.node = "n1";
    j.entry_id = 1;
    j.subject = key;
    j.action = "marketo_add_to_list";
    j.connection = "mkto";
    j.created_ms = 10;
    return j;
  }

  std::unique_ptr<Store> db_;
  std::unique_ptr<JourneyStore> js_;
};

TEST_F(JourneyStoreTest, JourneysAreUniqueSearchableAndSortedByStatus) {
  JourneyRow a{"Onboarding", "live", "d", {{"k", 1}}, "admin", 1, "admin", 1, "", std::nullopt};
  JourneyRow b{"Winback", "draft", "", nlohmann::json::object(), "admin", 2, "admin", 2, "", std::nullopt};
  ASSERT_TRUE(js_->CreateJourney(a).ok());
  ASSERT_TRUE(js_->CreateJourney(b).ok());
  auto dup = js_->CreateJourney(a);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto by_status = js_->ListJourneys("", "status");
  ASSERT_TRUE(by_status.ok());
  ASSERT_EQ(by_status->size(), 2u);
  EXPECT_EQ((*by_status)[0].name, "Winback");  // draft before live
  auto found = js_->ListJourneys("BOARD", "");
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].document["k"], 1);
  EXPECT_EQ(js_->GetJourney("nope").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(js_->DeleteJourney("Winback").ok());
  EXPECT_EQ(js_->DeleteJourney("Winback").error().code, ErrorCode::kNotFound);
}

TEST_F(JourneyStoreTest, EnqueueIsIdempotentOnTheKeyAndJobsFollowTheirStateMachine) {
  EXPECT_EQ(*js_->EnqueueJobs({Job("a"), Job("b")}), 2);
  EXPECT_EQ(*js_->EnqueueJobs({Job("a"), Job("c")}), 1);
  auto due = js_->DueJobs(100, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 3u);
  ASSERT_TRUE(js_->MarkInFlight({(*due)[0].id}, 50).ok());
  auto unsettled = js_->UnsettledJobs(10);
  ASSERT_EQ(unsettled->size(), 1u);
  EXPECT_EQ(*(*unsettled)[0].intent_ms, 50);
  ASSERT_TRUE(js_->ApplyUpdates({{(*due)[0].id, "dead", "", "1004 Lead not found", 0, true}}, 60).ok());
  EXPECT_EQ(js_->CancelJob((*due)[1].id, 70)->state, "cancelled");
  EXPECT_EQ(js_->CancelJob((*due)[1].id, 70).error().code, ErrorCode::kConflict);
  EXPECT_EQ(js_->RetryJob((*due)[0].id, 80)->state, "queued");
  EXPECT_EQ(js_->RetryJob((*due)[2].id, 80).error().code, ErrorCode::kConflict);  // queued
  EXPECT_EQ(js_->RetryJob(999, 80).error().code, ErrorCode::kNotFound);
  auto counts = js_->CountJobs();
  ASSERT_TRUE(counts.ok());
  int64_t total = 0;
  for (const auto& c : *counts) total += std::get<3>(c);
  EXPECT_EQ(total, 3);
}

TEST_F(JourneyStoreTest, EntriesEnterOnceAndPeopleOfAnAccountComeFromContactsWithTheirLeads) {
  SyncStore sync(db_.get());
  PageCommit sf{"s", "Account", "sf", {{"Account", "001A", 1, false, 0, {{"Id", "001A"}, {"Name", "Acme"}}}},
                std::nullopt, {}, 1};
  ASSERT_TRUE(sync.CommitPage(sf).ok());
  PageCommit contacts{"s", "Contact", "sf",
                      {{"Contact", "003X", 1, false, 0, {{"Id", "003X"}, {"Email", "x@acme.test"}, {"AccountId", "001A"}}}},
                      std::nullopt, {}, 1};
  ASSERT_TRUE(sync.CommitPage(contacts).ok());
  PageCommit leads{"m", "leads", "mkto",
                   {{"lead", "17", 1, false, 0, {{"id", 17}, {"email", "x@acme.test"}, {"sfdcContactId", "003X"}}}},
                   std::nullopt, {}, 1};
  ASSERT_TRUE(sync.CommitPage(leads).ok());
  auto accounts = js_->Accounts();
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->size(), 1u);
  auto people = js_->PeopleOfAccount("001A");
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u);
  EXPECT_EQ((*people)[0].marketo_leads.at("mkto"), "17");

  JourneyRow j{"j", "live", "", nlohmann::json::object(), "", 1, "", 1, "", 1};
  ASSERT_TRUE(js_->CreateJourney(j).ok());
  EXPECT_EQ(*js_->EnterAccounts("j", {"001A"}, "start", 5), 1);
  EXPECT_EQ(*js_->EnterAccounts("j", {"001A"}, "start", 6), 0);
  EXPECT_EQ(js_->DueEntries("j", 5, 10)->size(), 1u);
  EXPECT_TRUE(*js_->StopEntry("j", "001A", 7));
  EXPECT_EQ(js_->CountEntries("j")->stopped, 1);
}

}  // namespace
}  // namespace salesync::store
