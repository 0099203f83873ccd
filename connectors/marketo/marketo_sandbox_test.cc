// The Marketo connector against the in-process sandbox (ConnectedSandbox, connection "mkto"), driven by a
// loop that mimics the engine (marketo_test_driver.h). The clock moves instead of anyone sleeping.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "connectors/marketo/marketo_connector.h"
#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_leads_stream.h"
#include "connectors/marketo/marketo_reconcile.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/marketo/marketo_test_driver.h"
#include "connectors/marketo/marketo_time.h"
#include "sandbox/people_universe.h"

namespace salesync::connectors::marketo {
namespace {

using testing::ConnectedSandbox;
using testing::ConnectedSandboxOptions;

ConnectedSandboxOptions Seeded(int64_t people, std::function<void(sandbox::SandboxOptions&)> tweak = nullptr) {
  ConnectedSandboxOptions o;
  o.seed = {people, 3, 7};
  o.tweak_sandbox = std::move(tweak);
  return o;
}

// Every lead the sandbox holds, by id, as the control API shows it.
std::map<std::string, nlohmann::json> SandboxLeads(ConnectedSandbox& sb, int64_t max_id) {
  std::map<std::string, nlohmann::json> out;
  for (int64_t id = 1; id <= max_id; ++id) {
    auto r = sb.Control("marketo", "GET", "leads/" + std::to_string(id));
    if (r.ok() && (*r).value("exists", false)) out[std::to_string(id)] = (*r)["lead"];
  }
  return out;
}

// How many leads a fresh sandbox of `people` holds.
size_t UniverseLeadCount(int64_t people) {
  sandbox::PeopleUniverse u({people, 3, 7});
  size_t n = 0;
  for (int64_t i = 0; i < people; ++i) n += u.Person(i).in_marketo;
  return n;
}

// The latest version of each record (what the store's upserts keep); tombstones remove.
std::map<std::string, Record> Latest(const std::vector<Record>& records) {
  std::map<std::string, Record> out;
  for (const auto& r : records) {
    if (r.deleted) out.erase(r.id);
    else out[r.id] = r;
  }
  return out;
}

std::unique_ptr<Stream> Open(const std::string& name, ConnectedSandbox& sb, const nlohmann::json& checkpoint,
                             nlohmann::json settings = nlohmann::json::object()) {
  auto c = MakeMarketoConnector();
  auto s = c->OpenStream(name, {"mkto", checkpoint, sb.NowMs(), std::move(settings)});
  EXPECT_TRUE(s.ok()) << s.error().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

void ExpectSameLeads(const std::map<std::string, Record>& got, const std::map<std::string, nlohmann::json>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [id, lead] : want) {
    auto it = got.find(id);
    ASSERT_NE(it, got.end()) << "lead " << id << " missing";
    for (const char* field : {"email", "firstName", "title", "leadScore", "unsubscribed", "sfdcLeadId", "updatedAt"}) {
      EXPECT_EQ(it->second.fields.value(field, nlohmann::json()), lead.value(field, nlohmann::json()))
          << "lead " << id << " field " << field;
    }
    EXPECT_EQ(it->second.modified_ms, *ParseDatetime(lead["updatedAt"].get<std::string>()));
  }
}

TEST(MarketoSandbox, InitialBulkLoadThenIncrementalEqualsTheSandbox) {
  ConnectedSandbox sb(Seeded(300));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);
  auto stream = Open("leads", sb, nullptr);
  auto run = Drive(sb, *clock.api, *stream, nullptr);
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_TRUE(run->finished);
  ExpectSameLeads(Latest(run->records), SandboxLeads(sb, 300));

  // One checkpoint per window, windows of at most 31 days walked in order, then the incremental phase.
  int64_t previous = 0;
  int windows = 0;
  for (const auto& c : run->checkpoints) {
    if (c.value("phase", "") != "bulk") continue;
    int64_t end = *ParseDatetime(c["window_end"].get<std::string>());
    EXPECT_GT(end, previous);
    previous = end;

    ++windows;
  }
  EXPECT_GE(windows, 23);  // two years of data
  EXPECT_EQ(run->checkpoint.value("phase", ""), "incremental");
  EXPECT_FALSE(run->checkpoint.value("changes_token", "").empty());
  auto creates = sb.Effects("marketo", "bulk.leads.create");
  EXPECT_EQ(static_cast<int>(creates.size()), windows + 1);  // the last window commits the incremental checkpoint
  for (const auto& e : creates) {
    const auto& w = e["result"]["filter"]["updatedAt"];
    int64_t span = *ParseDatetime(w["endAt"].get<std::string>()) - *ParseDatetime(w["startAt"].get<std::string>());
    EXPECT_LE(span, 31LL * 86400000) << e.dump();
  }
  EXPECT_GE(run->longest_wait, std::chrono::seconds(60));  // the status was polled on the clock

  // A second run with nothing changed reads no lead.
  auto again = Open("leads", sb, run->checkpoint);
  auto quiet = Drive(sb, *clock.api, *again, run->checkpoint);
  ASSERT_TRUE(quiet.ok()) << quiet.error().ToString();
  EXPECT_TRUE(quiet->records.empty());
  EXPECT_TRUE(sb.Effects("marketo", "bulk.leads.create", 0).size() == creates.size());
}

// A mapping preview's sample: real leads in one ordinary call, no export, nothing to checkpoint.
TEST(MarketoSandbox, ASampleReadsTheOldestLeadsInOneCallAndNeverStartsAnExport) {
  ConnectedSandbox sb(Seeded(300));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);
  StreamContext context{"mkto", nullptr, sb.NowMs(), nlohmann::json::object()};
  context.sample_limit = 7;
  auto stream = MakeMarketoConnector()->OpenStream("leads", context);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  auto run = Drive(sb, *clock.api, **stream, nullptr);
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_TRUE(run->finished);
  EXPECT_EQ(run->calls, 1u);
  EXPECT_TRUE(run->checkpoint.is_null());
  ASSERT_EQ(run->records.size(), 7u);
  auto want = SandboxLeads(sb, 300);
  for (const auto& r : run->records) {
    ASSERT_TRUE(want.count(r.id)) << r.id;
    EXPECT_EQ(r.fields.value("email", nlohmann::json()), want[r.id].value("email", nlohmann::json()));
    EXPECT_EQ(r.fields.value("lastName", nlohmann::json()), want[r.id].value("lastName", nlohmann::json()));
  }
  EXPECT_TRUE(sb.Effects("marketo", "bulk.").empty()) << "a preview never starts a bulk export";
}

TEST(MarketoSandbox, ChangesAfterTheLoadArriveInTheNextIncrementalRun) {
  ConnectedSandbox sb(Seeded(200));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);
  auto first = Open("leads", sb, nullptr);
  auto load = Drive(sb, *clock.api, *first, nullptr);
  ASSERT_TRUE(load.ok()) << load.error().ToString();
  auto before = SandboxLeads(sb, 200);
  ASSERT_GE(before.size(), 3u);
  std::string updated = before.begin()->first;
  std::string deleted = std::next(before.begin())->first;

  sb.AdvanceClock(30);
  ASSERT_TRUE(sb.Control("marketo", "PATCH", "leads/" + updated, {{"title", "Chief Tester"}, {"leadScore", 77}}).ok());
  auto created = sb.Control("marketo", "POST", "leads", {{"email", "new.person@example.com"}, {"firstName", "New"}});
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  std::string created_id = JsonText((*created)["id"]);
  ASSERT_TRUE(sb.Control("marketo", "DELETE", "leads/" + deleted).ok());
  sb.AdvanceClock(30);

  auto next = Open("leads", sb, load->checkpoint);
  auto run = Drive(sb, *clock.api, *next, load->checkpoint);
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  std::map<std::string, Record> by_id;
  bool tombstone = false;
  for (const auto& r : run->records) {
    if (r.deleted && r.id == deleted) {
      tombstone = true;
      EXPECT_GT(r.deleted_ms, 0);
    }
    if (!r.deleted) by_id[r.id] = r;
  }
  EXPECT_TRUE(tombstone);
  ASSERT_TRUE(by_id.count(updated));
  EXPECT_EQ(by_id[updated].fields["title"], "Chief Tester");
  EXPECT_EQ(by_id[updated].fields["leadScore"], 77);
  ASSERT_TRUE(by_id.count(created_id));
  EXPECT_EQ(by_id[created_id].fields["email"], "new.person@example.com");

  // The store after both runs equals the sandbox.
  std::vector<Record> all = load->records;
  all.insert(all.end(), run->records.begin(), run->records.end());
  ExpectSameLeads(Latest(all), SandboxLeads(sb, 201));
}

TEST(MarketoSandbox, ActivitiesToTheEndWithoutDuplicatesAcrossAResumeAndATokenExpiry) {
  ConnectedSandbox sb(Seeded(2000));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);

  auto whole_stream = Open("activities", sb, nullptr);
  auto whole = Drive(sb, *clock.api, *whole_stream, nullptr);
  ASSERT_TRUE(whole.ok()) << whole.error().ToString();
  std::set<std::string> all;
  for (const auto& r : whole->records) {
    EXPECT_TRUE(all.insert(r.id).second) << "duplicate marketoGUID " << r.id;
    EXPECT_TRUE(r.fields.contains("leadId"));
    EXPECT_TRUE(r.fields.contains("activityTypeId"));
    EXPECT_GT(r.modified_ms, 0);
  }
  EXPECT_EQ(all.size(), UniverseLeadCount(2000) * 3);

  // Same read in a fresh sandbox, interrupted after 5 committed pages, with the access token expiring on the
  // way (the ApiClient refreshes it without the stream noticing), then resumed from the checkpoint.
  ConnectedSandbox sb2(Seeded(2000));
  ASSERT_TRUE(sb2.Start().ok());
  auto clock2 = MakeClockApiClient(sb2);
  auto part1_stream = Open("activities", sb2, nullptr);
  DriveOptions stop;
  stop.stop_after_steps = 5;
  stop.after_step = [&sb2](size_t step) {
    if (step == 3) sb2.AdvanceClock(3700);
  };
  auto part1 = Drive(sb2, *clock2.api, *part1_stream, nullptr, stop);
  ASSERT_TRUE(part1.ok()) << part1.error().ToString();
  ASSERT_FALSE(part1->finished);
  sb2.AdvanceClock(3700);
  auto part2_stream = Open("activities", sb2, part1->checkpoint);
  auto part2 = Drive(sb2, *clock2.api, *part2_stream, part1->checkpoint);
  ASSERT_TRUE(part2.ok()) << part2.error().ToString();
  std::set<std::string> resumed;
  for (const auto* part : {&*part1, &*part2}) {
    for (const auto& r : part->records) EXPECT_TRUE(resumed.insert(r.id).second) << "read twice: " << r.id;
  }
  EXPECT_EQ(resumed, all);
}

TEST(MarketoSandbox, InjectedRateLimitsAreWaitedOutByTheApiClient) {
  ConnectedSandbox sb(Seeded(300));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);
  ASSERT_TRUE(sb.InjectFault("marketo", {{"match", "GET /rest/v1/activities.json"}, {"count", 2}, {"kind", "provider_error"}, {"code", "606"}}).ok());
  ASSERT_TRUE(sb.InjectFault("marketo", {{"match", "GET /rest/v1/activities/types.json"}, {"count", 1}, {"kind", "provider_error"}, {"code", "615"}}).ok());
  auto stream = Open("activities", sb, nullptr);
  auto run = Drive(sb, *clock.api, *stream, nullptr);
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_EQ(run->records.size(), UniverseLeadCount(300) * 3);
  int long_waits = 0, short_waits = 0;
  for (auto w : *clock.waits) {
    if (w >= std::chrono::seconds(20)) ++long_waits;
    else if (w >= std::chrono::seconds(1)) ++short_waits;
  }
  EXPECT_EQ(long_waits, 2);   // 606: the 20 s window
  EXPECT_GE(short_waits, 1);  // 615
}

TEST(MarketoSandbox, CheckAndDescribe) {
  ConnectedSandbox sb;
  ASSERT_TRUE(sb.Start().ok());
  auto c = MakeMarketoConnector();
  auto check = sb.api().Call("mkto", c->CheckCall().request);
  ASSERT_TRUE(check.ok()) << check.error().ToString();
  auto call = c->DescribeCall("lead");
  ASSERT_TRUE(call.ok());
  auto answer = sb.api().Call("mkto", call->request);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  auto meta = c->ParseDescribe("mkto", "lead", *answer);
  ASSERT_TRUE(meta.ok()) << meta.error().ToString();
  EXPECT_EQ(meta->Find("id")->type, FieldType::kId);
  EXPECT_EQ(meta->Find("email")->type, FieldType::kEmail);
  EXPECT_TRUE(meta->Find("email")->external_id);
  EXPECT_EQ(meta->Find("leadScore")->type, FieldType::kInteger);
  EXPECT_EQ(meta->Find("leadScore")->provider_type, "score");
  EXPECT_EQ(meta->Find("updatedAt")->type, FieldType::kDateTime);
  EXPECT_FALSE(meta->Find("sfdcLeadId")->updateable);
  EXPECT_FALSE(meta->Find("priority")->createable);
  EXPECT_EQ(meta->Find("website")->type, FieldType::kUrl);
  EXPECT_EQ(meta->Find("email")->length, 255);
  // The older describe parses into the same fields.
  auto old = sb.api().Call("mkto", {"GET", "/rest/v1/leads/describe.json"});
  ASSERT_TRUE(old.ok());
  auto meta1 = c->ParseDescribe("mkto", "lead", *old);
  ASSERT_TRUE(meta1.ok());
  EXPECT_EQ(meta1->fields.size(), meta->fields.size());
  EXPECT_FALSE(meta1->Find("sfdcLeadId")->updateable);
}

// Creates and approves the custom activity type "salesyncTouch" with a salesyncKey attribute; its id.
int64_t MakeActivityType(ConnectedSandbox& sb) {
  auto type = sb.api().Call("mkto", {"POST", "/rest/v1/activities/external/type.json", {{"Content-Type", "application/json"}},
                                     nlohmann::json{{"apiName", "salesyncTouch"}, {"name", "Salesync Touch"},
                                                    {"triggerName", "Touched by Salesync"}, {"filterName", "Was touched by Salesync"},
                                                    {"primaryAttribute", {{"apiName", "subject"}, {"name", "Subject"}, {"dataType", "string"}}}}
                                         .dump()});
  EXPECT_TRUE(type.ok());
  auto attrs = sb.api().Call("mkto", {"POST", "/rest/v1/activities/external/type/salesyncTouch/attributes/create.json",
                                      {{"Content-Type", "application/json"}},
                                      nlohmann::json{{"attribute", {{{"apiName", "salesyncKey"}, {"name", "Salesync Key"}, {"dataType", "string"}}}}}.dump()});
  EXPECT_TRUE(attrs.ok());
  auto approve = sb.api().Call("mkto", {"POST", "/rest/v1/activities/external/type/salesyncTouch/approve.json"});
  EXPECT_TRUE(approve.ok());
  return nlohmann::json::parse(type->http.body)["result"][0]["id"].get<int64_t>();
}

std::set<std::string> Reconcile(ConnectedSandbox& sb, const WriteTarget& target, const std::vector<WriteItem>& items,
                                std::vector<WriteItem>* missing) {
  auto r = CustomActivityReconciler::Make(target, items);
  EXPECT_TRUE(r.ok());
  while (auto call = r->NextCall()) {
    auto answer = sb.api().Call("mkto", call->request, call->idempotent);
    EXPECT_TRUE(answer.ok()) << answer.error().ToString();
    if (!answer.ok()) break;
    EXPECT_TRUE(r->Consume(*answer).ok());
  }
  EXPECT_TRUE(r->done());
  *missing = r->Missing();
  std::set<std::string> found;
  for (const auto& [key, guid] : r->found()) found.insert(key);
  return found;
}

TEST(MarketoSandbox, CustomActivityWritesAndReconciliation) {
  ConnectedSandbox sb;
  ASSERT_TRUE(sb.Start().ok());
  int64_t type_id = MakeActivityType(sb);
  auto leads = SandboxLeads(sb, 40);
  ASSERT_GE(leads.size(), 3u);
  auto it = leads.begin();
  std::string l1 = (it++)->first, l2 = (it++)->first, l3 = it->first;
  WriteTarget target{"customActivity", {{"activity_type_id", type_id}, {"key_attribute", "salesyncKey"}}};
  std::string date = FormatDatetime(sb.NowMs());
  std::vector<WriteItem> items = {
      {"act-1", {{"leadId", l1}, {"activityDate", date}, {"primaryAttributeValue", "Invited"}}},
      {"act-2", {{"leadId", l2}, {"activityDate", date}, {"primaryAttributeValue", "Accepted"}}},
      {"act-3", {{"leadId", 99999999}, {"activityDate", date}}}};
  auto c = MakeMarketoConnector();
  auto call = c->WriteCall(target, items);
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  auto answer = sb.api().Call("mkto", call->request, call->idempotent);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  auto outcomes = c->ParseWrite(target, items, *answer);
  ASSERT_TRUE(outcomes.ok()) << outcomes.error().ToString();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_TRUE((*outcomes)[0].ok);
  EXPECT_TRUE((*outcomes)[0].created);
  EXPECT_FALSE((*outcomes)[0].remote_id.empty());
  EXPECT_TRUE((*outcomes)[1].ok);
  EXPECT_FALSE((*outcomes)[2].ok);
  EXPECT_EQ((*outcomes)[2].code, "1004");

  // A batch whose answer is lost after Marketo ran it: the ApiClient does not resend, it says "ambiguous".
  std::vector<WriteItem> lost = {{"act-4", {{"leadId", l3}, {"activityDate", date}}},
                                 {"act-5", {{"leadId", l1}, {"activityDate", date}}}};
  ASSERT_TRUE(sb.InjectFault("marketo", {{"match", "POST /rest/v1/activities/external.json"}, {"count", 1}, {"kind", "drop_after"}}).ok());
  auto lost_call = c->WriteCall(target, lost);
  ASSERT_TRUE(lost_call.ok());
  // On a fresh thread, hence a fresh connection: on a reused keep-alive connection libcurl itself resends a
  // request whose connection died before any answer byte, POSTs included (docs/architecture.md), and this
  // write would land twice before the ApiClient could call it ambiguous.
  Result<oauth::ApiResponse> dropped = MakeError(ErrorCode::kInternal, "not run");
  std::thread([&] { dropped = sb.api().Call("mkto", lost_call->request, lost_call->idempotent); }).join();
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().context.rfind("ambiguous", 0), 0u) << dropped.error().ToString();

  // Reconciliation finds what landed (1, 2 and the lost 4, 5) and leaves only the never-sent item to resend.
  std::vector<WriteItem> ambiguous = {lost[0], lost[1], {"act-6", {{"leadId", l2}, {"activityDate", date}}}, items[0]};
  std::vector<WriteItem> missing;
  auto found = Reconcile(sb, target, ambiguous, &missing);
  EXPECT_EQ(found, (std::set<std::string>{"act-1", "act-4", "act-5"}));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].key, "act-6");
  auto resend = c->WriteCall(target, missing);
  ASSERT_TRUE(resend.ok());
  auto resent = sb.api().Call("mkto", resend->request, resend->idempotent);
  ASSERT_TRUE(resent.ok()) << resent.error().ToString();

  // Exactly one activity per key in Marketo.
  std::vector<WriteItem> every = {items[0], items[1], lost[0], lost[1], ambiguous[2]};
  found = Reconcile(sb, target, every, &missing);
  EXPECT_TRUE(missing.empty());
  auto effects = sb.Effects("marketo", "activity.addCustom");
  size_t added = 0;
  for (const auto& e : effects) {
    for (const auto& s : e["result"]["statuses"]) added += s.value("status", "") == "added";
  }
  EXPECT_EQ(added, 5u);
}

TEST(MarketoSandbox, LeadCreateOrUpdateStatusesInInputOrder) {
  ConnectedSandbox sb;
  ASSERT_TRUE(sb.Start().ok());
  auto leads = SandboxLeads(sb, 20);
  ASSERT_FALSE(leads.empty());
  std::string existing_email = leads.begin()->second["email"].get<std::string>();
  auto c = MakeMarketoConnector();
  WriteTarget target{"lead", {}};
  std::vector<WriteItem> items = {{"p1", {{"email", existing_email}, {"title", "Updated Title"}}},
                                  {"p2", {{"email", "brand.new@example.com"}, {"firstName", "Brand"}}},
                                  {"p3", {{"email", "bad@example.com"}, {"noSuchField", "x"}}}};
  auto call = c->WriteCall(target, items);
  ASSERT_TRUE(call.ok());
  auto answer = sb.api().Call("mkto", call->request, call->idempotent);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  auto out = c->ParseWrite(target, items, *answer);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_TRUE((*out)[0].ok);
  EXPECT_FALSE((*out)[0].created);
  EXPECT_EQ((*out)[0].remote_id, leads.begin()->first);
  EXPECT_TRUE((*out)[1].ok);
  EXPECT_TRUE((*out)[1].created);
  EXPECT_FALSE((*out)[2].ok);
  EXPECT_EQ((*out)[2].code, "1006");
  auto lead = sb.Control("marketo", "GET", "leads/" + leads.begin()->first);
  ASSERT_TRUE(lead.ok());
  EXPECT_EQ((*lead)["lead"]["title"], "Updated Title");

  // By id: updateOnly, and an unknown id is skipped 1004.
  WriteTarget by_id{"lead", {{"lookup_field", "id"}}};
  std::vector<WriteItem> updates = {{"u1", {{"id", std::stoll(leads.begin()->first)}, {"title", "Again"}}},
                                    {"u2", {{"id", 99999999}, {"title", "Nobody"}}}};
  auto call2 = c->WriteCall(by_id, updates);
  ASSERT_TRUE(call2.ok());
  auto answer2 = sb.api().Call("mkto", call2->request, call2->idempotent);
  ASSERT_TRUE(answer2.ok()) << answer2.error().ToString();
  auto out2 = c->ParseWrite(by_id, updates, *answer2);
  ASSERT_TRUE(out2.ok());
  EXPECT_TRUE((*out2)[0].ok);
  EXPECT_EQ((*out2)[1].code, "1004");
}

TEST(MarketoSandbox, BulkQuotaIsWaitedOutNotHit) {
  ConnectedSandbox sb(Seeded(8000, [](sandbox::SandboxOptions& o) { o.marketo_bulk_daily_mb = 1; }));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);
  auto stream = Open("leads", sb, nullptr, {{"bulk_daily_mb", 1}});
  auto run = Drive(sb, *clock.api, *stream, nullptr);
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_GE(run->longest_wait, std::chrono::hours(1));  // waited for a Central midnight
  bool quota_state = false;
  for (const auto& c : run->checkpoints) quota_state = quota_state || c.contains("quota_wait_until");
  EXPECT_TRUE(quota_state);
  auto stats = sb.Control("marketo", "GET", "stats");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->dump().find("1029"), std::string::npos) << stats->dump();
  EXPECT_EQ(Latest(run->records).size(), UniverseLeadCount(8000));
}

TEST(MarketoSandbox, A1029FromAnotherIntegrationBecomesAWait) {
  ConnectedSandbox sb(Seeded(16000, [](sandbox::SandboxOptions& o) { o.marketo_bulk_daily_mb = 1; }));
  ASSERT_TRUE(sb.Start().ok());
  auto clock = MakeClockApiClient(sb);
  // Someone else spends today's export quota: the whole Newsletter list (about 4,800 leads, over 1 MB).
  auto job = clock.api->Call("mkto", {"POST", "/bulk/v1/leads/export/create.json", {{"Content-Type", "application/json"}},
                                      nlohmann::json{{"fields", DefaultLeadFields()},
                                                     {"format", "CSV"}, {"filter", {{"staticListId", 1001}}}}.dump()});
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  std::string id = nlohmann::json::parse(job->http.body)["result"][0]["exportId"];
  ASSERT_TRUE(clock.api->Call("mkto", {"POST", "/bulk/v1/leads/export/" + id + "/enqueue.json"}).ok());
  sb.AdvanceClock(180);
  auto status = clock.api->Call("mkto", {"GET", "/bulk/v1/leads/export/" + id + "/status.json"});
  ASSERT_TRUE(status.ok());
  ASSERT_GT(nlohmann::json::parse(status->http.body)["result"][0].value("fileSize", 0), 1 << 20) << status->http.body;

  auto opened = MarketoLeadsStream::Open({"mkto", nullptr, sb.NowMs(), {{"fields", {"id", "email", "updatedAt"}}}});
  ASSERT_TRUE(opened.ok());
  MarketoLeadsStream& stream = **opened;
  DriveOptions options;
  int refusals = 0;
  options.on_error = [&](const Error& e) {
    ++refusals;
    return stream.AfterRefusal(e);
  };
  auto run = Drive(sb, *clock.api, stream, nullptr, options);
  ASSERT_TRUE(run.ok()) << run.error().ToString();
  EXPECT_EQ(refusals, 1);
  EXPECT_GE(run->longest_wait, std::chrono::hours(1));
  EXPECT_EQ(Latest(run->records).size(), UniverseLeadCount(16000));
}

}  // namespace
}  // namespace salesync::connectors::marketo
