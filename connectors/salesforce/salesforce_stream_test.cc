// QueryStream on canned query pages: the calls it asks for and the checkpoints it returns.
#include "connectors/salesforce/salesforce_stream.h"

#include <gtest/gtest.h>

#include "connectors/salesforce/salesforce_time.h"
#include "net/http_message.h"

namespace salesync::connectors::salesforce {
namespace {

constexpr int64_t kNow = 1800000000000;  // the engine's clock
constexpr int64_t kT = 1700000000000;

nlohmann::json Row(const std::string& id, int64_t ms, bool deleted = false, const std::string& email = "a@x.com") {
  // Salesforce's own print format: milliseconds and an offset without a colon.
  std::string stamp = FormatSoqlDateTime(ms).value();
  stamp = stamp.substr(0, stamp.size() - 1) + "+0000";
  return {{"attributes", {{"type", "Lead"}, {"url", "/services/data/v60.0/sobjects/Lead/" + id}}},
          {"Id", id},
          {"Email", email},
          {"IsDeleted", deleted},
          {"SystemModstamp", stamp}};
}

oauth::ApiResponse Page(std::vector<nlohmann::json> rows, const std::string& next = "", int64_t total = 0) {
  nlohmann::json body = {{"totalSize", total ? total : static_cast<int64_t>(rows.size())},
                         {"done", next.empty()},
                         {"records", rows}};
  if (!next.empty()) body["nextRecordsUrl"] = next;
  oauth::ApiResponse r;
  r.http.status = 200;
  r.http.body = body.dump();
  return r;
}

StreamSettings Settings(int64_t lookback_secs = 300, int64_t settle_secs = 10) {
  StreamSettings s;
  s.fields = {"Id", "Email", "IsDeleted", "SystemModstamp"};
  s.page_size = 200;
  s.lookback_secs = lookback_secs;
  s.settle_secs = settle_secs;
  return s;
}

std::string DecodedQuery(const StreamCall& call) {
  auto q = call.request.url.find("?q=");
  return net::PercentDecode(call.request.url.substr(q + 3), false).value_or("");
}

TEST(QueryStreamTest, ASampleReadsTheNewestLiveRowsInOneQueryAndCheckpointsNothing) {
  auto s = QueryStream::Sample("Lead", Settings(), 5, kNow);
  auto call = s->NextCall();
  ASSERT_TRUE(call.ok() && call->has_value());
  EXPECT_EQ((**call).request.url.rfind("/services/data/v60.0/query?q=", 0), 0u) << "live rows only: " << (**call).request.url;
  EXPECT_EQ(DecodedQuery(**call),
            "SELECT Id, Email, IsDeleted, SystemModstamp FROM Lead ORDER BY SystemModstamp DESC, Id DESC LIMIT 5");
  // Even an answer that says more follow ends the sample.
  auto step = s->Consume(Page({Row("00Q2", kT + 2), Row("00Q1", kT + 1)}, "/services/data/v60.0/query/01g-2000", 9));
  ASSERT_TRUE(step.ok()) << step.error().ToString();
  EXPECT_EQ(step->records.size(), 2u);
  EXPECT_TRUE(step->checkpoint.is_null());
  auto next = s->NextCall();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
}

TEST(QueryStreamTest, FirstRunReadsEverythingThroughQueryAllInCursorOrder) {
  QueryStream s("Lead", Settings(), std::nullopt, kNow);
  auto call = s.NextCall();
  ASSERT_TRUE(call.ok() && call->has_value());
  const StreamCall& c = **call;
  EXPECT_EQ(c.request.method, "GET");
  EXPECT_EQ(c.request.url.rfind("/services/data/v60.0/queryAll?q=", 0), 0u) << c.request.url;
  EXPECT_EQ(DecodedQuery(c), "SELECT Id, Email, IsDeleted, SystemModstamp FROM Lead ORDER BY SystemModstamp, Id");
  EXPECT_TRUE(c.idempotent);
  EXPECT_EQ(c.label, "Lead page 1");
  bool batch = false;
  for (const auto& [k, v] : c.request.headers) batch = batch || (k == "Sforce-Query-Options" && v == "batchSize=200");
  EXPECT_TRUE(batch);
}

TEST(QueryStreamTest, ResumesWithTheCompositeCursorBelowTheLookback) {
  QueryStream s("Lead", Settings(300), CursorKey{kT, "00Q000000000009AAA"}, kNow);
  auto call = s.NextCall();
  ASSERT_TRUE(call.ok() && call->has_value());
  EXPECT_EQ(DecodedQuery(**call),
            "SELECT Id, Email, IsDeleted, SystemModstamp FROM Lead WHERE SystemModstamp >= 2023-11-14T22:08:20.000Z "
            "ORDER BY SystemModstamp, Id");
  QueryStream exact("Lead", Settings(0), CursorKey{kT + 7, "00Q000000000009AAA"}, kNow);
  EXPECT_EQ(DecodedQuery(**exact.NextCall()),
            "SELECT Id, Email, IsDeleted, SystemModstamp FROM Lead WHERE (SystemModstamp = 2023-11-14T22:13:20.007Z "
            "AND Id > '00Q000000000009AAA') OR SystemModstamp > 2023-11-14T22:13:20.007Z ORDER BY SystemModstamp, Id");
}

TEST(QueryStreamTest, PagesFollowNextRecordsUrlAndCheckpointTheLastRowExactly) {
  QueryStream s("Lead", Settings(), std::nullopt, kNow);
  ASSERT_TRUE(s.NextCall().ok());
  const std::string next = "/services/data/v60.0/query/01g000000000001AAA-2";
  auto step = s.Consume(Page({Row("00Q000000000001AAA", kT + 1), Row("00Q000000000002AAA", kT + 123)}, next, 3));
  ASSERT_TRUE(step.ok()) << step.error().ToString();
  ASSERT_EQ(step->records.size(), 2u);
  EXPECT_EQ(step->records[0].object, "Lead");
  EXPECT_EQ(step->records[0].id, "00Q000000000001AAA");
  EXPECT_EQ(step->records[1].modified_ms, kT + 123);
  EXPECT_FALSE(step->records[1].fields.contains("attributes"));
  EXPECT_EQ(step->records[1].fields["Email"], "a@x.com");
  EXPECT_EQ(step->checkpoint, (nlohmann::json{{"ts", kT + 123}, {"id", "00Q000000000002AAA"}})) << "never rounded";
  EXPECT_EQ(step->total, 3);

  auto call = s.NextCall();
  ASSERT_TRUE(call.ok() && call->has_value());
  EXPECT_EQ((*call)->request.url, next);
  EXPECT_EQ((*call)->label, "Lead page 2");
  auto last = s.Consume(Page({Row("00Q000000000003AAA", kT + 123, true)}, "", 3));
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->records.size(), 1u);
  EXPECT_TRUE(last->records[0].deleted);
  EXPECT_EQ(last->records[0].deleted_ms, kT + 123);
  EXPECT_EQ(last->checkpoint, (nlohmann::json{{"ts", kT + 123}, {"id", "00Q000000000003AAA"}}));
  auto end = s.NextCall();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
}

TEST(QueryStreamTest, TheCheckpointNeverMovesBackwardsDuringTheLookback) {
  CursorKey committed{kT, "00Q000000000005AAA"};
  QueryStream s("Lead", Settings(300), committed, kNow);
  ASSERT_TRUE(s.NextCall().ok());
  auto step = s.Consume(Page({Row("00Q000000000001AAA", kT - 200000), Row("00Q000000000004AAA", kT)},
                             "/services/data/v60.0/query/01g-2"));
  ASSERT_TRUE(step.ok());
  EXPECT_EQ(step->checkpoint, ToCheckpoint(committed));
  auto empty = s.Consume(Page({}));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->checkpoint, ToCheckpoint(committed));
}

TEST(QueryStreamTest, RowsNewerThanTheSettleTimeAreReadButNeverCheckpointed) {
  // A query locator prints rows' current state: a row updated while we page arrives out of order with a
  // fresh stamp. Checkpointing it would let a crash skip the rows still ahead of it in the cursor.
  QueryStream s("Lead", Settings(300, 10), std::nullopt, kNow);
  ASSERT_TRUE(s.NextCall().ok());
  auto step = s.Consume(Page({Row("00Q000000000001AAA", kT), Row("00Q000000000007AAA", kNow - 2000)},
                             "/services/data/v60.0/query/01g-2"));
  ASSERT_TRUE(step.ok());
  EXPECT_EQ(step->records.size(), 2u) << "the fresh row is still stored";
  EXPECT_EQ(step->checkpoint, (nlohmann::json{{"ts", kT}, {"id", "00Q000000000001AAA"}}));
  auto second = s.Consume(Page({Row("00Q000000000002AAA", kT + 5)}));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->checkpoint, (nlohmann::json{{"ts", kT + 5}, {"id", "00Q000000000002AAA"}}));

  QueryStream fresh("Lead", Settings(300, 10), std::nullopt, kNow);
  ASSERT_TRUE(fresh.NextCall().ok());
  auto only_fresh = fresh.Consume(Page({Row("00Q000000000009AAA", kNow - 1000)}));
  ASSERT_TRUE(only_fresh.ok());
  EXPECT_TRUE(only_fresh->checkpoint.is_null()) << "nothing settled yet: keep the previous (none)";
}

TEST(QueryStreamTest, AnUnreadablePageLeavesTheStreamWhereItWas) {
  QueryStream s("Lead", Settings(), std::nullopt, kNow);
  auto first = s.NextCall();
  ASSERT_TRUE(first.ok());
  oauth::ApiResponse bad;
  bad.http.status = 200;
  for (const std::string& body :
       {std::string("{\"totalSize\": 3, \"done\": fal"), std::string("[]"), std::string("{\"done\": true}"),
        Page({Row("00Q000000000001AAA", kT)}, "https://evil.example.com/x").http.body,
        nlohmann::json({{"done", true}, {"records", {{{"Id", "00Q000000000001AAA"}}}}}).dump(),
        nlohmann::json({{"done", true}, {"records", {{{"Id", "00Q000000000001AAA"}, {"SystemModstamp", "yesterday"}}}}}).dump()}) {
    bad.http.body = body;
    auto step = s.Consume(bad);
    ASSERT_FALSE(step.ok()) << body;
    EXPECT_EQ(step.error().code, ErrorCode::kTransient);
  }
  auto again = s.NextCall();
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->request.url, (*first)->request.url) << "the same page is asked for again";
  EXPECT_EQ((*again)->label, "Lead page 1");
}

}  // namespace
}  // namespace salesync::connectors::salesforce
