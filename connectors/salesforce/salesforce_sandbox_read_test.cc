// The Salesforce connector's reads against the in-process sandbox, through the daemon's real connection
// stack (ConnectedSandbox, connection "sf"), driven by DrainStream the way the sync engine drives streams.
// Covers the "user-reported loss/duplication at cursor boundaries" cases of reliability-ecosystem.md §3.
#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "connectors/salesforce/drain_stream.h"
#include "connectors/salesforce/salesforce_connector.h"
#include "connectors/salesforce/salesforce_cursor.h"
#include "connectors/salesforce/salesforce_time.h"
#include "connectors/salesforce/soql.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::connectors::salesforce {
namespace {

class SalesforceSandboxReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = sb_.Start();
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    connector_ = MakeSalesforceConnector();
  }

  std::unique_ptr<Stream> Open(const std::string& stream, const nlohmann::json& checkpoint = nullptr,
                               nlohmann::json settings = nlohmann::json::object()) {
    StreamContext context;
    context.connection = "sf";
    context.checkpoint = checkpoint;
    context.now_ms = sb_.NowMs();
    context.settings = std::move(settings);
    auto s = connector_->OpenStream(stream, context);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  DrainResult Drain(const std::string& stream, const nlohmann::json& checkpoint = nullptr,
                    nlohmann::json settings = nlohmann::json::object(), DrainOptions options = {}) {
    auto s = Open(stream, checkpoint, std::move(settings));
    if (!s) return {};
    auto r = DrainStream(sb_.api(), "sf", *s, options, checkpoint);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? std::move(r).value() : DrainResult{};
  }

  // The org serves at most `n` rows a page whatever batchSize says (Salesforce's "often fewer").
  void SetOrgPageSize(int n) { ASSERT_TRUE(sb_.Control("salesforce", "POST", "settings", {{"page_size", n}}).ok()); }

  nlohmann::json Query(const std::string& soql, bool all_rows = true) {
    auto r = sb_.api().Call("sf", {"GET", QueryPath("v60.0", soql, all_rows)});
    EXPECT_TRUE(r.ok()) << soql << ": " << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? nlohmann::json::parse(r->http.body) : nlohmann::json::object();
  }

  // SELECT COUNT() through queryAll: every row, deleted ones included.
  int64_t CountAll(const std::string& object) {
    return Query(SoqlQuery(object).Count().Build().value()).value("totalSize", int64_t{-1});
  }

  std::string CreateLead(const std::string& last_name, std::optional<int64_t> stamp_ms = std::nullopt) {
    nlohmann::json body = {{"LastName", last_name}, {"Company", "Tie Corp"}, {"Email", last_name + "@tie.example.com"}};
    if (stamp_ms) body["SystemModstamp"] = FormatSoqlDateTime(*stamp_ms).value();
    auto r = sb_.Control("salesforce", "POST", "records/Lead", body);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? (*r)["id"].get<std::string>() : "";
  }

  static std::set<std::string> Ids(const std::vector<Record>& records) {
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(r.id);
    return ids;
  }

  // Every id that appears more than once.
  static std::vector<std::string> Doubles(const std::vector<Record>& records) {
    std::map<std::string, int> n;
    for (const auto& r : records) ++n[r.id];
    std::vector<std::string> out;
    for (const auto& [id, count] : n) {
      if (count > 1) out.push_back(id);
    }
    return out;
  }

  // A clean, complete read of `object` to compare other runs with.
  std::set<std::string> Everything(const std::string& object) { return Ids(Drain(object).records); }

  salesync::testing::ConnectedSandbox sb_;
  std::unique_ptr<Connector> connector_;
};

TEST_F(SalesforceSandboxReadTest, CheckCallReadsTheLimits) {
  auto r = sb_.api().Call("sf", connector_->CheckCall().request);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->http.status, 200);
  EXPECT_TRUE(nlohmann::json::parse(r->http.body).contains("DailyApiRequests"));
}

TEST_F(SalesforceSandboxReadTest, PagingToTheEndEqualsTheOrgsData) {
  SetOrgPageSize(7);
  for (const std::string object : {"Lead", "Contact", "Account"}) {
    SCOPED_TRACE(object);
    DrainResult run = Drain(object);
    const int64_t count = CountAll(object);
    ASSERT_GT(count, 14) << "enough rows for several pages";
    EXPECT_EQ(static_cast<int64_t>(run.records.size()), count);
    EXPECT_EQ(static_cast<int64_t>(Ids(run.records).size()), count) << "no row twice";
    EXPECT_EQ(run.total, count);
    EXPECT_EQ(run.pages, (count + 6) / 7);
    for (size_t i = 1; i < run.records.size(); ++i) {
      const Record& a = run.records[i - 1];
      const Record& b = run.records[i];
      EXPECT_FALSE(KeyBefore({b.modified_ms, b.id}, {a.modified_ms, a.id})) << "cursor order at " << i;
    }
    const Record& last = run.records.back();
    EXPECT_EQ(run.checkpoint, (nlohmann::json{{"ts", last.modified_ms}, {"id", last.id}}));
    EXPECT_EQ(last.object, object);
    EXPECT_TRUE(last.fields.contains("SystemModstamp"));
    EXPECT_FALSE(last.fields.contains("attributes"));
  }
}

TEST_F(SalesforceSandboxReadTest, DefaultFieldsExistInTheDescribe) {
  for (const std::string object : {"Lead", "Contact", "Account"}) {
    auto call = connector_->DescribeCall(object);
    ASSERT_TRUE(call.ok());
    auto r = sb_.api().Call("sf", call->request);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    auto meta = connector_->ParseDescribe("sf", object, *r);
    ASSERT_TRUE(meta.ok()) << meta.error().ToString();
    for (const auto& f : DefaultFields(object)) EXPECT_NE(meta->Find(f), nullptr) << object << "." << f;
  }
}

// supaglue-labs/supaglue#532, airbytehq/airbyte#10782 and #80152: rows sharing one SystemModstamp across a
// page boundary. A crash after every single page (a fresh stream from the committed checkpoint each
// time, without look-back) must still give every row exactly once.
TEST_F(SalesforceSandboxReadTest, TiedStampsAcrossPageBoundariesLoseAndDoubleNothing) {
  SetOrgPageSize(7);
  DrainResult before = Drain("Lead");
  ASSERT_GT(before.records.size(), 20u);
  const int64_t tie = before.records[before.records.size() / 2].modified_ms;
  std::set<std::string> tied;
  for (int i = 0; i < 20; ++i) tied.insert(CreateLead("Tie" + std::to_string(i), tie));
  std::set<std::string> all = Everything("Lead");
  ASSERT_EQ(all.size(), before.records.size() + 20);

  std::vector<Record> read;
  nlohmann::json checkpoint = nullptr;
  int runs = 0;
  for (; runs < 200; ++runs) {
    DrainResult one = Drain("Lead", checkpoint, {{"lookback_secs", 0}}, DrainOptions{1, {}});
    ASSERT_EQ(one.pages, 1);
    if (one.records.empty()) break;
    for (auto& r : one.records) read.push_back(std::move(r));
    ASSERT_NE(one.checkpoint, checkpoint) << "every page moves the checkpoint";
    checkpoint = one.checkpoint;
  }
  EXPECT_GT(runs, 5);
  EXPECT_EQ(Ids(read), all);
  EXPECT_TRUE(Doubles(read).empty()) << "the composite cursor re-reads nothing";
  EXPECT_EQ(read.size(), all.size());
  size_t tied_read = std::count_if(read.begin(), read.end(), [&](const Record& r) { return tied.count(r.id) > 0; });
  EXPECT_EQ(tied_read, 20u);

  // With the default look-back, crashes every 4 pages re-read a little and still lose nothing. (A run must
  // read more rows than the look-back window holds to make progress: here 28 rows against 23 tied ones.)
  std::vector<Record> again;
  checkpoint = nullptr;
  for (int i = 0; i < 400; ++i) {
    DrainResult one = Drain("Lead", checkpoint, {}, DrainOptions{4, {}});
    bool progressed = one.checkpoint != checkpoint;
    for (auto& r : one.records) again.push_back(std::move(r));
    checkpoint = one.checkpoint;
    if (!progressed) break;
  }
  EXPECT_EQ(Ids(again), all);
}

TEST_F(SalesforceSandboxReadTest, ResumeFromAMidRunCheckpointReadsTheRest) {
  SetOrgPageSize(7);
  std::set<std::string> all = Everything("Contact");
  DrainResult first = Drain("Contact", nullptr, {}, DrainOptions{3, {}});
  ASSERT_EQ(first.pages, 3);
  ASSERT_EQ(first.records.size(), 21u);
  ASSERT_TRUE(first.checkpoint.is_object());
  const Record& last = first.records.back();
  EXPECT_EQ(first.checkpoint, (nlohmann::json{{"ts", last.modified_ms}, {"id", last.id}}));

  DrainResult rest = Drain("Contact", first.checkpoint);
  std::vector<Record> both = first.records;
  both.insert(both.end(), rest.records.begin(), rest.records.end());
  EXPECT_EQ(Ids(both), all) << "nothing missing";
  // Anything read twice lies inside the look-back below the checkpoint.
  const int64_t floor = first.checkpoint["ts"].get<int64_t>() - 300 * 1000;
  const std::vector<std::string> twice = Doubles(both);
  const std::set<std::string> doubles(twice.begin(), twice.end());
  for (const auto& r : rest.records) {
    if (doubles.count(r.id)) {
      EXPECT_GE(r.modified_ms, floor) << r.id;
    }
  }
}

// airbytehq/airbyte#27146, #14732, #21500: a row committed upstream while we page, with a stamp below
// what we have already seen. The look-back of the next run picks it up.
TEST_F(SalesforceSandboxReadTest, ARowCommittedDuringPagingBelowTheHighWaterMarkArrivesInTheNextRun) {
  SetOrgPageSize(7);
  auto newest = Query("SELECT Id, SystemModstamp FROM Lead ORDER BY SystemModstamp DESC LIMIT 1");
  ASSERT_EQ(newest["records"].size(), 1u);
  const int64_t high = ParseSalesforceDateTime(newest["records"][0]["SystemModstamp"].get<std::string>()).value();
  std::string late;
  DrainResult first = Drain("Lead", nullptr, {}, DrainOptions{-1, [&](int page) {
                                                  if (page == 2) late = CreateLead("Late", high - 60000);
                                                }});
  ASSERT_FALSE(late.empty());
  EXPECT_EQ(Ids(first.records).count(late), 0u) << "the open query locator does not hold it";
  ASSERT_GE(first.checkpoint["ts"].get<int64_t>(), high - 60000) << "the checkpoint is already past it";

  DrainResult without = Drain("Lead", first.checkpoint, {{"lookback_secs", 0}});
  EXPECT_EQ(Ids(without.records).count(late), 0u) << "this is the loss the look-back exists for";
  DrainResult second = Drain("Lead", first.checkpoint);
  EXPECT_EQ(Ids(second.records).count(late), 1u);
}

TEST_F(SalesforceSandboxReadTest, UpdatesToSyncedRowsArriveAgain) {
  SetOrgPageSize(7);
  DrainResult first = Drain("Contact");
  ASSERT_FALSE(first.records.empty());
  const std::string id = first.records.front().id;  // the oldest row, far below the look-back
  sb_.AdvanceClock(30);
  ASSERT_TRUE(sb_.Control("salesforce", "PATCH", "records/Contact/" + id, {{"Title", "Chief Updater"}}).ok());
  DrainResult second = Drain("Contact", first.checkpoint);
  auto it = std::find_if(second.records.begin(), second.records.end(), [&](const Record& r) { return r.id == id; });
  ASSERT_NE(it, second.records.end());
  EXPECT_EQ(it->fields["Title"], "Chief Updater");
  EXPECT_GT(it->modified_ms, first.records.front().modified_ms);
  EXPECT_FALSE(it->deleted);
  // The update is younger than settle_secs: read, but the checkpoint stays below it until it settles.
  EXPECT_LT(second.checkpoint["ts"].get<int64_t>(), it->modified_ms);
  sb_.AdvanceClock(60);
  DrainResult third = Drain("Contact", second.checkpoint);
  EXPECT_EQ(Ids(third.records).count(id), 1u);
  EXPECT_EQ(third.checkpoint, (nlohmann::json{{"ts", it->modified_ms}, {"id", id}}));
}

TEST_F(SalesforceSandboxReadTest, DeletesArriveAsTombstones) {
  DrainResult first = Drain("Lead");
  ASSERT_GT(first.records.size(), 3u);
  const std::string id = first.records[1].id;
  sb_.AdvanceClock(30);
  ASSERT_TRUE(sb_.Control("salesforce", "DELETE", "records/Lead/" + id).ok());
  DrainResult second = Drain("Lead", first.checkpoint);
  auto it = std::find_if(second.records.begin(), second.records.end(), [&](const Record& r) { return r.id == id; });
  ASSERT_NE(it, second.records.end()) << "queryAll returns deleted rows";
  EXPECT_TRUE(it->deleted);
  EXPECT_EQ(it->deleted_ms, it->modified_ms);
  EXPECT_GT(it->deleted_ms, first.records[1].modified_ms) << "the delete bumped SystemModstamp";
  EXPECT_EQ(it->fields["IsDeleted"], true);

  // A first sync after the delete sees the tombstone too.
  DrainResult fresh = Drain("Lead");
  auto t = std::find_if(fresh.records.begin(), fresh.records.end(), [&](const Record& r) { return r.id == id; });
  ASSERT_NE(t, fresh.records.end());
  EXPECT_TRUE(t->deleted);
}

TEST_F(SalesforceSandboxReadTest, TokenExpiryBetweenPagesIsInvisibleToTheStream) {
  SetOrgPageSize(7);
  std::set<std::string> all = Everything("Lead");
  const size_t grants_before = sb_.Effects("salesforce", "token.client_credentials").size();
  DrainResult run = Drain("Lead", nullptr, {}, DrainOptions{-1, [&](int page) {
                                                if (page % 2 == 1) {
                                                  ASSERT_TRUE(sb_.Control("salesforce", "POST", "tokens/expire",
                                                                          {{"all", true}}).ok());
                                                }
                                              }});
  EXPECT_EQ(Ids(run.records), all);
  EXPECT_EQ(run.records.size(), all.size());
  EXPECT_GT(sb_.Effects("salesforce", "token.client_credentials").size(), grants_before + 2) << "new tokens were fetched";
}

TEST_F(SalesforceSandboxReadTest, FaultsBetweenPagesAreRetriedByTheClient) {
  SetOrgPageSize(7);
  std::set<std::string> all = Everything("Contact");
  auto fault = [&](nlohmann::json rule) {
    rule["match"] = "GET /services/data/v60.0/query/*";
    rule["count"] = rule.value("count", 1);
    ASSERT_TRUE(sb_.InjectFault("salesforce", rule).ok());
  };
  DrainResult run = Drain("Contact", nullptr, {}, DrainOptions{-1, [&](int page) {
                                                  if (page == 1) fault({{"kind", "status"}, {"status", 503}, {"count", 2}});
                                                  if (page == 2) fault({{"kind", "drop_before"}});
                                                  if (page == 3) fault({{"kind", "drop_after"}});
                                                  if (page == 4) fault({{"kind", "provider_error"}, {"status", 500},
                                                                        {"code", "QUERY_TIMEOUT"}});
                                                  if (page == 5) fault({{"kind", "truncate"}});
                                                }});
  EXPECT_GT(run.pages, 6);
  EXPECT_EQ(Ids(run.records), all);
  EXPECT_EQ(run.records.size(), all.size()) << "a retried page is not read twice";
  auto faults = sb_.Control("salesforce", "GET", "faults");
  ASSERT_TRUE(faults.ok());
  EXPECT_TRUE((*faults)["faults"].empty()) << "every fault fired: " << faults->dump();
}

TEST_F(SalesforceSandboxReadTest, AMalformedPageIsAskedForAgainFromTheSameLocator) {
  SetOrgPageSize(7);
  std::set<std::string> all = Everything("Lead");
  auto stream = Open("Lead");
  ASSERT_TRUE(stream);
  auto first = DrainStream(sb_.api(), "sf", *stream, DrainOptions{-1, [&](int page) {
                                                         if (page == 2) {
                                                           ASSERT_TRUE(sb_.InjectFault("salesforce",
                                                               {{"match", "GET /services/data/v60.0/query/*"},
                                                                {"count", 1}, {"kind", "malformed"}}).ok());
                                                         }
                                                       }});
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::kTransient);
  // The engine would retry the run's next call: the stream has not moved.
  auto rest = DrainStream(sb_.api(), "sf", *stream);
  ASSERT_TRUE(rest.ok()) << rest.error().ToString();
  std::vector<Record> read;
  auto head = Drain("Lead", nullptr, {}, DrainOptions{2, {}});
  read = head.records;
  read.insert(read.end(), rest->records.begin(), rest->records.end());
  EXPECT_EQ(Ids(read), all);
  EXPECT_TRUE(Doubles(read).empty());
}

// A value holding quotes or backslashes cannot change the query: run crafted values against the org.
TEST_F(SalesforceSandboxReadTest, CraftedValuesCannotChangeTheQuery) {
  const std::string tricky = "o'brien\\\"x\n@example.com";
  auto r = sb_.Control("salesforce", "POST", "records/Lead",
                       {{"LastName", "O'Brien \\ \"Quote\""}, {"Company", "Esc"}, {"Email", "obrien@example.com"},
                        {"Salesync_Id__c", tricky}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const std::string id = (*r)["id"];

  auto run = [&](Cond cond) {
    auto soql = SoqlQuery("Lead").Select({"Id"}).Where(std::move(cond)).Build();
    EXPECT_TRUE(soql.ok());
    auto j = Query(*soql);
    EXPECT_TRUE(j.contains("records")) << j.dump();
    std::vector<std::string> ids;
    for (const auto& rec : j.value("records", nlohmann::json::array())) ids.push_back(rec["Id"]);
    return ids;
  };
  EXPECT_EQ(run(Cond::Compare("Salesync_Id__c", Op::kEq, Literal::String(tricky))), std::vector<std::string>{id});
  EXPECT_EQ(run(Cond::Compare("LastName", Op::kEq, Literal::String("O'Brien \\ \"Quote\""))), std::vector<std::string>{id});
  for (const std::string attack : {"x' OR LastName != '", "x\\' OR LastName != \\'", "\\", "' OR Id != null OR Email = '",
                                   "%", "x') OR (Email != '"}) {
    EXPECT_TRUE(run(Cond::Compare("Email", Op::kEq, Literal::String(attack))).empty()) << attack;
  }
  EXPECT_TRUE(run(Cond::Compare("Email", Op::kLike, Literal::LikeText("%", false, false))).empty())
      << "an escaped wildcard matches only a literal %";
  EXPECT_EQ(run(Cond::Compare("Email", Op::kLike, Literal::LikeText("obrien@", false, true))),
            std::vector<std::string>{id});
}

}  // namespace
}  // namespace salesync::connectors::salesforce
