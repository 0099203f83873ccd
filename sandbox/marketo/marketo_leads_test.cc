// Lead endpoints: describe, reads by filter with paging, createOrUpdate statuses, delete, partitions,
// merge, and the HTTP-level limits (413/414) and _method=GET.
#include <gtest/gtest.h>

#include "net/http_message.h"
#include "sandbox/marketo/marketo_test_fixture.h"
#include "sandbox/people_universe.h"

namespace salesync::sandbox::marketo {
namespace {

class MarketoLeadsTest : public MarketoFixture {
 protected:
  // The first `n` generated Marketo leads.
  std::vector<PersonSeed> MarketoPeople(size_t n, std::function<bool(const PersonSeed&)> pred = {}) {
    PeopleUniverse u(env_->options.seed);
    std::vector<PersonSeed> out;
    for (int64_t i = 0; i < u.people() && out.size() < n; ++i) {
      PersonSeed p = u.Person(i);
      if (p.in_marketo && (!pred || pred(p))) out.push_back(p);
    }
    return out;
  }
};

TEST_F(MarketoLeadsTest, DescribeAndDescribe2) {
  StartSandbox();
  auto d = Get("/rest/v1/leads/describe.json");
  ASSERT_TRUE(d["success"]);
  bool has_score = false;
  for (const auto& f : d["result"]) {
    if (f["rest"]["name"] == "leadScore") has_score = f["dataType"] == "score";
  }
  EXPECT_TRUE(has_score);
  auto d2 = Get("/rest/v1/leads/describe2.json");
  EXPECT_EQ(d2["result"][0]["name"], "API Lead");
  EXPECT_FALSE(d2["result"][0]["searchableFields"].empty());
}

TEST_F(MarketoLeadsTest, GetByEmailIgnoresCaseAndSpacesAndDefaultsFields) {
  StartSandbox();
  auto people = MarketoPeople(2);
  std::string values = net::PercentEncode(" " + people[0].email) + "," + net::PercentEncode(people[1].email);
  auto r = Get("/rest/v1/leads.json?filterType=email&filterValues=" + values);
  ASSERT_TRUE(r["success"]) << r.dump();
  ASSERT_EQ(r["result"].size(), 2u);
  auto lead = r["result"][0];
  EXPECT_EQ(lead["id"], people[0].index + 1);
  for (const char* k : {"id", "email", "updatedAt", "createdAt", "firstName", "lastName"}) EXPECT_TRUE(lead.contains(k)) << k;
  EXPECT_FALSE(lead.contains("title"));
  EXPECT_EQ(lead["updatedAt"].get<std::string>().back(), 'Z');
  EXPECT_FALSE(r.contains("nextPageToken"));
}

TEST_F(MarketoLeadsTest, GetBySalesforceIdsMatchesTheUniverse) {
  StartSandbox();
  auto linked = MarketoPeople(1, [](const PersonSeed& p) { return p.linked_by_id && p.salesforce == SalesforceKind::kContact; });
  ASSERT_EQ(linked.size(), 1u);
  std::string contact = PeopleUniverse::SalesforceId("003", linked[0].index);
  auto r = Get("/rest/v1/leads.json?filterType=sfdcContactId&filterValues=" + contact +
               "&fields=sfdcContactId,sfdcAccountId,company,title,phone");
  ASSERT_EQ(r["result"].size(), 1u);
  EXPECT_EQ(r["result"][0]["sfdcContactId"], contact);
  EXPECT_EQ(r["result"][0]["sfdcAccountId"], PeopleUniverse::SalesforceId("001", linked[0].account_index));
  EXPECT_TRUE(r["result"][0].contains("title"));  // requested fields come back, null when empty
  auto account = Get("/rest/v1/leads.json?filterType=sfdcAccountId&filterValues=" +
                     r["result"][0]["sfdcAccountId"].get<std::string>());
  EXPECT_GE(account["result"].size(), 1u);
}

TEST_F(MarketoLeadsTest, FilterErrorsAndCaps) {
  StartSandbox();
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=firstName&filterValues=Anna")), "1011");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=shoeSize&filterValues=9")), "1006");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterValues=1")), "701");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=id&filterValues=1&fields=nope")), "1006");
  std::string ids;
  for (int i = 1; i <= 301; ++i) ids += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=id&filterValues=" + ids)), "1003");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=id&filterValues=1&batchSize=301")), "1003");
  // More than 1000 matches: partition 2 (Europe) holds most of the 2000 people.
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=leadPartitionId&filterValues=1,2,3")), "1003");
  // An empty search is a success with an empty result.
  auto none = Get("/rest/v1/leads.json?filterType=email&filterValues=nobody@example.com");
  EXPECT_TRUE(none["success"]);
  EXPECT_TRUE(none["result"].empty());
  EXPECT_EQ(Get("/rest/v1/lead/999999.json")["result"].size(), 0u);
}

TEST_F(MarketoLeadsTest, PagesWithNextPageTokenUntilTheLastPage) {
  StartSandbox();
  std::string ids;
  for (int i = 1; i <= 300; ++i) ids += (i > 1 ? "," : "") + std::to_string(i);
  std::set<int64_t> seen;
  std::string token;
  int pages = 0;
  do {
    auto r = Get("/rest/v1/leads.json?filterType=id&batchSize=100&filterValues=" + ids +
                 (token.empty() ? "" : "&nextPageToken=" + token));
    ASSERT_TRUE(r["success"]) << r.dump();
    for (const auto& l : r["result"]) EXPECT_TRUE(seen.insert(l["id"].get<int64_t>()).second);
    token = r.value("nextPageToken", std::string());
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), MarketoPeople(300, [](const PersonSeed& p) { return p.index < 300; }).size());
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads.json?filterType=id&filterValues=1&nextPageToken=garbage")), "1003");
}

TEST_F(MarketoLeadsTest, CreateOrUpdateReportsStatusesInInputOrder) {
  StartSandbox();
  auto existing = MarketoPeople(1)[0];
  nlohmann::json body = {
      {"action", "createOrUpdate"},
      {"lookupField", "email"},
      {"input",
       {{{"email", "new.person@example.com"}, {"firstName", "New"}, {"leadScore", 30}},
        {{"email", existing.email}, {"title", "Chief Sync Officer"}},
        {{"email", "x@example.com"}, {"shoeSize", 9}},
        {{"email", "y@example.com"}, {"leadScore", "lots"}},
        {{"firstName", "No Email"}},
        {{"email", "bad\xc3\xa9@example.com"}}}}};
  auto r = Post("/rest/v1/leads.json", body);
  ASSERT_TRUE(r["success"]) << r.dump();
  auto res = r["result"];
  ASSERT_EQ(res.size(), 6u);
  EXPECT_EQ(res[0]["status"], "created");
  EXPECT_EQ(res[1]["status"], "updated");
  EXPECT_EQ(res[1]["id"], existing.index + 1);
  EXPECT_EQ(res[2]["status"], "skipped");
  EXPECT_EQ(res[2]["reasons"][0]["code"], "1006");
  EXPECT_EQ(res[3]["reasons"][0]["code"], "1001");
  EXPECT_EQ(res[4]["reasons"][0]["code"], "1003");
  EXPECT_EQ(res[5]["reasons"][0]["code"], "1001");
  // The update bumped updatedAt to the sandbox clock and is visible.
  auto lead = Get("/rest/v1/lead/" + std::to_string(existing.index + 1) + ".json?fields=title,updatedAt");
  EXPECT_EQ(lead["result"][0]["title"], "Chief Sync Officer");
  EXPECT_GT(lead["result"][0]["updatedAt"].get<std::string>(), "2026-11-01");
  // createOnly on an existing lead: 1005; updateOnly on a missing one: 1004.
  auto only = Post("/rest/v1/leads.json", {{"action", "createOnly"}, {"input", {{{"email", "new.person@example.com"}}}}});
  EXPECT_EQ(only["result"][0]["reasons"][0]["code"], "1005");
  auto upd = Post("/rest/v1/leads.json", {{"action", "updateOnly"}, {"input", {{{"email", "ghost@example.com"}}}}});
  EXPECT_EQ(upd["result"][0]["reasons"][0]["code"], "1004");
  // createDuplicate makes a second lead with the same e-mail; then the e-mail matches two: 1007.
  auto dup = Post("/rest/v1/leads.json", {{"action", "createDuplicate"}, {"input", {{{"email", "new.person@example.com"}}}}});
  EXPECT_EQ(dup["result"][0]["status"], "created");
  auto ambiguous = Post("/rest/v1/leads.json", {{"input", {{{"email", "new.person@example.com"}, {"city", "Oslo"}}}}});
  EXPECT_EQ(ambiguous["result"][0]["reasons"][0]["code"], "1007");
  // Effects: who, what, which records, per-record results.
  auto effects = nlohmann::json::parse(Control("GET", "effects?since=0").body)["effects"];
  ASSERT_FALSE(effects.empty());
  EXPECT_EQ(effects[0]["operation"], "lead.createOrUpdate");
  EXPECT_EQ(effects[0]["actor"], describe_["client_id"]);
  EXPECT_EQ(effects[0]["result"]["statuses"].size(), 6u);
}

TEST_F(MarketoLeadsTest, CreateOrUpdateRequestLevelErrors) {
  StartSandbox();
  nlohmann::json input = nlohmann::json::array();
  for (int i = 0; i < 301; ++i) input.push_back({{"email", "p" + std::to_string(i) + "@example.com"}});
  EXPECT_EQ(ErrorCode(Post("/rest/v1/leads.json", {{"input", input}})), "1003");
  EXPECT_EQ(ErrorCode(Post("/rest/v1/leads.json", {{"input", nlohmann::json::array()}})), "701");
  EXPECT_EQ(ErrorCode(Post("/rest/v1/leads.json", {{"action", "upsert"}, {"input", {{{"email", "a@b.c"}}}}})), "1003");
  EXPECT_EQ(ErrorCode(Post("/rest/v1/leads.json", {{"lookupField", "id"}, {"input", {{{"id", 1}}}}})), "1003");
  EXPECT_EQ(ErrorCode(Json("POST", "/rest/v1/leads.json", "{not json")), "609");
  auto form = Call("POST", "/rest/v1/leads.json", "input=1", "text/plain");
  EXPECT_EQ(ErrorCode(nlohmann::json::parse(form.body)), "612");
  EXPECT_EQ(ErrorCode(Json("PUT", "/rest/v1/leads.json", "{}")), "605");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/nothing/here.json")), "610");
}

TEST_F(MarketoLeadsTest, PartitionsAndLeadScoreThroughTheField) {
  StartSandbox();
  auto parts = Get("/rest/v1/leads/partitions.json");
  ASSERT_EQ(parts["result"][0]["name"], "Default");
  auto created = Post("/rest/v1/leads.json", {{"partitionName", "Europe"},
                                              {"input", {{{"email", "eu@example.com"}, {"leadScore", 5}}}}});
  int64_t id = created["result"][0]["id"];
  auto lead = Get("/rest/v1/lead/" + std::to_string(id) + ".json?fields=leadPartitionId,leadScore");
  EXPECT_EQ(lead["result"][0]["leadPartitionId"], 2);
  EXPECT_EQ(ErrorCode(Post("/rest/v1/leads.json", {{"partitionName", "Mars"}, {"input", {{{"email", "m@example.com"}}}}})),
            "1003");
  auto change = Post("/rest/v1/leads/partitions.json",
                     {{"input", {{{"id", id}, {"partitionName", "Asia Pacific"}}, {{"id", 99999999}, {"partitionName", "Europe"}},
                                 {{"id", id}}}}});
  EXPECT_EQ(change["result"][0]["status"], "updated");
  EXPECT_EQ(change["result"][1]["reasons"][0]["code"], "1004");
  EXPECT_EQ(change["result"][2]["reasons"][0]["code"], "1009");
  // The score is absolute, set through its field; the log records a Change Score activity.
  Post("/rest/v1/leads.json", {{"lookupField", "email"}, {"input", {{{"email", "eu@example.com"}, {"leadScore", 42}}}}});
  lead = Get("/rest/v1/lead/" + std::to_string(id) + ".json?fields=leadPartitionId,leadScore");
  EXPECT_EQ(lead["result"][0]["leadScore"], 42);
  EXPECT_EQ(lead["result"][0]["leadPartitionId"], 3);
}

TEST_F(MarketoLeadsTest, CompanyFieldsOfCrmLinkedLeadsAre1021) {
  StartSandbox();
  auto linked = MarketoPeople(1, [](const PersonSeed& p) { return p.linked_by_id && p.salesforce == SalesforceKind::kContact; })[0];
  auto r = Post("/rest/v1/leads.json", {{"input", {{{"email", linked.email}, {"company", "Other Inc."}}}}});
  EXPECT_EQ(r["result"][0]["reasons"][0]["code"], "1021");
}

TEST_F(MarketoLeadsTest, DeleteAndMerge) {
  StartSandbox();
  auto people = MarketoPeople(4);
  int64_t a = people[0].index + 1, b = people[1].index + 1, c = people[2].index + 1;
  auto del = Post("/rest/v1/leads/delete.json", {{"input", {{{"id", a}}, {{"id", 99999999}}}}});
  EXPECT_EQ(del["result"][0]["status"], "deleted");
  EXPECT_EQ(del["result"][1]["reasons"][0]["code"], "1004");
  EXPECT_TRUE(Get("/rest/v1/lead/" + std::to_string(a) + ".json")["result"].empty());
  auto del2 = Json("DELETE", "/rest/v1/leads.json?id=" + std::to_string(a));
  EXPECT_EQ(del2["result"][0]["reasons"][0]["code"], "1004");

  auto merge = Json("POST", "/rest/v1/leads/" + std::to_string(b) + "/merge.json?leadIds=" + std::to_string(c));
  EXPECT_TRUE(merge["success"]) << merge.dump();
  EXPECT_FALSE(merge.contains("result"));
  EXPECT_TRUE(Get("/rest/v1/lead/" + std::to_string(c) + ".json")["result"].empty());
  std::string many;
  for (int i = 0; i < 26; ++i) many += (i ? "," : "") + std::to_string(1000 + i);
  EXPECT_EQ(ErrorCode(Json("POST", "/rest/v1/leads/" + std::to_string(b) + "/merge.json?leadIds=" + many)), "1080");
  EXPECT_EQ(ErrorCode(Json("POST", "/rest/v1/leads/" + std::to_string(b) + "/merge.json?leadId=99999999")), "1004");
}

TEST_F(MarketoLeadsTest, Http413And414AndMethodGetOverride) {
  StartSandbox();
  std::string big(1024 * 1024 + 10, 'x');
  EXPECT_EQ(Call("POST", "/rest/v1/leads.json", big).status, 413);
  std::string long_query(9000, 'a');
  auto too_long = Call("GET", "/rest/v1/leads.json?filterType=email&filterValues=" + long_query);
  EXPECT_EQ(too_long.status, 414);
  // The documented work-around: POST ...?_method=GET with a form body.
  std::string values;
  for (int i = 1; i <= 300; ++i) values += (i > 1 ? "," : "") + std::string("someone.with.a.long.address.") + std::to_string(i) + "@example.com";
  auto r = Call("POST", "/rest/v1/leads.json?_method=GET",
                "filterType=email&filterValues=" + net::PercentEncode(values), "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 200);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_TRUE(j["success"]) << r.body;
  EXPECT_TRUE(j["result"].empty());
  // _method=GET inside the form body (node-marketo-rest's list reads) works as well.
  auto lists = Call("POST", "/rest/v1/list/1001/leads.json", "listId=1001&_method=GET&batchSize=5",
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(nlohmann::json::parse(lists.body)["result"].size(), 5u);
  auto stats = nlohmann::json::parse(Control("GET", "stats").body);
  EXPECT_EQ(stats["calls"]["GET /rest/v1/leads.json"], 2);
  // node-marketo-rest 0.12 sends GET parameters as a JSON body {"query":{...}}.
  auto people = MarketoPeople(1);
  auto q = Call("GET", "/rest/v1/leads.json",
                nlohmann::json{{"query", {{"filterType", "id"}, {"filterValues", std::to_string(people[0].index + 1)}}}}.dump());
  EXPECT_EQ(nlohmann::json::parse(q.body)["result"].size(), 1u);
}

TEST_F(MarketoLeadsTest, ControlRoutesDriveIncrementalChanges) {
  StartSandbox();
  auto created = Control("POST", "leads", R"({"email":"control@example.com","sfdcLeadId":"00Q000000000001AAA"})");
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = nlohmann::json::parse(created.body)["id"];
  auto before = nlohmann::json::parse(Control("GET", "leads/" + std::to_string(id)).body);
  EXPECT_EQ(before["lead"]["sfdcLeadId"], "00Q000000000001AAA");
  AdvanceClock(120);
  auto updated = Control("PATCH", "leads/" + std::to_string(id), R"({"title":"Buyer"})");
  auto after = nlohmann::json::parse(updated.body);
  EXPECT_EQ(after["lead"]["title"], "Buyer");
  EXPECT_GT(after["lead"]["updatedAt"].get<std::string>(), before["lead"]["updatedAt"].get<std::string>());
  EXPECT_EQ(Control("DELETE", "leads/" + std::to_string(id)).status, 200);
  EXPECT_EQ(Control("GET", "leads/" + std::to_string(id)).status, 404);
  EXPECT_EQ(Control("POST", "leads", R"({"shoeSize":9})").status, 400);
}

}  // namespace
}  // namespace salesync::sandbox::marketo
