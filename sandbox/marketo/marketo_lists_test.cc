// Static lists and smart campaigns.
#include <gtest/gtest.h>

#include "sandbox/marketo/marketo_test_fixture.h"

namespace salesync::sandbox::marketo {
namespace {

class MarketoListsTest : public MarketoFixture {
 protected:
  // A lead that is (or is not) in the list, per the control API.
  int64_t LeadWithMembership(int64_t list, bool member) {
    for (int64_t id = 1; id < 2000; ++id) {
      auto m = nlohmann::json::parse(Control("GET", "lists/" + std::to_string(list) + "/members?leadId=" + std::to_string(id)).body);
      auto state = Control("GET", "leads/" + std::to_string(id));
      if (state.status == 200 && m["members"][std::to_string(id)].get<bool>() == member) return id;
    }
    return -1;
  }
};

TEST_F(MarketoListsTest, ListsAndPagedMembers) {
  StartSandbox();
  auto lists = Get("/rest/v1/lists.json");
  ASSERT_EQ(lists["result"].size(), 5u);
  EXPECT_EQ(Get("/rest/v1/lists.json?name=Sales%20Qualified")["result"][0]["id"], 1003);
  EXPECT_EQ(ErrorCode(Get("/rest/v1/lists/77.json")), "1013");
  std::set<int64_t> members;
  std::string token;
  int pages = 0;
  do {
    auto r = Get("/rest/v1/lists/1001/leads.json?batchSize=200&fields=email,leadScore" +
                 (token.empty() ? "" : "&nextPageToken=" + token));
    ASSERT_TRUE(r["success"]);
    for (const auto& l : r["result"]) {
      EXPECT_TRUE(l.contains("leadScore"));
      EXPECT_TRUE(members.insert(l["id"].get<int64_t>()).second);
    }
    token = r.value("nextPageToken", std::string());
  } while (!token.empty() && ++pages < 20);
  EXPECT_GT(members.size(), 400u);  // ~1/3 of ~1800 leads
  EXPECT_LT(members.size(), 800u);
}

TEST_F(MarketoListsTest, AddRemoveAndIsMemberWithPerLeadStatuses) {
  StartSandbox();
  int64_t outsider = LeadWithMembership(1003, false);
  int64_t insider = LeadWithMembership(1003, true);
  ASSERT_GT(outsider, 0);
  ASSERT_GT(insider, 0);
  std::string o = std::to_string(outsider), in = std::to_string(insider);
  // Remove: the outsider is not a member -> 1015; unknown -> 1004.
  auto removed = Json("DELETE", "/rest/v1/lists/1003/leads.json?id=" + in + "&id=" + o + "&id=99999999");
  ASSERT_EQ(removed["result"].size(), 3u) << removed.dump();
  EXPECT_EQ(removed["result"][0]["status"], "removed");
  EXPECT_EQ(removed["result"][1]["status"], "skipped");
  EXPECT_EQ(removed["result"][1]["reasons"][0]["code"], "1015");
  EXPECT_EQ(removed["result"][1]["reasons"][0]["message"], "Lead not in list");
  EXPECT_EQ(removed["result"][2]["reasons"][0]["code"], "1004");
  // Add with a JSON body, ids joined the way node-marketo-rest does ("1&id=2").
  auto added = Post("/rest/v1/lists/1003/leads.json", {{"input", {{{"id", outsider}}}}});
  EXPECT_EQ(added["result"][0]["status"], "added");
  auto check = Get("/rest/v1/lists/1003/leads/ismember.json?id=" + o + "%26id%3D" + in + "&id=99999999");
  ASSERT_EQ(check["result"].size(), 3u) << check.dump();
  EXPECT_EQ(check["result"][0]["status"], "memberof");
  EXPECT_EQ(check["result"][1]["status"], "notmemberof");
  EXPECT_EQ(check["result"][2]["reasons"][0]["code"], "1004");
  std::string many;
  for (int i = 1; i <= 301; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_EQ(ErrorCode(Json("POST", "/rest/v1/lists/1003/leads.json?id=" + many)), "1003");
  auto membership = Get("/rest/v1/leads/" + o + "/listMembership.json");
  bool in_1003 = false;
  for (const auto& l : membership["result"]) in_1003 |= l["id"] == 1003;
  EXPECT_TRUE(in_1003);
  // Membership changes are activities (Add to List / Remove from List) and effects.
  auto effects = nlohmann::json::parse(Control("GET", "effects?since=0").body)["effects"];
  EXPECT_EQ(effects[0]["operation"], "list.remove");
  EXPECT_EQ(effects[1]["operation"], "list.add");
  auto by_name = Get("/rest/asset/v1/staticList/byName.json?name=Sales%20Qualified");
  EXPECT_EQ(by_name["result"][0]["id"], 1003);
  auto none = Get("/rest/asset/v1/staticList/byName.json?name=Nope");
  EXPECT_FALSE(none.contains("result"));
  EXPECT_EQ(none["warnings"][0], "No assets found for the given search criteria.");
}

TEST_F(MarketoListsTest, RequestCampaignRunsItsFlowWithTokens) {
  StartSandbox();
  auto triggerable = Get("/rest/v1/campaigns.json?isTriggerable=true");
  EXPECT_EQ(triggerable["result"].size(), 3u);
  auto before = nlohmann::json::parse(Control("GET", "leads/1").body)["lead"]["leadScore"].get<int64_t>();
  nlohmann::json body = {{"input", {{"leads", {{{"id", 1}}}}, {"tokens", {{{"name", "{{my.scoreChange}}"}, {"value", "7"}}}}}}};
  auto r = Post("/rest/v1/campaigns/2002/trigger.json", body);
  ASSERT_TRUE(r["success"]) << r.dump();
  EXPECT_EQ(r["result"][0]["id"], 2002);
  auto after = nlohmann::json::parse(Control("GET", "leads/1").body)["lead"]["leadScore"].get<int64_t>();
  EXPECT_EQ(after, before + 7);
  nlohmann::json moment = {{"input", {{"leads", {{{"id", 1}}}}, {"tokens", {{{"name", "{{my.moment}}"}, {"value", "Asked for pricing"}}}}}}};
  EXPECT_TRUE(Post("/rest/v1/campaigns/2001/trigger.json", moment)["success"]);
  auto token = Get("/rest/v1/activities/pagingtoken.json?sinceDatetime=2026-11-02T00:00:00Z")["nextPageToken"].get<std::string>();
  auto moments = Get("/rest/v1/activities.json?activityTypeIds=46&nextPageToken=" + token);
  ASSERT_EQ(moments["result"].size(), 1u);
  EXPECT_EQ(moments["result"][0]["attributes"][0]["value"], "Asked for pricing");
  // Caps and campaign kinds.
  nlohmann::json many = nlohmann::json::array();
  for (int i = 1; i <= 101; ++i) many.push_back({{"id", i}});
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/2001/trigger.json", {{"input", {{"leads", many}}}})), "1003");
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/2004/trigger.json", body)), "1003");  // batch
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/2005/trigger.json", body)), "1003");  // inactive
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/9/trigger.json", body)), "1013");
  // node-marketo-rest's wire shape: "_method":"POST" inside the JSON body.
  nlohmann::json nmr = body;
  nmr["_method"] = "POST";
  EXPECT_TRUE(Post("/rest/v1/campaigns/2003/trigger.json", nmr)["success"]);
}

TEST_F(MarketoListsTest, ScheduleCampaign) {
  StartSandbox();
  auto ok = Post("/rest/v1/campaigns/2004/schedule.json", {{"input", {{"runAt", "2027-01-05T10:00:00+0000"}}}});
  EXPECT_TRUE(ok["success"]) << ok.dump();
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/2004/schedule.json", {{"input", {{"runAt", "2031-01-01T00:00:00Z"}}}})), "1042");
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/2001/schedule.json", {{"input", nlohmann::json::object()}})), "1003");
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(Post("/rest/v1/campaigns/2004/schedule.json", {{"input", {{"cloneToProgramName", "Copy " + std::to_string(i)}}}})["success"]);
  }
  EXPECT_EQ(ErrorCode(Post("/rest/v1/campaigns/2004/schedule.json", {{"input", {{"cloneToProgramName", "One more"}}}})), "1020");
  auto effects = nlohmann::json::parse(Control("GET", "effects?since=0").body)["effects"];
  EXPECT_EQ(effects[0]["operation"], "campaign.schedule");
  EXPECT_EQ(effects[0]["result"]["runAt"], "2027-01-05T10:00:00Z");
}

}  // namespace
}  // namespace salesync::sandbox::marketo
