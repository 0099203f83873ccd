// RunPush against a fake target: identity resolution (our earlier record, a linked record, one match, none,
// several), rejection reasons from the plan, batch sizes, retries, and a lost create answer.
#include "sync/push_runner.h"

#include <gtest/gtest.h>

#include "mapping/testdata/describes.h"
#include "store/push_store.h"
#include "store/store_test_util.h"
#include "store/sync_store.h"

namespace salesync::sync {
namespace {

// Records what it is asked; answers from a small in-memory table of target records.
class FakeTarget : public PushTarget {
 public:
  struct Row {
    std::string id;
    nlohmann::json fields;
  };
  size_t MaxBatch() const override { return 200; }
  int64_t calls() const override { return lookups + creates + updates; }

  Result<std::vector<IdentityRow>> Lookup(const std::vector<std::string>& fields,
                                          const std::vector<std::vector<std::string>>& keys) override {
    ++lookups;
    lookup_sizes.push_back(keys.size());
    if (fail_lookup) return *fail_lookup;
    std::vector<IdentityRow> out;
    for (const auto& r : rows) {
      for (const auto& k : keys) {
        if (r.fields.value(fields[0], "") == k[0]) out.push_back({r.id, {k[0]}});
      }
    }
    return out;
  }
  Result<std::vector<connectors::WriteOutcome>> Create(const std::vector<nlohmann::json>& records) override {
    ++creates;
    create_sizes.push_back(records.size());
    std::vector<connectors::WriteOutcome> out;
    for (const auto& r : records) {
      rows.push_back({"00Q" + std::to_string(1000 + rows.size()), r});
      out.push_back({"", true, true, rows.back().id, "", "", false});
    }
    if (drop_create_answer) {
      drop_create_answer = false;
      return MakeError(ErrorCode::kTransient, "The connection closed before the answer.", "ambiguous: POST");
    }
    return out;
  }
  Result<std::vector<connectors::WriteOutcome>> Update(
      const std::vector<std::pair<std::string, nlohmann::json>>& records) override {
    ++updates;
    std::vector<connectors::WriteOutcome> out;
    for (const auto& [id, fields] : records) {
      updated_ids.push_back(id);
      if (id == locked_id) {
        out.push_back({"", false, false, "", "UNABLE_TO_LOCK_ROW", "locked", true});
        continue;
      }
      for (auto& r : rows) {
        if (r.id == id) r.fields.update(fields);
      }
      out.push_back({"", true, false, id, "", "", false});
    }
    return out;
  }

  std::vector<Row> rows;
  int64_t lookups = 0, creates = 0, updates = 0;
  std::vector<size_t> lookup_sizes, create_sizes;
  std::vector<std::string> updated_ids;
  std::optional<Error> fail_lookup;
  bool drop_create_answer = false;
  std::string locked_id;
};

class PushRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
    sync_store_ = std::make_unique<store::SyncStore>(store_.get());
    pushes_ = std::make_unique<store::PushStore>(store_.get());
    auto spec = mapping::testdata::ParseMapping(R"({
      "source": {"connection": "marketo", "object": "lead"},
      "target": {"connection": "salesforce", "object": "Lead"},
      "identity": ["Email"],
      "fields": [
        {"source": "email", "target": "Email", "transforms": ["trim", "lower"]},
        {"source": "lastName", "target": "LastName", "transforms": ["trim"]},
        {"source": "company", "target": "Company", "default": "Unknown"},
        {"source": "title", "target": "Title", "transforms": ["trim", {"truncate": {"max_chars": 10}}]}]})");
    ASSERT_TRUE(spec.ok()) << spec.error().ToString();
    static const auto source = mapping::testdata::MarketoLead();
    static const auto target = mapping::testdata::SalesforceLead();
    auto plan = mapping::Plan::Compile(*spec, &source, &target);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    plan_ = std::make_unique<mapping::Plan>(*plan);
    deps_.store = sync_store_.get();
    deps_.progress = &progress_;
    deps_.metrics = &metrics_;
    deps_.now_ms = [this] { return now_; };
    DeclarePushMetrics(metrics_);
  }

  store::SourceRecord Lead(int i, const std::string& email, int64_t modified = 1000) {
    return {"lead", std::to_string(i), modified, false, 0,
            {{"email", email}, {"lastName", " Last" + std::to_string(i) + " "}, {"title", "Head of Everything"}}};
  }

  void Commit(const std::string& connection, std::vector<store::SourceRecord> records) {
    store::PageCommit page{"mk", "leads", connection, std::move(records), std::nullopt, {}, now_};
    ASSERT_TRUE(sync_store_->CommitPage(page).ok());
  }

  PushRunResult Run() {
    now_ += 1000;
    return RunPush(deps_, *pushes_, route_, *plan_, target_);
  }

  store::PushCounts Counts() {
    auto c = pushes_->Counts("mk");
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : store::PushCounts{};
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::SyncStore> sync_store_;
  std::unique_ptr<store::PushStore> pushes_;
  std::unique_ptr<mapping::Plan> plan_;
  SyncProgress progress_;
  MetricsRegistry metrics_;
  RunDeps deps_;
  int64_t now_ = 1'700'000'000'000;
  store::PushRoute route_{"mk", "marketo", "lead", "salesforce", "Lead"};
  FakeTarget target_;
};

TEST_F(PushRunnerTest, NoMatchCreatesWithOnlyTheMappedFieldsTransformed) {
  Commit("marketo", {Lead(1, "  Ann@Example.COM ")});
  auto r = Run();
  EXPECT_EQ(r.status, "done") << r.error;
  EXPECT_EQ(r.created, 1);
  ASSERT_EQ(target_.rows.size(), 1u);
  const auto& sent = target_.rows[0].fields;
  EXPECT_EQ(sent, (nlohmann::json{{"Email", "ann@example.com"}, {"LastName", "Last1"}, {"Company", "Unknown"},
                                  {"Title", "Head of Ev"}}));
  EXPECT_EQ(Counts().done, 1);
  EXPECT_EQ(metrics_.CounterValue("salesync_push_records_total", {{"sync", "mk"}, {"outcome", "created"}}), 1);
}

TEST_F(PushRunnerTest, OneMatchUpdatesItAndSeveralAreAConflictNeverGuessed) {
  target_.rows = {{"00QONE", {{"Email", "one@example.com"}}},
                  {"00QTWO1", {{"Email", "two@example.com"}}},
                  {"00QTWO2", {{"Email", "two@example.com"}}}};
  Commit("marketo", {Lead(1, "one@example.com"), Lead(2, "two@example.com")});
  auto r = Run();
  EXPECT_EQ(r.status, "done") << r.error;
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.created, 0);
  EXPECT_EQ(r.rejected, 1);
  EXPECT_EQ(target_.updated_ids, std::vector<std::string>{"00QONE"});
  EXPECT_EQ(target_.rows[0].fields["LastName"], "Last1");
  auto c = Counts();
  ASSERT_EQ(c.recent_rejections.size(), 1u);
  EXPECT_EQ(c.recent_rejections[0].remote_id, "2");
  EXPECT_NE(c.recent_rejections[0].reason.find("Conflict: 2 Lead records"), std::string::npos) << c.recent_rejections[0].reason;
  EXPECT_NE(c.recent_rejections[0].reason.find("00QTWO1"), std::string::npos);
}

TEST_F(PushRunnerTest, APersonLinkedToATargetRecordUpdatesItWithoutALookup) {
  // A Salesforce Lead in the store, then a Marketo lead that names it: one person.
  store::SourceRecord sf{"Lead", "00QLINKED", 500, false, 0, {{"Email", "old@example.com"}}};
  Commit("salesforce", {sf});
  auto lead = Lead(1, "new@example.com");
  lead.fields["sfdcLeadId"] = "00QLINKED";
  Commit("marketo", {lead});
  auto r = Run();
  EXPECT_EQ(r.status, "done") << r.error;
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(target_.lookups, 0);
  EXPECT_EQ(target_.updated_ids, std::vector<std::string>{"00QLINKED"});
}

TEST_F(PushRunnerTest, RejectedRecordsKeepThePreviewsReasons) {
  auto bad = Lead(1, "not an e-mail");
  auto empty = Lead(2, "   ");
  Commit("marketo", {bad, empty, Lead(3, "ok@example.com")});
  auto r = Run();
  EXPECT_EQ(r.rejected, 2);
  EXPECT_EQ(r.created, 1);
  auto c = Counts();
  EXPECT_EQ(c.rejected, 2);
  std::string all;
  for (const auto& x : c.recent_rejections) all += x.remote_id + "=" + x.reason + "\n";
  EXPECT_NE(all.find("1=Email: "), std::string::npos) << all;
  EXPECT_NE(all.find("identity field"), std::string::npos) << all;
  EXPECT_EQ(metrics_.CounterValue("salesync_push_records_total", {{"sync", "mk"}, {"outcome", "rejected"}}), 2);
}

TEST_F(PushRunnerTest, BatchesOfAtMost200AndASecondRunPushesNothing) {
  std::vector<store::SourceRecord> leads;
  for (int i = 0; i < 450; ++i) leads.push_back(Lead(i, "p" + std::to_string(i) + "@example.com"));
  Commit("marketo", leads);
  auto r = Run();
  EXPECT_EQ(r.created, 450);
  EXPECT_EQ(target_.lookups, 3);
  EXPECT_EQ(target_.creates, 3);
  EXPECT_EQ(target_.create_sizes, (std::vector<size_t>{200, 200, 50}));
  auto again = Run();
  EXPECT_EQ(again.enqueued, 0);
  EXPECT_EQ(target_.calls(), 6) << "nothing new, nothing sent";
  // A changed source record is pushed again, as an update of the record created for it.
  Commit("marketo", {Lead(7, "p7@example.com", 2000)});
  auto changed = Run();
  EXPECT_EQ(changed.updated, 1);
  EXPECT_EQ(target_.lookups, 3) << "the target id is known: no lookup";
  EXPECT_EQ(target_.updated_ids, std::vector<std::string>{"00Q1007"});
}

TEST_F(PushRunnerTest, ALostCreateAnswerIsFoundByIdentityNextRunNotCreatedTwice) {
  Commit("marketo", {Lead(1, "lost@example.com")});
  target_.drop_create_answer = true;
  auto first = Run();
  EXPECT_EQ(first.status, "done");
  EXPECT_EQ(first.retried, 1);
  EXPECT_EQ(Counts().pending, 1);
  ASSERT_EQ(target_.rows.size(), 1u) << "the create ran";
  auto second = Run();
  EXPECT_EQ(second.updated, 1);
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(target_.rows.size(), 1u);
  EXPECT_EQ(Counts().done, 1);
}

TEST_F(PushRunnerTest, TwoRecordsWithOneIdentityInABatchMakeOneTargetRecord) {
  Commit("marketo", {Lead(1, "same@example.com"), Lead(2, "SAME@example.com")});
  auto r = Run();
  EXPECT_EQ(r.created, 1);
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(target_.rows.size(), 1u);
}

TEST_F(PushRunnerTest, TransientFailuresRetryNextRunUpToTheCapAndAuthPauses) {
  Commit("marketo", {Lead(1, "a@example.com")});
  target_.fail_lookup = MakeError(ErrorCode::kTransient, "Salesforce answered 503.");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Run().retried, 1);
  EXPECT_EQ(Counts().pending, 1);
  Run();
  auto c = Counts();
  EXPECT_EQ(c.pending, 0);
  EXPECT_EQ(c.failed, 1) << "five attempts, then failed and shown";
  ASSERT_EQ(c.recent_failures.size(), 1u);
  EXPECT_NE(c.recent_failures[0].reason.find("503"), std::string::npos);

  Commit("marketo", {Lead(2, "b@example.com")});
  target_.fail_lookup = MakeError(ErrorCode::kUnauthenticated, "The refresh token was revoked.");
  auto paused = Run();
  EXPECT_EQ(paused.status, "paused");
  EXPECT_EQ(Counts().pending, 1) << "nothing is lost while the connection waits";
}

TEST_F(PushRunnerTest, ARetryableRowErrorStaysPending) {
  target_.rows = {{"00QLOCK", {{"Email", "l@example.com"}}}};
  target_.locked_id = "00QLOCK";
  Commit("marketo", {Lead(1, "l@example.com")});
  auto r = Run();
  EXPECT_EQ(r.retried, 1);
  EXPECT_EQ(Counts().pending, 1);
  target_.locked_id.clear();
  EXPECT_EQ(Run().updated, 1);
}

}  // namespace
}  // namespace salesync::sync
