// The push path end to end against the in-process sandbox: Marketo leads synced by a sync with a mapping
// become Salesforce Leads, transformed per the mapping; a second run pushes nothing; a changed lead pushes an
// update; a create whose answer is dropped still makes exactly one Lead.
#include <gtest/gtest.h>

#include "config/config.h"
#include "mapping/spec_version.h"
#include "store/sync_store.h"
#include "sync/mapping_preview.h"
#include "sync/push_target.h"
#include "sync/scheduler.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::sync {
namespace {

class PushSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ConnectedSandboxOptions o;
    o.seed = {300, 1, 5};
    sb_ = std::make_unique<testing::ConnectedSandbox>(o);
    ASSERT_TRUE(sb_->Start().ok());
    sync_store_ = std::make_unique<store::SyncStore>(&sb_->store());
    RunDeps deps;
    deps.api = &sb_->api();
    deps.store = sync_store_.get();
    deps.progress = &progress_;
    deps.metrics = &sb_->metrics();
    deps.now_ms = [this] { return sb_->NowMs(); };
    deps.sleep = [this](std::chrono::milliseconds d) {
      sb_->AdvanceClock(std::max<int64_t>(1, d.count() / 1000));
      return true;
    };
    auto parsed = config::ParseConfig("push.json", R"({
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
          {"source": "firstName", "target": "FirstName", "transforms": ["trim"]},
          {"source": "lastName", "target": "LastName", "transforms": ["trim"]},
          {"source": "company", "target": "Company", "default": "Unknown"},
          {"source": "title", "target": "Title", "transforms": ["trim", {"truncate": {"max_chars": 10}}]}]}}})");
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    spec_ = parsed->mappings.at("leads");
    previews_ = std::make_unique<LiveMappingPreview>(&sb_->api(), sync_store_.get(), sb_->connection_configs(),
                                                    [this] { return sb_->NowMs(); });
    config::SyncConfig mk;
    mk.name = "mk";
    mk.connection = "mkto";
    mk.streams = {"leads"};
    mk.mapping = "leads";
    scheduler_ = std::make_unique<SyncScheduler>(deps, &sb_->store(), std::map<std::string, config::SyncConfig>{{"mk", mk}},
                                                 sb_->connection_configs());
    scheduler_->SetMappingVersions([this](const std::string& name) -> std::optional<std::string> {
      if (name != "leads") return std::nullopt;
      return mapping::SpecVersion(spec_);
    });
    scheduler_->SetMappingAccess({[this](const std::string& name) -> std::optional<config::MappingSpec> {
                                    if (name != "leads") return std::nullopt;
                                    return spec_;
                                  },
                                  [this](const std::string& connection, const std::string& object) {
                                    return previews_->Describe(connection, object, false);
                                  }});
    ASSERT_TRUE(scheduler_->StartSync("mk", mapping::SpecVersion(spec_)).ok());
  }

  void TearDown() override {
    scheduler_.reset();
    sb_.reset();
  }

  nlohmann::json RunMk() {
    sb_->AdvanceClock(120);
    EXPECT_TRUE(scheduler_->RunOnce("mk").ok());
    auto d = scheduler_->Describe("mk");
    EXPECT_EQ(d["streams"]["push"]["state"], "done") << d.dump();
    return d["push"];
  }

  nlohmann::json Query(const std::string& soql) {
    std::string q = soql;
    for (char& c : q) {
      if (c == ' ') c = '+';
    }
    auto r = sb_->api().Call("sf", {"GET", "/services/data/v60.0/query?q=" + q});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? nlohmann::json::parse(r->http.body) : nlohmann::json();
  }

  // Creates or updates a Marketo lead through its REST API (as a marketer's edit would).
  void UpsertMarketoLead(const nlohmann::json& lead) {
    net::ClientRequest r{"POST", "/rest/v1/leads.json"};
    r.headers.push_back({"Content-Type", "application/json"});
    r.body = nlohmann::json{{"action", "createOrUpdate"}, {"lookupField", "email"}, {"input", {lead}}}.dump();
    auto answer = sb_->api().Call("mkto", r);
    ASSERT_TRUE(answer.ok()) << answer.error().ToString();
    auto j = nlohmann::json::parse(answer->http.body);
    ASSERT_TRUE(j.value("success", false)) << j.dump();
    ASSERT_NE(j["result"][0].value("status", ""), "skipped") << j.dump();
  }

  int64_t CompositeWrites(const std::string& method, int64_t since) {
    int64_t n = 0;
    for (const auto& e : sb_->Effects("salesforce", "", since)) {
      if (e.value("endpoint", "").find(method + " /services/data/v60.0/composite/sobjects") == 0) ++n;
    }
    return n;
  }

  int64_t EffectsSeq() {
    auto all = sb_->Effects("salesforce");
    return all.empty() ? 0 : all.back().value("seq", int64_t{0});
  }

  std::unique_ptr<testing::ConnectedSandbox> sb_;
  std::unique_ptr<store::SyncStore> sync_store_;
  SyncProgress progress_;
  config::MappingSpec spec_;
  std::unique_ptr<LiveMappingPreview> previews_;
  std::unique_ptr<SyncScheduler> scheduler_;
};

TEST_F(PushSandboxTest, MarketoLeadsBecomeSalesforceLeadsOnceAndChangesUpdateThem) {
  UpsertMarketoLead({{"email", "Push.Test@Example.COM"}, {"firstName", "  Petra "}, {"lastName", " Pusher  "},
                     {"title", "Vice President of Everything"}});
  int64_t leads_before = Query("SELECT COUNT() FROM Lead")["totalSize"];
  auto push = RunMk();
  int64_t done = push["done"], rejected = push["rejected"];
  EXPECT_GT(done, 100) << push.dump();
  EXPECT_EQ(push["pending"], 0) << push.dump();
  EXPECT_EQ(push["failed"], 0) << push.dump();
  int64_t created = sb_->metrics().CounterValue("salesync_push_records_total", {{"sync", "mk"}, {"outcome", "created"}});
  int64_t updated = sb_->metrics().CounterValue("salesync_push_records_total", {{"sync", "mk"}, {"outcome", "updated"}});
  EXPECT_EQ(created + updated, done);
  EXPECT_GT(created, 0);
  EXPECT_EQ(Query("SELECT COUNT() FROM Lead")["totalSize"].get<int64_t>(), leads_before + created);
  if (rejected > 0) {
    EXPECT_FALSE(push["last_rejections"].empty()) << push.dump();
  }

  // The lead as the mapping wrote it: e-mail trimmed and lower-cased, names trimmed, company defaulted,
  // title truncated to 10 characters.
  auto rows = Query("SELECT Id, Email, FirstName, LastName, Company, Title FROM Lead WHERE Email = 'push.test@example.com'");
  ASSERT_EQ(rows["totalSize"], 1) << rows.dump();
  const auto& lead = rows["records"][0];
  EXPECT_EQ(lead["Email"], "push.test@example.com");
  EXPECT_EQ(lead["FirstName"], "Petra");
  EXPECT_EQ(lead["LastName"], "Pusher");
  EXPECT_EQ(lead["Company"], "Unknown");
  EXPECT_EQ(lead["Title"], "Vice Presi");
  std::string id = lead["Id"];

  // A second run has nothing new: no write at all.
  int64_t seq = EffectsSeq();
  auto again = RunMk();
  EXPECT_EQ(again["done"], done);
  EXPECT_EQ(CompositeWrites("POST", seq) + CompositeWrites("PATCH", seq), 0);

  // A changed lead is pushed as an update of the same Salesforce Lead.
  UpsertMarketoLead({{"email", "push.test@example.com"}, {"lastName", "Renamed"}});
  seq = EffectsSeq();
  RunMk();
  EXPECT_EQ(CompositeWrites("POST", seq), 0);
  EXPECT_EQ(CompositeWrites("PATCH", seq), 1);
  auto after = Query("SELECT Id, LastName FROM Lead WHERE Email = 'push.test@example.com'");
  ASSERT_EQ(after["totalSize"], 1) << after.dump();
  EXPECT_EQ(after["records"][0]["Id"], id);
  EXPECT_EQ(after["records"][0]["LastName"], "Renamed");
}

TEST_F(PushSandboxTest, ACreateWhoseAnswerIsDroppedMakesExactlyOneLead) {
  RunMk();
  UpsertMarketoLead({{"email", "dropped.answer@example.com"}, {"lastName", "Dropped"}, {"company", "Acme"}});
  // The create runs in Salesforce, then the connection closes before the answer.
  ASSERT_TRUE(sb_->InjectFault("salesforce", {{"match", "POST /services/data/*/composite/sobjects"}, {"count", 1},
                                              {"kind", "drop_after"}}).ok());
  auto first = RunMk();
  ASSERT_EQ(sb_->Effects("salesforce", "fault.").size(), 1u) << "the fault fired";
  EXPECT_EQ(first["pending"], 1) << first.dump();
  EXPECT_EQ(Query("SELECT COUNT() FROM Lead WHERE Email = 'dropped.answer@example.com'")["totalSize"], 1);
  // The next run looks the e-mail up before sending anything and updates the Lead the lost create made.
  auto second = RunMk();
  EXPECT_EQ(second["pending"], 0) << second.dump();
  EXPECT_EQ(second["failed"], 0) << second.dump();
  EXPECT_EQ(Query("SELECT COUNT() FROM Lead WHERE Email = 'dropped.answer@example.com'")["totalSize"], 1);
}

// Marketo leads as a push target (a mapping from Salesforce to Marketo): found by the identity field,
// created with createOrUpdate on it (so a resent create lands on the same lead), updated by id.
TEST(MarketoPushTargetTest, FindsCreatesAndUpdatesLeadsAndAResentCreateMakesNoSecondLead) {
  testing::ConnectedSandboxOptions o;
  o.seed = {50, 1, 5};
  testing::ConnectedSandbox sb(o);
  ASSERT_TRUE(sb.Start().ok());
  auto target = MakePushTarget(&sb.api(), "mkto", "marketo", "lead");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->MaxBatch(), 300u);
  auto existing = sb.Control("marketo", "GET", "leads/1");
  ASSERT_TRUE(existing.ok());
  std::string known = (*existing)["lead"]["email"];

  auto found = target->Lookup({"email"}, {{known}, {"nobody.yet@example.com"}});
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, "1");
  EXPECT_EQ((*found)[0].values, std::vector<std::string>{known});
  EXPECT_FALSE(target->Lookup({"email", "lastName"}, {{known, "x"}}).ok()) << "Marketo filters on one field";

  nlohmann::json fresh = {{"email", "nobody.yet@example.com"}, {"lastName", "First"}};
  auto created = target->Create({fresh});
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_EQ(created->size(), 1u);
  ASSERT_TRUE((*created)[0].ok) << (*created)[0].message;
  EXPECT_TRUE((*created)[0].created);
  std::string id = (*created)[0].remote_id;
  auto again = target->Create({fresh});  // as after an answer that never arrived
  ASSERT_TRUE(again.ok() && (*again)[0].ok);
  EXPECT_EQ((*again)[0].remote_id, id);
  EXPECT_FALSE((*again)[0].created);

  auto updated = target->Update({{id, {{"lastName", "Second"}}}});
  ASSERT_TRUE(updated.ok() && (*updated)[0].ok) << (updated.ok() ? (*updated)[0].message : updated.error().ToString());
  auto lead = sb.Control("marketo", "GET", "leads/" + id);
  ASSERT_TRUE(lead.ok());
  EXPECT_EQ((*lead)["lead"]["lastName"], "Second");
  EXPECT_EQ((*lead)["lead"]["email"], "nobody.yet@example.com");
  EXPECT_EQ(target->calls(), 4) << "lookup, create, create again, update: the two-field lookup sent nothing";
}

}  // namespace
}  // namespace salesync::sync
