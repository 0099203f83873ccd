#include "connectors/marketo/marketo_writes.h"

#include <gtest/gtest.h>

#include "connectors/marketo/marketo_activities_stream.h"
#include "connectors/marketo/marketo_connector.h"

namespace salesync::connectors::marketo {
namespace {

oauth::ApiResponse Answer(const std::string& body) {
  oauth::ApiResponse r;
  r.http.status = 200;
  r.http.body = body;
  return r;
}

TEST(MarketoWrites, CustomActivityCallCarriesTheKeyAndIsNotIdempotent) {
  WriteTarget target{"customActivity", {{"activity_type_id", 100001}, {"key_attribute", "salesyncKey"}}};
  std::vector<WriteItem> items = {
      {"act-1", {{"leadId", 5}, {"activityDate", "2026-11-20T10:00:00+0000"}, {"primaryAttributeValue", "Webinar"},
                 {"attributes", {{"channel", "web"}}}}},
      {"act-2", {{"leadId", "6"}, {"activityDate", int64_t{1763632800000}}}}};
  auto call = CustomActivityWriteCall(target, items);
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  EXPECT_FALSE(call->idempotent);
  EXPECT_EQ(call->request.url, "/rest/v1/activities/external.json");
  auto body = nlohmann::json::parse(call->request.body);
  ASSERT_EQ(body["input"].size(), 2u);
  EXPECT_EQ(body["input"][0]["activityTypeId"], 100001);
  EXPECT_EQ(body["input"][0]["activityDate"], "2026-11-20T10:00:00Z");
  EXPECT_EQ(body["input"][0]["primaryAttributeValue"], "Webinar");
  EXPECT_EQ(body["input"][0]["attributes"].back(), (nlohmann::json{{"apiName", "salesyncKey"}, {"value", "act-1"}}));
  EXPECT_EQ(body["input"][1]["leadId"], 6);
}

TEST(MarketoWrites, CustomActivityNeedsTypeAndLead) {
  EXPECT_EQ(CustomActivityWriteCall({"customActivity", {}}, {{"k", {{"leadId", 1}}}}).error().code, ErrorCode::kConfig);
  auto no_lead = CustomActivityWriteCall({"customActivity", {{"activity_type_id", 1}}}, {{"k", {{"activityDate", "2026-01-01"}}}});
  ASSERT_FALSE(no_lead.ok());
  EXPECT_EQ(no_lead.error().context, "item k");
}

TEST(MarketoWrites, OutcomesInInputOrder) {
  std::vector<WriteItem> items = {{"a", {}}, {"b", {}}, {"c", {}}};
  auto out = ParseWriteOutcomes(items, Answer(R"({"success":true,"result":[
      {"id":11,"marketoGUID":"g11","status":"added"},
      {"status":"skipped","reasons":[{"code":"1004","message":"Lead not found"}]},
      {"status":"skipped","errors":[{"code":"1013","message":"Activity type not found"}]}]})"), true);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_TRUE((*out)[0].ok);
  EXPECT_EQ((*out)[0].remote_id, "g11");
  EXPECT_EQ((*out)[1].key, "b");
  EXPECT_EQ((*out)[1].code, "1004");
  EXPECT_EQ((*out)[2].code, "1013");
  EXPECT_FALSE(ParseWriteOutcomes(items, Answer(R"({"success":true,"result":[]})"), true).ok());
}

TEST(MarketoWrites, LeadUpsertById) {
  auto call = LeadUpsertCall({"lead", {{"lookup_field", "id"}, {"partition_name", "Europe"}}}, {{"k", {{"id", 7}, {"title", "CTO"}}}});
  ASSERT_TRUE(call.ok());
  auto body = nlohmann::json::parse(call->request.body);
  EXPECT_EQ(body["action"], "updateOnly");
  EXPECT_FALSE(body.contains("partitionName"));
  EXPECT_TRUE(call->idempotent);
  EXPECT_FALSE(LeadUpsertCall({"lead", {}}, {{"k", {{"title", "CTO"}}}}).ok());  // no e-mail to look up
}

TEST(MarketoActivities, TypeIdsGoInGroupsOfTen) {
  std::vector<int64_t> ids;
  for (int64_t i = 25; i >= 1; --i) ids.push_back(i);
  ids.push_back(3);
  auto groups = MarketoActivitiesStream::Groups(ids);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].size(), 10u);
  EXPECT_EQ(groups[0].front(), 1);
  EXPECT_EQ(groups[2].size(), 5u);
}

}  // namespace
}  // namespace salesync::connectors::marketo
