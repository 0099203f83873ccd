// The sync engine end to end with the real connectors against the sandbox: Salesforce and Marketo into the
// store, identity across both, incremental runs, and activities written back as Tasks exactly once.
#include <gtest/gtest.h>

#include "config/config.h"
#include "connectors/registry.h"
#include "sync/mapping_preview.h"
#include "store/sync_store.h"
#include "sync/scheduler.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::sync {
namespace {

class SyncSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ConnectedSandboxOptions o;
    o.seed = {400, 2, 11};
    sb_ = std::make_unique<testing::ConnectedSandbox>(o);
    ASSERT_TRUE(sb_->Start().ok());
    sync_store_ = std::make_unique<store::SyncStore>(&sb_->store());
    RunDeps deps;
    deps.api = &sb_->api();
    deps.store = sync_store_.get();
    deps.progress = &progress_;
    deps.metrics = &sb_->metrics();
    deps.now_ms = [this] { return sb_->NowMs(); };
    // Waits inside runs (export polling, the Salesforce settle margin) move the sandbox clock: no sleeping.
    deps.sleep = [this](std::chrono::milliseconds d) {
      sb_->AdvanceClock(std::max<int64_t>(1, d.count() / 1000));
      return true;
    };
    config::SyncConfig sf;
    sf.name = "sf";
    sf.connection = "sf";
    sf.streams = {"Lead", "Contact", "Account"};
    sf.stream_settings = {{"Contact", {{"page_size", 200}}}, {"Lead", {{"page_size", 200}}}};
    config::SyncConfig mk;
    mk.name = "mk";
    mk.connection = "mkto";
    mk.streams = {"leads", "activities"};
    config::SyncConfig back;
    back.name = "back";
    back.writeback = config::WritebackConfig{"sf", "Task", {"mkto"}, nlohmann::json::object(), 0};
    scheduler_ = std::make_unique<SyncScheduler>(deps, &sb_->store(),
                                                 std::map<std::string, config::SyncConfig>{{"sf", sf}, {"mk", mk}, {"back", back}},
                                                 sb_->connection_configs());
  }

  void TearDown() override {
    scheduler_.reset();
    sb_.reset();
  }

  void Run(const std::string& name) {
    ASSERT_TRUE(scheduler_->RunOnce(name).ok());
    auto d = scheduler_->Describe(name);
    for (const auto& [stream, p] : d["streams"].items()) {
      if (p.contains("state")) {
        EXPECT_EQ(p["state"], "done") << name << "/" << stream << ": " << p.dump();
      }
    }
  }

  int64_t Soql(const std::string& query) {
    std::string q = query;
    for (char& c : q) {
      if (c == ' ') c = '+';
    }
    auto r = sb_->api().Call("sf", {"GET", "/services/data/v60.0/queryAll?q=" + q});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? nlohmann::json::parse(r->http.body)["totalSize"].get<int64_t>() : -1;
  }

  nlohmann::json Totals() {
    auto t = sync_store_->Totals();
    EXPECT_TRUE(t.ok());
    return t.ok() ? *t : nlohmann::json();
  }

  std::unique_ptr<testing::ConnectedSandbox> sb_;
  std::unique_ptr<store::SyncStore> sync_store_;
  SyncProgress progress_;
  std::unique_ptr<SyncScheduler> scheduler_;
};

TEST_F(SyncSandboxTest, BothSystemsLandInTheStoreAsLinkedPeopleAndActivitiesAreWrittenBackOnce) {
  ASSERT_NE(connectors::ConnectorFor("salesforce"), nullptr);
  ASSERT_NE(connectors::ConnectorFor("marketo"), nullptr);
  Run("sf");
  Run("mk");
  auto totals = Totals();
  EXPECT_EQ(totals["records"]["sf/Contact"]["live"], Soql("SELECT COUNT() FROM Contact WHERE IsDeleted = false"));
  EXPECT_EQ(totals["records"]["sf/Lead"]["live"], Soql("SELECT COUNT() FROM Lead WHERE IsDeleted = false"));
  EXPECT_EQ(totals["records"]["sf/Account"]["live"], Soql("SELECT COUNT() FROM Account WHERE IsDeleted = false"));
  ASSERT_TRUE(totals["records"].contains("mkto/lead")) << totals.dump();
  EXPECT_GT(totals["records"]["mkto/lead"]["live"].get<int64_t>(), 300);
  EXPECT_GT(totals["activities"].get<int64_t>(), 500);
  // One person per human: the overlapping population joins, so there are fewer people than records.
  int64_t person_records = totals["records"]["sf/Contact"]["live"].get<int64_t>() +
                           totals["records"]["sf/Lead"]["live"].get<int64_t>() +
                           totals["records"]["mkto/lead"]["live"].get<int64_t>();
  EXPECT_LT(totals["people"].get<int64_t>(), person_records * 3 / 4) << totals.dump();

  // Activities of people that are in Salesforce become Tasks, upserted on our key.
  Run("back");
  auto d = scheduler_->Describe("back");
  int64_t done = d["writeback"]["done"];
  EXPECT_GT(done, 100) << d.dump();
  EXPECT_EQ(d["writeback"]["failed"], 0) << d.dump();
  EXPECT_EQ(Soql("SELECT COUNT() FROM Task WHERE Salesync_Activity_Id__c != null"), done);

  // A second run writes nothing; a second Marketo run reads no new activity.
  Run("back");
  EXPECT_EQ(Soql("SELECT COUNT() FROM Task WHERE Salesync_Activity_Id__c != null"), done);
  int64_t activities = Totals()["activities"];
  Run("mk");
  EXPECT_EQ(Totals()["activities"], activities);
}

TEST_F(SyncSandboxTest, UpdatesAndDeletesUpstreamArriveInTheNextIncrementalRun) {
  Run("sf");
  auto contacts = sb_->api().Call("sf", {"GET", "/services/data/v60.0/query?q=SELECT+Id,Email+FROM+Contact+ORDER+BY+Id+LIMIT+2"});
  ASSERT_TRUE(contacts.ok());
  auto rows = nlohmann::json::parse(contacts->http.body)["records"];
  ASSERT_EQ(rows.size(), 2u);
  std::string changed = rows[0]["Id"], gone = rows[1]["Id"];
  std::string email = rows[0]["Email"];
  sb_->AdvanceClock(60);
  ASSERT_TRUE(sb_->Control("salesforce", "PATCH", "records/Contact/" + changed, {{"Title", "Chief Sync Officer"}}).ok());
  ASSERT_TRUE(sb_->Control("salesforce", "DELETE", "records/Contact/" + gone).ok());
  sb_->AdvanceClock(60);
  Run("sf");
  auto people = sync_store_->PeopleByEmail(email, 5);
  ASSERT_TRUE(people.ok());
  ASSERT_FALSE(people->empty());
  EXPECT_EQ((*people)[0]["title"], "Chief Sync Officer");
  EXPECT_EQ(Totals()["records"]["sf/Contact"]["deleted"], 1);
}

TEST_F(SyncSandboxTest, ATaskWriteWhoseAnswerIsLostIsNotDuplicated) {
  Run("sf");
  Run("mk");
  // The first batch reaches Salesforce and runs, but the connection drops before the answer: the
  // ApiClient resends the (idempotent) upsert, which updates the same Tasks.
  ASSERT_TRUE(sb_->InjectFault("salesforce", {{"match", "PATCH /services/data/*/composite/sobjects/Task/*"}, {"count", 1},
                                              {"kind", "drop_after"}}).ok());
  Run("back");
  auto faults = sb_->Effects("salesforce", "fault.");
  ASSERT_EQ(faults.size(), 1u) << "the fault fired";
  int64_t done = scheduler_->Describe("back")["writeback"]["done"];
  EXPECT_GT(done, 0);
  EXPECT_EQ(Soql("SELECT COUNT() FROM Task WHERE Salesync_Activity_Id__c != null"), done);
}

TEST_F(SyncSandboxTest, MappingPreviewValidatesAgainstLiveDescribeAndShowsSampleRecords) {
  // A mapping as an admin writes it; a Salesforce Lead needs LastName and Company, and Email is 80 long.
  auto parsed = config::ParseConfig("m.json", R"({
    "connections": {
      "sf": {"type": "salesforce", "flow": "manual", "login_url": "https://login.salesforce.com"},
      "mkto": {"type": "marketo", "flow": "manual", "identity_url": "https://x.mktorest.com/identity",
               "base_url": "https://x.mktorest.com"}},
    "mappings": {"leads": {
      "source": {"connection": "mkto", "object": "lead"},
      "target": {"connection": "sf", "object": "Lead"},
      "identity": ["Email"],
      "fields": [
        {"source": "email", "target": "Email", "transforms": ["trim", "lower"]},
        {"source": "lastName", "target": "LastName"},
        {"source": "title", "target": "Titel"}]}}})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const auto& spec = parsed->mappings.at("leads");
  LiveMappingPreview previews(&sb_->api(), sync_store_.get(), sb_->connection_configs(), [this] { return sb_->NowMs(); });
  // Nothing synced yet: the samples are read live (Marketo's oldest lead ids, one call), never by an export.
  auto preview = previews.Build(spec, 5, false);
  ASSERT_TRUE(preview.ok()) << preview.error().ToString();
  EXPECT_EQ(preview->status, mapping::Severity::kError);
  auto json = mapping::ToJson(*preview);
  std::string all = json.dump();
  EXPECT_NE(all.find("Titel"), std::string::npos);
  EXPECT_NE(all.find("Title"), std::string::npos) << "did you mean";
  EXPECT_NE(all.find("Company"), std::string::npos) << "the required target left unmapped";
  EXPECT_EQ(preview->summary.sampled, 5u);
  ASSERT_EQ(preview->samples.size(), 5u);
  EXPECT_TRUE(sb_->Effects("marketo", "bulk.").empty()) << "a preview never starts a bulk export";
  // The describe answers are cached: a second preview makes no describe call.
  auto describes = [&] {
    auto stats = sb_->Control("salesforce", "GET", "stats");
    int64_t n = 0;
    for (const auto& [endpoint, count] : (*stats)["calls"].items()) {
      if (endpoint.find("/describe") != std::string::npos) n += count.get<int64_t>();
    }
    return n;
  };
  int64_t before = describes();
  ASSERT_TRUE(previews.Build(spec, 5, false).ok());
  EXPECT_EQ(describes(), before);
  ASSERT_TRUE(previews.Build(spec, 5, true).ok());
  EXPECT_EQ(describes(), before + 1) << "--refresh reads the target describe again";
}

TEST_F(SyncSandboxTest, ASyncWithAMappingStartsOnlyWithTheAcceptedPreviewVersionAndStopsWhenItChanges) {
  std::string current = "v1-hash";
  scheduler_->SetMappingVersions([&](const std::string& name) -> std::optional<std::string> {
    if (name == "leads-map") return current;
    return std::nullopt;
  });
  config::SyncConfig sf;
  sf.name = "sf";
  sf.connection = "sf";
  sf.streams = {"Contact"};
  sf.mapping = "leads-map";
  scheduler_->Reconfigure({{"sf", sf}});

  auto refused = scheduler_->StartSync("sf");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("has not been accepted"), std::string::npos) << refused.error().message;
  auto stale = scheduler_->StartSync("sf", "v0-hash");
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.error().message.find("not the previewed version"), std::string::npos);
  ASSERT_TRUE(scheduler_->StartSync("sf", "v1-hash").ok());
  ASSERT_TRUE(scheduler_->RunOnce("sf").ok());
  EXPECT_GT(Totals()["records"]["sf/Contact"]["live"].get<int64_t>(), 0);
  EXPECT_FALSE(scheduler_->Describe("sf").contains("blocked"));

  // The mapping is edited: runs stop, with the reason, until the new version is accepted.
  current = "v2-hash";
  ASSERT_TRUE(scheduler_->RunOnce("sf").ok());
  auto d = scheduler_->Describe("sf");
  ASSERT_TRUE(d.contains("blocked")) << d.dump();
  EXPECT_EQ(d["streams"]["Contact"]["state"], "paused");
  EXPECT_NE(d["streams"]["Contact"]["last_error"].get<std::string>().find("changed since its preview was accepted"),
            std::string::npos);
  ASSERT_TRUE(scheduler_->StartSync("sf", "v2-hash").ok());
  EXPECT_FALSE(scheduler_->Describe("sf").contains("blocked"));
}

}  // namespace
}  // namespace salesync::sync
