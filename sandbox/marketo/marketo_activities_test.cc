// Paging tokens, activities, lead changes, deleted leads, activity types and custom activities.
#include <gtest/gtest.h>

#include <set>

#include "net/http_message.h"
#include "sandbox/marketo/marketo_test_fixture.h"
#include "sandbox/marketo/marketo_tokens.h"

namespace salesync::sandbox::marketo {
namespace {

class MarketoActivitiesTest : public MarketoFixture {
 protected:
  std::string TokenSince(const std::string& since) {
    auto r = Get("/rest/v1/activities/pagingtoken.json?sinceDatetime=" + net::PercentEncode(since));
    EXPECT_TRUE(r["success"]) << r.dump();
    EXPECT_FALSE(r.contains("result"));
    return r.value("nextPageToken", std::string());
  }
};

TEST_F(MarketoActivitiesTest, PagingTokenAcceptsEveryDatetimeFormat) {
  StartSandbox();
  std::string a = TokenSince("2025-06-01T00:00:00Z");
  EXPECT_EQ(TokenSince("2025-05-31T19:00:00-05:00"), TokenSince("2025-06-01T00:00:00+0000"));
  EXPECT_EQ(TokenSince("2025-06-01T00:00:00Z+0000"), TokenSince("2025-06-01 00:00:00"));
  // Same instant, same position (the token also carries the datetime as given).
  auto pos = [](const std::string& t) { return DecodeActivityToken(t)->position; };
  EXPECT_EQ(pos(a), pos(TokenSince("2025-05-31T19:00:00-05:00")));
  // An unencoded '+' (a space on the wire) is read as '+'.
  auto r = Get("/rest/v1/activities/pagingtoken.json?sinceDatetime=2025-06-01T02:00:00+02:00");
  EXPECT_EQ(pos(r["nextPageToken"]), pos(a));
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities/pagingtoken.json?sinceDatetime=yesterday")), "704");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities/pagingtoken.json")), "701");
}

TEST_F(MarketoActivitiesTest, PagesToTheEndWithUniqueGuidsTiesAndAlwaysAToken) {
  StartSandbox([](SandboxOptions& o) { o.seed = SeedOptions{400, 3, 11}; });
  std::string token = TokenSince("2020-01-01T00:00:00Z");
  std::set<std::string> guids;
  std::set<int64_t> ids;
  bool repeated_id = false;
  int pages = 0;
  std::string last_date_prev_page, first_date_page;
  bool tie_across_pages = false;
  while (true) {
    auto r = Get("/rest/v1/activities.json?activityTypeIds=1,2,6,7,10,11,12,13,22,46&nextPageToken=" + token);
    ASSERT_TRUE(r["success"]) << r.dump();
    ASSERT_TRUE(r.contains("nextPageToken"));  // always, even on the last page
    ASSERT_TRUE(r.contains("moreResult"));
    ++pages;
    if (r.contains("result")) {
      EXPECT_LE(r["result"].size(), 300u);
      if (!last_date_prev_page.empty() && r["result"][0]["activityDate"] == last_date_prev_page) tie_across_pages = true;
      for (const auto& a : r["result"]) {
        EXPECT_TRUE(guids.insert(a["marketoGUID"].get<std::string>()).second);
        if (!ids.insert(a["id"].get<int64_t>()).second) repeated_id = true;
        EXPECT_EQ(a["activityDate"].get<std::string>().substr(19), "+0000");
        EXPECT_TRUE(a["attributes"].is_array());
      }
      last_date_prev_page = r["result"].back()["activityDate"];
    }
    token = r["nextPageToken"];
    if (!r["moreResult"].get<bool>()) break;
    ASSERT_LT(pages, 50);
  }
  EXPECT_GE(pages, 3);
  EXPECT_GT(guids.size(), 900u);  // ~90% of 400 people x 3, minus the types not asked for
  EXPECT_TRUE(repeated_id);       // the int id repeats: clients must key on marketoGUID
  EXPECT_TRUE(tie_across_pages);
  // The final token is the cursor for the next run: new activities show up through it.
  auto idle = Get("/rest/v1/activities.json?activityTypeIds=13&nextPageToken=" + token);
  EXPECT_FALSE(idle.contains("result"));
  EXPECT_FALSE(idle["moreResult"].get<bool>());
  ASSERT_EQ(Control("PATCH", "leads/1", R"({"city":"Trondheim"})").status, 200);
  auto fresh = Get("/rest/v1/activities.json?activityTypeIds=13&nextPageToken=" + token);
  ASSERT_EQ(fresh["result"].size(), 1u);
  EXPECT_EQ(fresh["result"][0]["leadId"], 1);
  EXPECT_EQ(fresh["result"][0]["primaryAttributeValue"], "City");
}

TEST_F(MarketoActivitiesTest, CapsAndParameterErrors) {
  StartSandbox();
  std::string token = TokenSince("2020-01-01T00:00:00Z");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?activityTypeIds=1,2,3,4,5,6,7,8,9,10,11&nextPageToken=" + token)), "1003");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?activityTypeIds=1&batchSize=301&nextPageToken=" + token)), "1003");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?nextPageToken=" + token)), "701");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?activityTypeIds=1")), "701");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?activityTypeIds=1&nextPageToken=NOTBASE32!")), "1003");
  std::string leads;
  for (int i = 1; i <= 31; ++i) leads += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?activityTypeIds=1&leadIds=" + leads + "&nextPageToken=" + token)), "1003");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities.json?activityTypeIds=1&listId=42&nextPageToken=" + token)), "1013");
}

TEST_F(MarketoActivitiesTest, LeadIdsAndListFilters) {
  StartSandbox();
  std::string token = TokenSince("2020-01-01T00:00:00Z");
  auto r = Get("/rest/v1/activities.json?activityTypeIds=1,2,6,7,10,11,12,13,22,46&leadIds=1,2&nextPageToken=" + token);
  for (const auto& a : r.value("result", nlohmann::json::array())) {
    EXPECT_TRUE(a["leadId"] == 1 || a["leadId"] == 2);
  }
  auto l = Get("/rest/v1/activities.json?activityTypeIds=12&listId=1003&nextPageToken=" + token);
  ASSERT_TRUE(l["success"]);
  for (const auto& a : l.value("result", nlohmann::json::array())) {
    auto m = nlohmann::json::parse(Control("GET", "lists/1003/members?leadId=" + std::to_string(a["leadId"].get<int64_t>())).body);
    EXPECT_TRUE(m["members"][std::to_string(a["leadId"].get<int64_t>())].get<bool>());
  }
}

TEST_F(MarketoActivitiesTest, LeadChangesNeedFieldsAndReturnTypes12And13) {
  StartSandbox();
  std::string token = TokenSince("2020-01-01T00:00:00Z");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/activities/leadchanges.json?nextPageToken=" + token)), "701");
  auto r = Get("/rest/v1/activities/leadchanges.json?fields=leadStatus&batchSize=300&nextPageToken=" + token);
  ASSERT_TRUE(r["success"]);
  ASSERT_TRUE(r.contains("result"));
  for (const auto& a : r["result"]) {
    int64_t type = a["activityTypeId"];
    EXPECT_TRUE(type == 12 || type == 13);
    if (type == 13) {
      EXPECT_EQ(a["fields"][0]["name"], "leadStatus");
      EXPECT_TRUE(a["fields"][0].contains("oldValue"));
    }
  }
}

TEST_F(MarketoActivitiesTest, DeletedLeadsAppearAndArePrunedAfter14Days) {
  StartSandbox();
  std::string token = TokenSince("2026-11-02T00:00:00Z");
  Post("/rest/v1/leads/delete.json", {{"input", {{{"id", 1}}}}});
  auto r = Get("/rest/v1/activities/deletedleads.json?nextPageToken=" + token);
  ASSERT_EQ(r["result"].size(), 1u) << r.dump();
  EXPECT_EQ(r["result"][0]["activityTypeId"], 37);
  EXPECT_EQ(r["result"][0]["primaryAttributeValueId"], 1);
  AdvanceClock(15 * 86400);
  token_ = FetchToken()["access_token"];
  auto later = Get("/rest/v1/activities/deletedleads.json?nextPageToken=" + token);
  EXPECT_FALSE(later.contains("result"));
}

TEST_F(MarketoActivitiesTest, TypesAndCustomActivities) {
  StartSandbox();
  auto types = Get("/rest/v1/activities/types.json");
  std::set<int64_t> ids;
  for (const auto& t : types["result"]) ids.insert(t["id"].get<int64_t>());
  for (int64_t id : {1, 2, 12, 13, 46}) EXPECT_TRUE(ids.count(id)) << id;

  nlohmann::json type = {{"apiName", "webinarWatched_c"}, {"name", "Watched Webinar"}, {"triggerName", "Watched Webinar"},
                         {"filterName", "Watched webinar"},
                         {"primaryAttribute", {{"apiName", "webinarName"}, {"name", "Webinar Name"}, {"dataType", "string"}}}};
  auto created = Post("/rest/v1/activities/external/type.json", type);
  ASSERT_TRUE(created["success"]) << created.dump();
  int64_t type_id = created["result"][0]["id"];
  EXPECT_EQ(created["result"][0]["status"], "draft");
  nlohmann::json activity = {{"leadId", 1}, {"activityDate", "2026-11-20T10:00:00+01:00"}, {"activityTypeId", type_id},
                             {"primaryAttributeValue", "Sync 101"}};
  auto draft = Post("/rest/v1/activities/external.json", {{"input", {activity}}});
  EXPECT_EQ(draft["result"][0]["reasons"][0]["code"], "1013");
  EXPECT_TRUE(Post("/rest/v1/activities/external/type/webinarWatched_c/approve.json", nlohmann::json::object())["success"]);
  nlohmann::json ghost = activity;
  ghost["leadId"] = 99999999;
  auto added = Post("/rest/v1/activities/external.json", {{"input", {activity, ghost}}});
  EXPECT_EQ(added["result"][0]["status"], "added");
  EXPECT_EQ(added["result"][1]["reasons"][0]["code"], "1004");
  auto found = Get("/rest/v1/activities.json?activityTypeIds=" + std::to_string(type_id) +
                   "&nextPageToken=" + TokenSince("2026-11-02T00:00:00Z"));
  ASSERT_EQ(found["result"].size(), 1u);
  EXPECT_EQ(found["result"][0]["primaryAttributeValue"], "Sync 101");
  // Ten custom types at most.
  for (int i = 1; i < 10; ++i) {
    nlohmann::json t = type;
    t["apiName"] = "type" + std::to_string(i) + "_c";
    ASSERT_TRUE(Post("/rest/v1/activities/external/type.json", t)["success"]);
  }
  type["apiName"] = "oneTooMany_c";
  EXPECT_EQ(ErrorCode(Post("/rest/v1/activities/external/type.json", type)), "1027");
  nlohmann::json attrs = nlohmann::json::array();
  for (int i = 0; i < 21; ++i) attrs.push_back({{"apiName", "a" + std::to_string(i)}, {"name", "A"}, {"dataType", "string"}});
  EXPECT_EQ(ErrorCode(Post("/rest/v1/activities/external/type/webinarWatched_c/attributes/create.json", {{"attribute", attrs}})),
            "1028");
}

}  // namespace
}  // namespace salesync::sandbox::marketo
