// The engine's loop with a scripted connector whose calls go to the real sandbox (through the real
// ApiClient, budget and store): the stream makes records from its checkpoint, so the test knows exactly
// what must be stored after failures, resumes and stops.
#include "sync/stream_runner.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "sync/writeback_runner.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::sync {
namespace {

// Pages of 10 Contacts each: page n holds ids n*10 .. n*10+9, modified at n*1000 + i. The checkpoint is
// the next page to read; the run ends after `pages` pages.
class CountingStream : public connectors::Stream {
 public:
  CountingStream(int64_t next_page, int64_t pages, int64_t wait_ms, bool absorb_refusals = false)
      : next_(next_page), pages_(pages), wait_ms_(wait_ms), absorb_refusals_(absorb_refusals) {}
  std::optional<connectors::StreamStep> AfterRefusal(const Error&) override {
    if (!absorb_refusals_) return std::nullopt;
    return connectors::StreamStep{};  // "nothing to do, ask again": a misbehaving stream
  }
  std::string name() const override { return "contacts"; }
  Result<std::optional<connectors::StreamCall>> NextCall() override {
    if (next_ >= pages_) return std::optional<connectors::StreamCall>();
    connectors::StreamCall c;
    c.request = {"GET", "/services/data/v60.0/limits"};
    c.label = "page " + std::to_string(next_);
    return std::optional<connectors::StreamCall>(c);
  }
  Result<connectors::StreamStep> Consume(const oauth::ApiResponse&) override {
    connectors::StreamStep step;
    for (int i = 0; i < 10; ++i) {
      connectors::Record r;
      r.object = "Contact";
      r.id = "003" + std::to_string(next_ * 10 + i);
      r.modified_ms = next_ * 1000 + i;
      r.fields = {{"Email", "p" + std::to_string(next_ * 10 + i) + "@example.com"}};
      step.records.push_back(r);
    }
    ++next_;
    step.checkpoint = {{"next_page", next_}};
    step.total = pages_ * 10;
    step.wait_before_next = std::chrono::milliseconds(wait_ms_);
    return step;
  }

 private:
  int64_t next_, pages_, wait_ms_;
  bool absorb_refusals_;
};

class CountingConnector : public connectors::Connector {
 public:
  int64_t pages = 5;
  int64_t wait_ms = 0;
  bool absorb_refusals = false;
  std::string type() const override { return "salesforce"; }
  connectors::StreamCall CheckCall() const override { return {{"GET", "/services/data/v60.0/limits"}}; }
  std::vector<std::string> StreamNames() const override { return {"contacts"}; }
  Result<std::unique_ptr<connectors::Stream>> OpenStream(const std::string&, const connectors::StreamContext& c) const override {
    int64_t next = c.checkpoint.is_object() ? c.checkpoint.value("next_page", int64_t{0}) : 0;
    return std::unique_ptr<connectors::Stream>(std::make_unique<CountingStream>(next, pages, wait_ms, absorb_refusals));
  }
  Result<connectors::StreamCall> DescribeCall(const std::string&) const override {
    return MakeError(ErrorCode::kInvalidArgument, "no describe");
  }
  Result<connectors::ObjectMetadata> ParseDescribe(const std::string&, const std::string&, const oauth::ApiResponse&) const override {
    return MakeError(ErrorCode::kInvalidArgument, "no describe");
  }
  size_t MaxWriteBatch(const connectors::WriteTarget&) const override { return 3; }
  Result<connectors::StreamCall> WriteCall(const connectors::WriteTarget&, const std::vector<connectors::WriteItem>& items) const override {
    last_items = items;
    connectors::StreamCall c;
    c.request = {"GET", "/services/data/v60.0/limits"};
    return c;
  }
  Result<std::vector<connectors::WriteOutcome>> ParseWrite(const connectors::WriteTarget&, const std::vector<connectors::WriteItem>& items,
                                                           const oauth::ApiResponse&) const override {
    std::vector<connectors::WriteOutcome> out;
    for (const auto& i : items) out.push_back({i.key, true, true, "00T" + i.key, "", "", false});
    return out;
  }
  mutable std::vector<connectors::WriteItem> last_items;
};

class StreamRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sb_.Start().ok());
    store_ = std::make_unique<store::SyncStore>(&sb_.store());
    DeclareSyncMetrics(sb_.metrics());
    deps_.api = &sb_.api();
    deps_.store = store_.get();
    deps_.progress = &progress_;
    deps_.metrics = &sb_.metrics();
    deps_.now_ms = [this] { return sb_.NowMs(); };
    deps_.sleep = [this](std::chrono::milliseconds d) {
      slept_ += d;
      return !stop_.load();
    };
    deps_.stop = &stop_;
    sync_.name = "s";
    sync_.connection = "sf";
    sync_.streams = {"contacts"};
  }

  int64_t Stored() {
    auto t = store_->Totals();
    EXPECT_TRUE(t.ok());
    return t->at("records").contains("sf/Contact") ? t->at("records")["sf/Contact"]["live"].get<int64_t>() : 0;
  }

  testing::ConnectedSandbox sb_;
  std::unique_ptr<store::SyncStore> store_;
  SyncProgress progress_;
  std::atomic<bool> stop_{false};
  std::chrono::milliseconds slept_{0};
  RunDeps deps_;
  config::SyncConfig sync_;
  CountingConnector connector_;
};

TEST_F(StreamRunnerTest, RunsToTheEndCommittingEveryPageWithItsCheckpoint) {
  connector_.wait_ms = 5;
  auto r = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(r.status, "done") << r.error;
  EXPECT_EQ(r.records, 50);
  EXPECT_EQ(r.calls, 5);
  EXPECT_EQ(Stored(), 50);
  EXPECT_EQ(slept_.count(), 25) << "wait_before_next goes through the engine's sleeper";
  auto cp = store_->LoadCheckpoint("s", "contacts");
  ASSERT_TRUE(cp.ok() && cp->has_value());
  EXPECT_EQ((*cp)->checkpoint["next_page"], 5);
  auto p = progress_.Get("s", "contacts");
  EXPECT_EQ(p->state, "done");
  EXPECT_EQ(p->records_read, 50);
  EXPECT_EQ(p->total, 50);
  EXPECT_GT(sb_.metrics().CounterValue("salesync_sync_records_total", {{"sync", "s"}, {"stream", "contacts"}, {"outcome", "stored"}}), 49);
}

TEST_F(StreamRunnerTest, APermanentErrorKeepsEveryCommittedPageAndTheNextRunResumesThere) {
  connector_.pages = 2;
  ASSERT_EQ(RunStream(deps_, sync_, connector_, "contacts", {}).status, "done");
  // More data upstream; the first call of the next run (page 2) is refused for good.
  connector_.pages = 5;
  ASSERT_TRUE(sb_.InjectFault("salesforce", {{"match", "GET /services/data/v60.0/limits"}, {"count", 1},
                                             {"kind", "status"}, {"status", 400}}).ok());
  auto failed = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(failed.status, "failed");
  EXPECT_NE(failed.error.find("page 2"), std::string::npos) << "the error says where: " << failed.error;
  EXPECT_EQ(progress_.Get("s", "contacts")->last_error, failed.error);
  EXPECT_EQ((*store_->LoadCheckpoint("s", "contacts"))->checkpoint["next_page"], 2);
  auto resumed = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(resumed.status, "done");
  EXPECT_EQ(resumed.records, 30) << "pages 2, 3 and 4 only";
  EXPECT_EQ(Stored(), 50);
  EXPECT_TRUE(progress_.Get("s", "contacts")->last_error.empty()) << "a good run clears the error";
}

// Pages are stored on a second thread while the next one is read: a page that cannot be stored must
// still stop the run before anything after it is stored, and leave the checkpoint before it.
TEST_F(StreamRunnerTest, APageThatCannotBeStoredStopsTheRunAndNothingAfterItIsStored) {
  auto exec = [&](const std::string& sql) {
    ASSERT_TRUE(sb_.store().WithConnection([&](SQLite::Database& db) { db.exec(sql); }).ok());
  };
  exec("CREATE TRIGGER refuse_page_2 BEFORE INSERT ON source_records WHEN NEW.remote_id = '00325' "
       "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  auto failed = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(failed.status, "failed");
  EXPECT_NE(failed.error.find("refused by the test"), std::string::npos) << failed.error;
  EXPECT_EQ(failed.records, 20) << "pages 0 and 1 were stored and counted";
  EXPECT_EQ(Stored(), 20) << "page 2 rolled back whole, page 3 (already read) never stored";
  EXPECT_EQ((*store_->LoadCheckpoint("s", "contacts"))->checkpoint["next_page"], 2);
  EXPECT_EQ(progress_.Get("s", "contacts")->records_read, 20);

  exec("DROP TRIGGER refuse_page_2");
  auto resumed = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(resumed.status, "done") << resumed.error;
  EXPECT_EQ(resumed.records, 30);
  EXPECT_EQ(Stored(), 50);
}

TEST_F(StreamRunnerTest, TransientFaultsAreRetriedInsideTheCall) {
  ASSERT_TRUE(sb_.InjectFault("salesforce", {{"match", "GET /services/data/v60.0/limits"}, {"count", 2},
                                             {"kind", "status"}, {"status", 503}}).ok());
  ASSERT_TRUE(sb_.InjectFault("salesforce", {{"match", "GET /services/data/v60.0/limits"}, {"count", 1},
                                             {"kind", "drop_before"}}).ok());
  auto r = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(r.status, "done") << r.error;
  EXPECT_EQ(Stored(), 50);
}

TEST_F(StreamRunnerTest, ANeedsReauthConnectionPausesTheStreamWithoutLosingIt) {
  connector_.pages = 2;
  ASSERT_EQ(RunStream(deps_, sync_, connector_, "contacts", {}).status, "done");
  connector_.pages = 4;
  // The access token is revoked at the provider and getting a new one fails for good.
  auto token = sb_.OpenStoredSecret("sf", "access_token");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(sb_.Control("salesforce", "POST", "tokens/revoke", {{"token", token->Reveal()}}).ok());
  ASSERT_TRUE(sb_.InjectFault("salesforce", {{"match", "POST /services/oauth2/token"}, {"count", 5},
                                             {"kind", "provider_error"}, {"code", "invalid_grant"}, {"status", 400}}).ok());
  auto r = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(r.status, "paused") << r.error;
  EXPECT_NE(r.error.find("salesyncctl connect sf"), std::string::npos) << r.error;
  auto cp = store_->LoadCheckpoint("s", "contacts");
  EXPECT_EQ((*cp)->checkpoint["next_page"], 2) << "the checkpoint stays where the last page left it";
}

TEST_F(StreamRunnerTest, StopInterruptsBetweenPages) {
  connector_.wait_ms = 1;
  int calls = 0;
  deps_.sleep = [&](std::chrono::milliseconds) {
    if (++calls == 2) stop_ = true;
    return !stop_.load();
  };
  auto r = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(r.status, "interrupted");
  EXPECT_EQ(Stored(), 20);
  EXPECT_EQ((*store_->LoadCheckpoint("s", "contacts"))->checkpoint["next_page"], 2);
}

TEST_F(StreamRunnerTest, WritebackWritesActivitiesOfPeopleWithATargetRecordOnce) {
  // Marketo lead 1 and its activities; the person is in Salesforce as Contact 0031.
  store::PageCommit leads{"m", "leads", "mkto", {{"lead", "1", 1, false, 0, {{"email", "p1@example.com"}}}}, std::nullopt, {}, 1};
  ASSERT_TRUE(store_->CommitPage(leads).ok());
  ASSERT_EQ(RunStream(deps_, sync_, connector_, "contacts", {}).status, "done");  // Contacts p0..p49
  std::vector<store::SourceRecord> acts;
  for (int i = 0; i < 7; ++i) {
    acts.push_back({"activity", "g" + std::to_string(i), 100 + i, false, 0,
                    {{"leadId", 1}, {"activityTypeId", 1}, {"primaryAttributeValue", "Visited page " + std::to_string(i)}}});
  }
  ASSERT_TRUE(store_->CommitPage({"m", "activities", "mkto", acts, std::nullopt, {"back"}, 2}).ok());
  config::SyncConfig back;
  back.name = "back";
  back.writeback = config::WritebackConfig{"sf", "Task", {"mkto"}, nlohmann::json::object(), 0};
  auto r = RunWriteback(deps_, back, "salesforce", connector_);
  EXPECT_EQ(r.status, "done") << r.error;
  EXPECT_EQ(r.written, 7);
  EXPECT_EQ(r.calls, 3) << "batches of MaxWriteBatch (3)";
  ASSERT_FALSE(connector_.last_items.empty());
  EXPECT_EQ(connector_.last_items[0].key, "mkto:g6");
  EXPECT_EQ(connector_.last_items[0].fields["WhoId"], "0031");
  EXPECT_EQ(connector_.last_items[0].fields["ActivityDate"], "1970-01-01");
  auto again = RunWriteback(deps_, back, "salesforce", connector_);
  EXPECT_EQ(again.written, 0) << "done items are not written twice";
}

TEST_F(StreamRunnerTest, AStreamThatAbsorbsEveryRefusalCannotSpinForever) {
  connector_.absorb_refusals = true;
  ASSERT_TRUE(sb_.InjectFault("salesforce", {{"match", "GET /services/data/v60.0/limits"}, {"count", 1000}, {"kind", "status"}, {"status", 400}}).ok());
  auto r = RunStream(deps_, sync_, connector_, "contacts", {});
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("times in a row"), std::string::npos) << r.error;
  EXPECT_LE(r.calls, 52);
}

}  // namespace
}  // namespace salesync::sync
