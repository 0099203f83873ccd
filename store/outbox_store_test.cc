#include "store/outbox_store.h"

#include <gtest/gtest.h>

#include "store/invitation_store.h"
#include "store/sql_time.h"
#include "store/store_test_util.h"

namespace salesync::store {
namespace {

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

TEST(OutboxStoreTest, QueueRetryFailAndSend) {
  auto store = OpenFreshStore("outbox");
  ASSERT_NE(store, nullptr);
  InvitationStore invitations(store.get());
  OutboxStore outbox(store.get());
  std::vector<NewInvitation> batch;
  for (const char* e : {"a@example.com", "b@example.com", "c@example.com"}) {
    batch.push_back({e, "", "", "member", {}, std::string("h") + e, "n", std::string("<") + e + ">"});
  }
  ASSERT_TRUE(invitations.InviteBatch(batch, false, kNow, kNow + std::chrono::hours(1)).ok());
  const int64_t now_ms = UnixMillis(kNow);
  EXPECT_EQ(*outbox.NextDueMs(), now_ms);

  auto due = outbox.DueJobs(now_ms, 2);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  ASSERT_TRUE(outbox.MarkSent((*due)[0].id, kNow).ok());
  ASSERT_TRUE(outbox.MarkRetry((*due)[1].id, 1, now_ms + 60000, "451 4.3.0 try later").ok());
  auto rest = outbox.DueJobs(now_ms, 10);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].recipient, "c@example.com");
  ASSERT_TRUE(outbox.MarkFailed((*rest)[0].id, 1, "550 5.1.1 no such user").ok());

  EXPECT_EQ(*outbox.NextDueMs(), now_ms + 60000);
  EXPECT_TRUE(outbox.DueJobs(now_ms + 59999, 10)->empty());
  EXPECT_EQ(outbox.DueJobs(now_ms + 60000, 10)->size(), 1u);

  auto counts = outbox.Counts();
  EXPECT_EQ(counts->queued, 1);
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->failed, 1);
  auto failed = outbox.List(10, "c@example.com");
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].state, "failed");
  EXPECT_EQ((*failed)[0].last_error, "550 5.1.1 no such user");
  auto sent = outbox.List(10, "a@example.com");
  EXPECT_EQ((*sent)[0].attempts, 1);
  EXPECT_FALSE((*sent)[0].sent_at.empty());
}

TEST(SqlTimeTest, FormatsAndParsesUtcMillis) {
  auto t = kNow + std::chrono::milliseconds(123);
  EXPECT_EQ(FormatSqlTime(t), "2027-01-15T08:00:00.123Z");
  EXPECT_EQ(ParseSqlTime("2027-01-15T08:00:00.123Z"), t);
  EXPECT_EQ(ParseSqlTime("2027-01-15T08:00:00Z"), kNow);
  EXPECT_FALSE(ParseSqlTime("yesterday").has_value());
}

}  // namespace
}  // namespace salesync::store
