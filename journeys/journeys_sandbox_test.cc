// Journeys end to end against the in-process sandbox: Salesforce accounts and contacts and Marketo leads
// synced into the store, a journey published (with its live checks), one scheduler pass, and the effects
// checked in the sandbox's effects log: batching, exactly-once score changes across a dropped answer,
// Tasks for sales alerts, blocked journey targets and a connection that needs re-authorisation.
#include <gtest/gtest.h>

#include <set>

#include "config/config.h"
#include "journeys/journey_scheduler.h"
#include "journeys/journey_service.h"
#include "journeys/journey_simulate.h"
#include "store/sync_store.h"
#include "sync/scheduler.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::journeys {
namespace {

class JourneysSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ConnectedSandboxOptions o;
    o.seed = {1000, 1, 5};
    o.tweak_connections = [](std::map<std::string, config::ConnectionConfig>& c, const nlohmann::json&) {
      config::ConnectionConfig bad = c.at("mkto");
      bad.name = "mkbad";
      bad.client_secret = Secret("not-the-secret");
      c["mkbad"] = bad;
    };
    sb_ = std::make_unique<testing::ConnectedSandbox>(o);
    ASSERT_TRUE(sb_->Start().ok());
    sync_store_ = std::make_unique<store::SyncStore>(&sb_->store());
    journeys_ = std::make_unique<store::JourneyStore>(&sb_->store());
    auto types = [this](const std::string& name) -> std::optional<std::string> {
      auto it = sb_->connection_configs().find(name);
      if (it == sb_->connection_configs().end()) return std::nullopt;
      return it->second.type;
    };
    auto now = [this] { return sb_->NowMs(); };
    service_ = std::make_unique<JourneyService>(journeys_.get(), &sb_->api(), types, now);
    JobRunnerOptions jo;
    jo.reconcile_margin_ms = 1000;
    scheduler_ = std::make_unique<JourneyScheduler>(journeys_.get(), &sb_->api(), &sb_->connections(), &sb_->metrics(),
                                                    now, types, jo);
  }

  void TearDown() override {
    scheduler_.reset();
    sb_.reset();
  }

  // Salesforce Accounts and Contacts and the Marketo leads into the store, as the sync engine does.
  void SyncEverything() {
    sync::RunDeps deps;
    deps.api = &sb_->api();
    deps.store = sync_store_.get();
    deps.progress = &progress_;
    deps.metrics = &sb_->metrics();
    deps.now_ms = [this] { return sb_->NowMs(); };
    deps.sleep = [this](std::chrono::milliseconds d) {
      sb_->AdvanceClock(std::max<int64_t>(1, d.count() / 1000));
      return true;
    };
    config::SyncConfig sf;
    sf.name = "sf";
    sf.connection = "sf";
    sf.streams = {"Account", "Contact"};
    config::SyncConfig mk;
    mk.name = "mk";
    mk.connection = "mkto";
    mk.streams = {"leads"};
    sync::SyncScheduler s(deps, &sb_->store(), {{"sf", sf}, {"mk", mk}}, sb_->connection_configs());
    ASSERT_TRUE(s.RunOnce("sf").ok());
    ASSERT_TRUE(s.RunOnce("mk").ok());
  }

  nlohmann::json Journey(const std::string& name, nlohmann::json nodes, nlohmann::json entry = nullptr) {
    nlohmann::json doc = {{"name", name}, {"description", "test"}, {"start", "n1"}, {"nodes", std::move(nodes)}};
    if (!entry.is_null()) doc["entry"] = entry;
    return doc;
  }

  void CreateAndPublish(const nlohmann::json& doc) {
    auto c = service_->Create(doc, "tester");
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    auto p = service_->Publish(doc["name"], "tester");
    ASSERT_TRUE(p.ok()) << p.error().ToString();
  }

  PassStats Pass() {
    auto r = scheduler_->RunOnce();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? *r : PassStats{};
  }

  std::vector<store::JobRow> Jobs(const std::string& state) {
    auto j = journeys_->ListJobs(state, 100000);
    EXPECT_TRUE(j.ok());
    return j.ok() ? *j : std::vector<store::JobRow>{};
  }

  // Leads touched per effect of `operation` (e.g. "campaign.request"): lead → times.
  std::map<std::string, int> Touched(const std::string& operation, size_t* calls = nullptr) {
    std::map<std::string, int> out;
    auto effects = sb_->Effects("marketo", operation);
    size_t n = 0;
    for (const auto& e : effects) {
      if (e.value("operation", "") != operation || e.value("actor", "") == "control") continue;
      ++n;
      for (const auto& r : e["records"]) ++out[r.is_string() ? r.get<std::string>() : r.dump()];
    }
    if (calls) *calls = n;
    return out;
  }

  std::unique_ptr<testing::ConnectedSandbox> sb_;
  std::unique_ptr<store::SyncStore> sync_store_;
  std::unique_ptr<store::JourneyStore> journeys_;
  sync::SyncProgress progress_;
  std::unique_ptr<JourneyService> service_;
  std::unique_ptr<JourneyScheduler> scheduler_;
};

TEST_F(JourneysSandboxTest, PublishChecksListsAndCampaignsOnTheConnection) {
  auto doc = Journey("Checks", {{"n1", {{"type", "action"}, {"scope", "people"}, {"action", "marketo_add_to_list"},
                                        {"settings", {{"connection", "mkto"}, {"list_id", 9999}}}, {"next", "n2"}}},
                                {"n2", {{"type", "action"}, {"scope", "people"}, {"action", "marketo_request_campaign"},
                                        {"settings", {{"connection", "mkto"}, {"campaign_id", 2004}}}, {"next", "n3"}}},
                                {"n3", {{"type", "action"}, {"scope", "account"}, {"action", "add_to_journey"},
                                        {"settings", {{"journey", "Nowhere"}}}, {"next", "n4"}}},
                                {"n4", {{"type", "end"}}}});
  ASSERT_TRUE(service_->Create(doc, "tester").ok());
  auto p = service_->Publish("Checks", "tester");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(p.error().message.find("nodes.n1.settings.list_id: Static list 9999 cannot be used"), std::string::npos)
      << p.error().message;
  EXPECT_NE(p.error().message.find("nodes.n2.settings.campaign_id: Request campaign 2004"), std::string::npos);
  EXPECT_NE(p.error().message.find("batch campaign"), std::string::npos);
  EXPECT_NE(p.error().message.find("nodes.n3.settings.journey: There is no journey named \"Nowhere\""), std::string::npos);
  EXPECT_EQ(journeys_->GetJourney("Checks")->status, "draft");

  doc["nodes"]["n1"]["settings"]["list_id"] = 1005;
  doc["nodes"]["n2"]["settings"]["campaign_id"] = 2003;
  doc["nodes"]["n3"]["settings"]["journey"] = "Target";
  ASSERT_TRUE(service_->Edit("Checks", doc, "tester").ok());
  CreateAndPublish(Journey("Target", {{"n1", {{"type", "end"}}}}, {{"type", "static"}, {"accounts", nlohmann::json::array()}}));
  auto ok = service_->Publish("Checks", "tester");
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok->status, "live");
  EXPECT_EQ(ok->published_by, "tester");
  // Live: no edit, no delete, no second publish — each refused with a sentence.
  EXPECT_EQ(service_->Edit("Checks", doc, "tester").error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->Delete("Checks").error().code, ErrorCode::kConflict);
  EXPECT_EQ(service_->Publish("Checks", "tester").error().code, ErrorCode::kConflict);
}

TEST_F(JourneysSandboxTest, PeopleActionsAreBatchedPerProviderLimitAndAppliedOnce) {
  SyncEverything();
  CreateAndPublish(Journey(
      "Onboarding",
      {{"n1", {{"type", "action"}, {"scope", "people"}, {"action", "marketo_add_to_list"},
               {"settings", {{"connection", "mkto"}, {"list_id", 1005}}}, {"next", "n2"}}},
       {"n2", {{"type", "action"}, {"scope", "people"}, {"action", "change_score"},
               {"settings", {{"connection", "mkto"}, {"score_name", "Lead Score"}, {"change", "+10"}}}, {"next", "n3"}}},
       {"n3", {{"type", "wait"}, {"duration_secs", 3600}, {"next", "n4"}}},
       {"n4", {{"type", "action"}, {"scope", "people"}, {"action", "marketo_remove_from_list"},
               {"settings", {{"connection", "mkto"}, {"list_id", 1005}}}, {"next", "n5"}}},
       {"n5", {{"type", "end"}}}}));
  auto row = journeys_->GetJourney("Onboarding");
  // Marketo's budget as the daemon configures it: 100 calls in any 20 s window, 10 in flight.
  oauth::RateBudget budget(&sb_->metrics());
  budget.Configure("mkto", {100, std::chrono::milliseconds(20000), 10, 0.1});
  auto sim = Simulate(journeys_.get(), *ParseJourney(row->document, service_->connection_types()), &budget);
  ASSERT_TRUE(sim.ok());

  PassStats first = Pass();
  EXPECT_GT(first.entered, 100);
  int64_t people = static_cast<int64_t>(Jobs("done").size()) / 2;
  ASSERT_GT(people, 300) << "the seed must give more leads than one list call takes";
  EXPECT_EQ(Jobs("done").size(), static_cast<size_t>(2 * people));
  EXPECT_TRUE(Jobs("dead").empty());

  size_t list_calls = 0, campaign_calls = 0;
  auto added = Touched("list.add", &list_calls);
  auto scored = Touched("campaign.request", &campaign_calls);
  EXPECT_EQ(static_cast<int64_t>(list_calls), (people + 299) / 300);
  EXPECT_EQ(static_cast<int64_t>(campaign_calls), (people + 99) / 100);
  EXPECT_EQ(static_cast<int64_t>(added.size()), people);
  EXPECT_EQ(static_cast<int64_t>(scored.size()), people);
  for (const auto& [lead, times] : scored) EXPECT_EQ(times, 1) << lead;
  // Simulate said the same before anything ran.
  int64_t simulated_calls = 0;
  for (const auto& n : (*sim)["nodes"]) simulated_calls += n["provider_calls"].get<int64_t>();
  EXPECT_EQ(simulated_calls, 2 * ((people + 299) / 300) + (people + 99) / 100) << sim->dump();
  EXPECT_EQ((*sim)["connections"]["mkto"]["window_calls"], 100) << sim->dump();

  // A second pass before the wait is over sends nothing; after it, the leads leave the list.
  Pass();
  EXPECT_EQ(Touched("campaign.request").size(), static_cast<size_t>(people));
  sb_->AdvanceClock(3601);
  PassStats later = Pass();
  EXPECT_EQ(later.finished, first.entered);
  size_t remove_calls = 0;
  EXPECT_EQ(static_cast<int64_t>(Touched("list.remove", &remove_calls).size()), people);
  EXPECT_EQ(static_cast<int64_t>(remove_calls), (people + 299) / 300);
  // A filter audience may still admit accounts synced later: the journey stays live until it is closed.
  EXPECT_EQ(journeys_->GetJourney("Onboarding")->status, "live");
  ASSERT_TRUE(service_->Close("Onboarding", "tester").ok());
  Pass();
  EXPECT_EQ(journeys_->GetJourney("Onboarding")->status, "completed");
  EXPECT_NE(sb_->metrics().RenderPrometheus().find("salesync_journey_jobs{action=\"change_score\""), std::string::npos);
}

TEST_F(JourneysSandboxTest, ADroppedAnswerIsReconciledWithoutADoubleScoreChange) {
  SyncEverything();
  // The first campaign call runs in Marketo, then the connection drops before the answer.
  ASSERT_TRUE(sb_->InjectFault("marketo", {{"match", "POST /rest/v1/campaigns/*"}, {"count", 1}, {"kind", "drop_after"}}).ok());
  CreateAndPublish(Journey(
      "Score", {{"n1", {{"type", "action"}, {"scope", "people"}, {"action", "change_score"},
                        {"settings", {{"connection", "mkto"}, {"score_name", "Lead Score"}, {"change", "+10"}}},
                        {"next", "n2"}}},
                {"n2", {{"type", "end"}}}}));
  PassStats s = Pass();
  EXPECT_GT(s.jobs.reconciled, 0);
  EXPECT_EQ(s.jobs.reconciled, std::min<int64_t>(100, s.jobs.done));
  size_t calls = 0;
  auto scored = Touched("campaign.request", &calls);
  for (const auto& [lead, times] : scored) EXPECT_EQ(times, 1) << "lead " << lead << " scored twice";
  EXPECT_EQ(static_cast<int64_t>(scored.size()), s.jobs.done);
  EXPECT_TRUE(Jobs("reconciling").empty());
  EXPECT_TRUE(Jobs("queued").empty());
}

TEST_F(JourneysSandboxTest, ACrashBetweenIntentAndOutcomeIsReconciledOnTheNextPass) {
  SyncEverything();
  CreateAndPublish(Journey(
      "Moments", {{"n1", {{"type", "action"}, {"scope", "people"}, {"action", "person_interesting_moment"},
                          {"settings", {{"connection", "mkto"}, {"moment_type", "milestone"}, {"description", "Signed"}}},
                          {"next", "n2"}}},
                  {"n2", {{"type", "end"}}}},
      {{"type", "filter"}, {"where", nlohmann::json::object()}}));
  Pass();
  auto done = Jobs("done");
  ASSERT_FALSE(done.empty());
  // Pretend the process died after the calls but before recording outcomes: every job back to in_flight.
  std::vector<int64_t> ids;
  for (const auto& j : done) ids.push_back(j.id);
  ASSERT_TRUE(journeys_->MarkInFlight(ids, done.front().intent_ms.value_or(sb_->NowMs())).ok());
  size_t before = 0;
  Touched("campaign.request", &before);
  PassStats s = Pass();
  EXPECT_EQ(s.jobs.reconciled, static_cast<int64_t>(ids.size()));
  EXPECT_EQ(s.jobs.resent, 0);
  size_t after = 0;
  Touched("campaign.request", &after);
  EXPECT_EQ(after, before) << "a reconciled job must not be sent again";
  EXPECT_EQ(Jobs("done").size(), ids.size());
}

TEST_F(JourneysSandboxTest, SalesAlertsBecomeOneTaskPerAccountUpsertedOnTheJobKey) {
  SyncEverything();
  auto accounts = journeys_->Accounts();
  ASSERT_TRUE(accounts.ok());
  ASSERT_GE(accounts->size(), 3u);
  nlohmann::json ids = {(*accounts)[0].id, (*accounts)[1].id, (*accounts)[2].id};
  CreateAndPublish(Journey("Alerts",
                           {{"n1", {{"type", "action"}, {"scope", "account"}, {"action", "send_sales_alert"},
                                    {"settings", {{"connection", "sf"}, {"solution_interest", "Analytics"},
                                                  {"send_email_to", "ae@example.com"}}},
                                    {"next", "n2"}}},
                            {"n2", {{"type", "end"}}}},
                           {{"type", "static"}, {"accounts", ids}}));
  PassStats s = Pass();
  EXPECT_EQ(s.jobs.done, 3);
  EXPECT_EQ(s.jobs.calls, 1);
  auto r = sb_->api().Call("sf", {"GET", "/services/data/v60.0/query?q=SELECT+COUNT()+FROM+Task+WHERE+Subject+=+'Sales+alert:+Analytics'"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(nlohmann::json::parse(r->http.body)["totalSize"], 3);
  // Sent again (a retry by hand), the upsert lands on the same Tasks.
  for (const auto& j : Jobs("done")) {
    ASSERT_TRUE(journeys_->ApplyUpdates({{j.id, "dead", "", "test", 0, true}}, sb_->NowMs()).ok());
    ASSERT_TRUE(journeys_->RetryJob(j.id, sb_->NowMs()).ok());
  }
  Pass();
  auto again = sb_->api().Call("sf", {"GET", "/services/data/v60.0/query?q=SELECT+COUNT()+FROM+Task+WHERE+Subject+=+'Sales+alert:+Analytics'"});
  EXPECT_EQ(nlohmann::json::parse(again->http.body)["totalSize"], 3);
}

TEST_F(JourneysSandboxTest, ClosingATargetJourneyBlocksAddAccountToJourney) {
  CreateAndPublish(Journey("Target", {{"n1", {{"type", "wait"}, {"duration_secs", 86400}, {"next", "n2"}}},
                                      {"n2", {{"type", "end"}}}},
                           {{"type", "static"}, {"accounts", nlohmann::json::array()}}));
  nlohmann::json add = {{"type", "action"}, {"scope", "account"}, {"action", "add_to_journey"},
                        {"settings", {{"journey", "Target"}}}, {"next", "n3"}};
  // Feeder adds its account at once; Slow waits an hour first.
  CreateAndPublish(Journey("Feeder", {{"n1", {{"type", "wait"}, {"duration_secs", 0}, {"next", "n2"}}}, {"n2", add},
                                      {"n3", {{"type", "end"}}}},
                           {{"type", "static"}, {"accounts", {"001A"}}}));
  CreateAndPublish(Journey("Slow", {{"n1", {{"type", "wait"}, {"duration_secs", 3600}, {"next", "n2"}}}, {"n2", add},
                                    {"n3", {{"type", "end"}}}},
                           {{"type", "static"}, {"accounts", {"001B"}}}));
  Pass();
  EXPECT_EQ(journeys_->CountEntries("Target")->active, 1);
  // Every account of Feeder's static audience entered and finished: Feeder is completed.
  EXPECT_EQ(journeys_->GetJourney("Feeder")->status, "completed");
  EXPECT_EQ(journeys_->GetJourney("Slow")->status, "live");

  // Target closes to new entries: a journey published now cannot target it...
  ASSERT_TRUE(service_->Close("Target", "tester").ok());
  ASSERT_TRUE(service_->Duplicate("Slow", {"Slow2", std::nullopt, "partial"}, "tester").ok());
  auto refused = service_->Publish("Slow2", "tester");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("Journey \"Target\" is closed; it must be live"), std::string::npos)
      << refused.error().message;
  // ...and the live journey that targets it gets its action blocked when its account arrives.
  sb_->AdvanceClock(3601);
  Pass();
  auto dead = Jobs("dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].journey, "Slow");
  EXPECT_EQ(dead[0].outcome, "blocked");
  EXPECT_NE(dead[0].last_error.find("Journey \"Target\" is closed"), std::string::npos) << dead[0].last_error;
  EXPECT_EQ(journeys_->CountEntries("Target")->active, 1);
  EXPECT_EQ(journeys_->GetJourney("Target")->status, "closed");  // 001A is still waiting inside
  // Aborting stops the accounts inside at once, and an aborted journey cannot be restarted.
  ASSERT_TRUE(service_->Abort("Target", "tester").ok());
  EXPECT_EQ(journeys_->CountEntries("Target")->active, 0);
  EXPECT_EQ(service_->Publish("Target", "tester").error().code, ErrorCode::kConflict);
  EXPECT_TRUE(service_->Delete("Target").ok());
}

TEST_F(JourneysSandboxTest, DuplicateWithoutDetailsResetsSettingsAndWaits) {
  CreateAndPublish(Journey("Nurture", {{"n1", {{"type", "wait"}, {"duration_secs", 60}, {"next", "n2"}}},
                                       {"n2", {{"type", "action"}, {"scope", "account"}, {"action", "update_buying_group_status"},
                                               {"settings", {{"solution_interest", "CRM"}, {"status", "Engaged"}}},
                                               {"next", "n3"}}},
                                       {"n3", {{"type", "end"}}}},
                           {{"type", "static"}, {"accounts", nlohmann::json::array()}}));
  auto partial = service_->Duplicate("Nurture", {}, "tester");
  ASSERT_TRUE(partial.ok()) << partial.error().ToString();
  EXPECT_EQ(partial->name, "Nurture_copy");
  EXPECT_EQ(partial->status, "draft");
  EXPECT_EQ(partial->document["nodes"]["n1"]["duration_secs"], 60);
  auto bare = service_->Duplicate("Nurture", {"Bare", std::string("no details"), "without_details"}, "tester");
  ASSERT_TRUE(bare.ok()) << bare.error().ToString();
  EXPECT_EQ(bare->description, "no details");
  EXPECT_EQ(bare->document["nodes"]["n1"]["duration_secs"], 5 * 86400);
  EXPECT_TRUE(bare->document["nodes"]["n2"]["settings"].empty());
  EXPECT_EQ(service_->Duplicate("Nurture", {}, "tester").error().code, ErrorCode::kConflict);  // Nurture_copy exists
  // A bare copy is a draft whose settings must be filled in before it can be published.
  EXPECT_EQ(service_->Publish("Bare", "tester").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(JourneysSandboxTest, AConnectionThatNeedsReauthorisationPausesItsJobs) {
  SyncEverything();
  auto accounts = journeys_->Accounts();
  ASSERT_TRUE(accounts.ok());
  // Leads of the synced connection, but the action names a connection whose credentials are refused.
  std::vector<store::JobRow> jobs;
  for (int i = 1; i <= 3; ++i) {
    store::JobRow j;
    j.key = "manual/n1/" + std::to_string(i);
    j.journey = "manual";
    j.node = "n1";
    j.entry_id = i;
    j.subject = std::to_string(i);
    j.action = "marketo_add_to_list";
    j.connection = "mkbad";
    j.payload = {{"settings", {{"connection", "mkbad"}, {"list_id", 1005}}}};
    j.created_ms = j.next_attempt_ms = sb_->NowMs();
    jobs.push_back(j);
  }
  ASSERT_EQ(*journeys_->EnqueueJobs(jobs), 3);
  PassStats s = Pass();
  EXPECT_EQ(s.jobs.paused, 3);
  auto paused = Jobs("paused");
  ASSERT_EQ(paused.size(), 3u);
  EXPECT_EQ(paused[0].attempts, 0) << "a pause is not a failed attempt";
  EXPECT_TRUE(Touched("list.add").empty());
  // Still paused on the next pass: nothing is sent while the connection needs re-authorisation.
  Pass();
  EXPECT_EQ(Jobs("paused").size(), 3u);
}

}  // namespace
}  // namespace salesync::journeys
