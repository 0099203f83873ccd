#include "connectors/salesforce/salesforce_push.h"

#include <gtest/gtest.h>

#include "net/http_message.h"

namespace salesync::connectors::salesforce {
namespace {

TEST(SalesforcePushTest, IdentityQueryEscapesEveryValue) {
  auto call = BuildIdentityQuery("v60.0", "Lead", {"Email"}, {{"a@x.org"}, {"o'hara@x.org') OR (Id != null"}});
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  EXPECT_EQ(call->request.method, "GET");
  std::string soql = "SELECT Id, Email FROM Lead WHERE Email IN ('a@x.org', 'o\\'hara@x.org\\') OR (Id != null')";
  EXPECT_EQ(call->request.url, "/services/data/v60.0/query?q=" + net::PercentEncode(soql));
  EXPECT_FALSE(BuildIdentityQuery("v60.0", "Lead", {"Email; DROP"}, {{"a"}}).ok());
  EXPECT_FALSE(BuildIdentityQuery("v60.0", "Lead", {"Email"}, {}).ok());
}

TEST(SalesforcePushTest, CreateIsNeverResentAndUpdateCarriesTheId) {
  auto create = BuildCreateCall("v60.0", "Lead", {{{"Email", "a@x.org"}, {"Id", "00Qx"}}});
  ASSERT_TRUE(create.ok());
  EXPECT_EQ(create->request.method, "POST");
  EXPECT_FALSE(create->idempotent);
  auto body = nlohmann::json::parse(create->request.body);
  EXPECT_EQ(body["records"][0], (nlohmann::json{{"attributes", {{"type", "Lead"}}}, {"Email", "a@x.org"}}));
  auto update = BuildUpdateCall("v60.0", "Lead", {{"00Q000000000001AAA", {{"LastName", "B"}}}});
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->request.method, "PATCH");
  EXPECT_TRUE(update->idempotent);
  EXPECT_EQ(nlohmann::json::parse(update->request.body)["records"][0]["Id"], "00Q000000000001AAA");
  EXPECT_FALSE(BuildCreateCall("v60.0", "Lead", std::vector<nlohmann::json>(201, nlohmann::json::object())).ok());
}

TEST(SalesforcePushTest, IdentityRowsAndTheNextPage) {
  std::string next;
  auto rows = ParseIdentityRows({"Email"}, R"({"totalSize":2,"done":false,"nextRecordsUrl":"/services/data/v60.0/query/01g-2",
    "records":[{"attributes":{"type":"Lead"},"Id":"00Q1","Email":"a@x.org"},{"Id":"00Q2","Email":null}]})", &next);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].values, std::vector<std::string>{"a@x.org"});
  EXPECT_EQ((*rows)[1].values, std::vector<std::string>{""});
  EXPECT_EQ(next, "/services/data/v60.0/query/01g-2");
  EXPECT_FALSE(ParseIdentityRows({"Email"}, "[]", &next).ok());
}

}  // namespace
}  // namespace salesync::connectors::salesforce
