#include "store/sync_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "store/store_test_util.h"

namespace salesync::store {
namespace {

SourceRecord Rec(std::string object, std::string id, int64_t modified, nlohmann::json fields) {
  return SourceRecord{std::move(object), std::move(id), modified, false, 0, std::move(fields)};
}

class SyncStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(db_, nullptr);
    store_ = std::make_unique<SyncStore>(db_.get());
  }

  PageOutcome Commit(const std::string& connection, std::vector<SourceRecord> records,
                     std::optional<nlohmann::json> checkpoint = std::nullopt, std::vector<std::string> writebacks = {}) {
    PageCommit page{"s", "st", connection, std::move(records), std::move(checkpoint), std::move(writebacks), ++now_};
    auto r = store_->CommitPage(page);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : PageOutcome{};
  }

  nlohmann::json Person(const std::string& email) {
    auto p = store_->PeopleByEmail(email, 10);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : nlohmann::json::array();
  }

  std::unique_ptr<Store> db_;
  std::unique_ptr<SyncStore> store_;
  int64_t now_ = 1000;
};

TEST_F(SyncStoreTest, ExplicitLinkJoinsMarketoLeadToSalesforceContactEvenWithDifferentEmails) {
  Commit("sf", {Rec("Contact", "003A", 10, {{"Email", "ann@work.example"}, {"FirstName", "Ann"}})});
  Commit("mkto", {Rec("lead", "1", 10, {{"email", " Ann@Home.Example "}, {"sfdcContactId", "003A"}, {"title", "CTO"}})});
  auto people = Person("ann@work.example");
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0]["records"].size(), 2u);
  EXPECT_EQ(people[0]["first_name"], "Ann");
  EXPECT_EQ(people[0]["title"], "CTO");
  EXPECT_EQ(Person("ann@home.example")[0]["id"], people[0]["id"]) << "found by either e-mail";
}

TEST_F(SyncStoreTest, ALinkedRecordArrivingLaterJoinsThePersonThatNamesIt) {
  Commit("mkto", {Rec("lead", "1", 10, {{"email", "bo@x.example"}, {"sfdcLeadId", "00QB"}})});
  Commit("sf", {Rec("Lead", "00QB", 10, {{"Email", "bo.other@x.example"}})});
  auto people = Person("bo@x.example");
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0]["records"].size(), 2u);
}

TEST_F(SyncStoreTest, EmailJoinsAcrossSystemsButTwoContactsWithOneEmailAreAConflictNotAMerge) {
  Commit("mkto", {Rec("lead", "7", 10, {{"email", "cy@x.example"}})});
  Commit("sf", {Rec("Contact", "003C", 10, {{"Email", "CY@x.example"}})});
  auto out = Commit("sf", {Rec("Contact", "003D", 10, {{"Email", "cy@x.example"}})});
  EXPECT_EQ(out.conflicts, 1);
  auto people = Person("cy@x.example");
  ASSERT_EQ(people.size(), 2u);
  EXPECT_EQ(people[0]["records"].size(), 2u);  // the Marketo lead and the first Contact
  ASSERT_EQ(people[1]["conflicts"].size(), 1u);
  EXPECT_EQ(people[1]["conflicts"][0]["kind"], "duplicate_email");
}

TEST_F(SyncStoreTest, ALinkToADeletedRecordIsRecordedAndNotFollowed) {
  Commit("sf", {Rec("Contact", "003E", 10, {{"Email", "di@x.example"}})});
  SourceRecord gone = Rec("Contact", "003E", 20, {});
  gone.deleted = true;
  gone.deleted_ms = 20;
  EXPECT_EQ(Commit("sf", {gone}).tombstones, 1);
  auto out = Commit("mkto", {Rec("lead", "9", 10, {{"email", "dee@x.example"}, {"sfdcContactId", "003E"}})});
  EXPECT_EQ(out.conflicts, 1);
  auto people = Person("dee@x.example");
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0]["conflicts"][0]["kind"], "link_to_deleted");
  auto di = Person("di@x.example");
  ASSERT_EQ(di.size(), 1u);
  EXPECT_TRUE(di[0]["records"][0].contains("deleted_ms")) << "the tombstone keeps its person and time";
}

TEST_F(SyncStoreTest, OlderVersionsAndRereadsChangeNothing) {
  Commit("sf", {Rec("Contact", "003F", 20, {{"Email", "ed@x.example"}, {"Title", "new"}})});
  auto again = Commit("sf", {Rec("Contact", "003F", 20, {{"Email", "ed@x.example"}, {"Title", "new"}}),
                             Rec("Contact", "003F", 10, {{"Email", "ed@x.example"}, {"Title", "old"}})});
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.stored, 0);
  EXPECT_EQ(Person("ed@x.example")[0]["title"], "new");
}

TEST_F(SyncStoreTest, CheckpointIsCommittedWithItsPageAndActivitiesAreDeduplicated) {
  Commit("mkto", {Rec("lead", "1", 10, {{"email", "fa@x.example"}})});
  auto a1 = Rec("activity", "guid-1", 30, {{"leadId", 1}, {"activityTypeId", 1}, {"primaryAttributeValue", "page"}});
  auto a2 = Rec("activity", "guid-2", 31, {{"leadId", 1}, {"activityTypeId", 2}});
  auto first = Commit("mkto", {a1, a2}, nlohmann::json{{"token", "T1"}}, {"back"});
  EXPECT_EQ(first.activities_new, 2);
  auto again = Commit("mkto", {a1}, nlohmann::json{{"token", "T2"}}, {"back"});
  EXPECT_EQ(again.activities_new, 0);
  EXPECT_EQ(again.activities_seen, 1);
  auto cp = store_->LoadCheckpoint("s", "st");
  ASSERT_TRUE(cp.ok() && cp->has_value());
  EXPECT_EQ((*cp)->checkpoint["token"], "T2");
  EXPECT_EQ((*cp)->records, 3);
  EXPECT_EQ(Person("fa@x.example")[0]["activities"].size(), 2u);
}

TEST_F(SyncStoreTest, WritebacksWaitForATargetRecordPreferContactsAndFinish) {
  Commit("mkto", {Rec("activity", "g1", 30, {{"leadId", 5}, {"activityTypeId", 1}})}, std::nullopt, {"back"});
  auto pending = store_->PendingWritebacks("back", "sf", {"Contact", "Lead"}, 10);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty()) << "the lead's person is not in Salesforce yet";
  auto counts = store_->CountWritebacks("back", "sf", {"Contact", "Lead"});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->waiting_for_target, 1);

  Commit("mkto", {Rec("lead", "5", 10, {{"email", "gu@x.example"}})});
  Commit("sf", {Rec("Lead", "00QG", 10, {{"Email", "gu@x.example"}}), Rec("Contact", "003G", 10, {{"Email", "gu@x.example"}})});
  pending = store_->PendingWritebacks("back", "sf", {"Contact", "Lead"}, 10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].who_object, "Contact");
  EXPECT_EQ((*pending)[0].who_id, "003G");
  EXPECT_EQ((*pending)[0].source_key, "g1");

  ASSERT_TRUE(store_->RecordWritebacks("back", {{(*pending)[0].activity_id, false, true, "", "UNABLE_TO_LOCK_ROW"}}, 50, 3).ok());
  EXPECT_EQ(store_->PendingWritebacks("back", "sf", {"Contact", "Lead"}, 10)->size(), 1u) << "retryable stays pending";
  ASSERT_TRUE(store_->RecordWritebacks("back", {{(*pending)[0].activity_id, true, false, "00T1", ""}}, 51, 3).ok());
  EXPECT_TRUE(store_->PendingWritebacks("back", "sf", {"Contact", "Lead"}, 10)->empty());
  counts = store_->CountWritebacks("back", "sf", {"Contact", "Lead"});
  EXPECT_EQ(counts->done, 1);
}

TEST_F(SyncStoreTest, RunsLeftRunningBecomeInterrupted) {
  auto id = store_->BeginRun("s", "Lead", 1);
  ASSERT_TRUE(id.ok());
  auto n = store_->MarkInterruptedRuns(2);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto runs = store_->LatestRuns("s");
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].status, "interrupted");
}

// Found by the throughput bench: once source_records had an index on (connection, object, synced_ms), SQLite
// chose it for this lookup and walked every record of the object per new record (5x slower at 100k).
TEST_F(SyncStoreTest, TheSameKindLookupSearchesByPersonNotByObject) {
  std::string plan;
  ASSERT_TRUE(db_->WithConnection([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("EXPLAIN QUERY PLAN ") + kSameKindSql);
    q.bind(1, int64_t{1});
    q.bind(2, "sf");
    q.bind(3, "Contact");
    q.bind(4, "003x");
    while (q.executeStep()) plan += q.getColumn(3).getString() + "\n";
  }).ok());
  EXPECT_NE(plan.find("source_records_person (person_id=?)"), std::string::npos) << plan;
}

TEST(NormaliseEmailTest, TrimsAndFoldsAndRejectsNonAddresses) {
  EXPECT_EQ(NormaliseEmail("  Ann@Example.COM\t"), "ann@example.com");
  EXPECT_EQ(NormaliseEmail("not an address"), "");
  EXPECT_EQ(NormaliseEmail(""), "");
}

}  // namespace
}  // namespace salesync::store
