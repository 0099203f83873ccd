#include "connectors/marketo/marketo_envelope.h"

#include <gtest/gtest.h>

namespace salesync::connectors::marketo {
namespace {

TEST(MarketoEnvelope, PagedSuccess) {
  auto e = ParseEnvelope(
      R"({"requestId":"e42b#14272d07d78","success":true,"result":[{"id":1}],"moreResult":true,"nextPageToken":"GIYD","warnings":[]})",
      "t");
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->request_id, "e42b#14272d07d78");
  EXPECT_TRUE(e->more_result);
  EXPECT_EQ(e->next_page_token, "GIYD");
  ASSERT_EQ(e->result.size(), 1u);
}

TEST(MarketoEnvelope, EmptyActivityPageHasNoResultKey) {
  auto e = ParseEnvelope(R"({"requestId":"a#b","success":true,"nextPageToken":"X","moreResult":false})", "t");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->result.empty());
  EXPECT_FALSE(e->more_result);
}

TEST(MarketoEnvelope, AssetWarningsAreStrings) {
  auto e = ParseEnvelope(R"({"success":true,"warnings":["No assets found for the given search criteria."]})", "t");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->warnings[0], "No assets found for the given search criteria.");
}

TEST(MarketoEnvelope, FailureNamesTheStringCode) {
  auto e = ParseEnvelope(R"({"requestId":"x#y","success":false,"errors":[{"code":"1029","message":"Export daily quota 500MB exceeded"}]})", "bulk");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("(1029)"), std::string::npos);
  EXPECT_EQ(e.error().context, "bulk");
}

TEST(MarketoEnvelope, NotJson) { EXPECT_FALSE(ParseEnvelope("<html>", "t").ok()); }

TEST(MarketoEnvelope, PerRecordStatuses) {
  auto statuses = ParseRecordStatuses(nlohmann::json::parse(R"([
    {"id":50,"status":"created"},
    {"id":51,"status":"updated"},
    {"status":"skipped","reasons":[{"code":"1005","message":"Lead already exists"}]},
    {"status":"skipped","errors":[{"code":1004,"message":"Lead not found"}]},
    {"id":7,"marketoGUID":"7","status":"added"}])"));
  ASSERT_EQ(statuses.size(), 5u);
  EXPECT_EQ(statuses[0].id, "50");
  EXPECT_EQ(statuses[1].status, "updated");
  EXPECT_EQ(statuses[2].reasons[0].code, "1005");
  EXPECT_EQ(statuses[3].reasons[0].code, "1004");  // the docs' custom-activity quirk, with a numeric code
  EXPECT_EQ(statuses[4].marketo_guid, "7");
}

}  // namespace
}  // namespace salesync::connectors::marketo
