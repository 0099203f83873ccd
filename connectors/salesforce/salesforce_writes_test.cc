#include "connectors/salesforce/salesforce_writes.h"

#include <gtest/gtest.h>

namespace salesync::connectors::salesforce {
namespace {

WriteSettings TaskSettings() {
  WriteSettings s;
  s.external_id_field = "Salesync_Activity_Id__c";
  return s;
}

TEST(SalesforceWritesTest, UpsertCallCarriesTheKeyInTheExternalIdField) {
  std::vector<WriteItem> items = {
      {"act-1", {{"WhoId", "003000000000001AAA"}, {"Subject", "Email: hello"}, {"Status", "Completed"}}},
      {"act-2", {{"Subject", "x"}, {"Salesync_Activity_Id__c", "forged"}, {"Id", "00T000000000001AAA"}}},
  };
  auto call = BuildUpsertCall("Task", TaskSettings(), items);
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  EXPECT_EQ(call->request.method, "PATCH");
  EXPECT_EQ(call->request.url, "/services/data/v60.0/composite/sobjects/Task/Salesync_Activity_Id__c");
  EXPECT_TRUE(call->idempotent);
  auto body = nlohmann::json::parse(call->request.body);
  EXPECT_EQ(body["allOrNone"], false);
  ASSERT_EQ(body["records"].size(), 2u);
  EXPECT_EQ(body["records"][0]["attributes"]["type"], "Task");
  EXPECT_EQ(body["records"][0]["Salesync_Activity_Id__c"], "act-1");
  EXPECT_EQ(body["records"][0]["WhoId"], "003000000000001AAA");
  EXPECT_EQ(body["records"][1]["Salesync_Activity_Id__c"], "act-2") << "the key wins";
  EXPECT_FALSE(body["records"][1].contains("Id")) << "an upsert is keyed by the external id only";
}

TEST(SalesforceWritesTest, BatchBoundsAndKeysAreChecked) {
  EXPECT_FALSE(BuildUpsertCall("Task", TaskSettings(), {}).ok());
  std::vector<WriteItem> many(201, WriteItem{"k", nlohmann::json::object()});
  for (size_t i = 0; i < many.size(); ++i) many[i].key = "k" + std::to_string(i);
  EXPECT_FALSE(BuildUpsertCall("Task", TaskSettings(), many).ok());
  many.pop_back();
  EXPECT_TRUE(BuildUpsertCall("Task", TaskSettings(), many).ok());
  EXPECT_FALSE(BuildUpsertCall("Task", TaskSettings(), {{"", nlohmann::json::object()}}).ok());
  EXPECT_FALSE(BuildUpsertCall("Task", TaskSettings(), {{"k", nlohmann::json::array()}}).ok());
}

TEST(SalesforceWritesTest, OutcomesFollowTheInputOrder) {
  std::vector<WriteItem> items = {{"a", {}}, {"b", {}}, {"c", {}}, {"d", {}}};
  const char* body = R"([
    {"id":"00T000000000001AAA","success":true,"errors":[],"created":true},
    {"id":"00T000000000002AAA","success":true,"errors":[],"created":false},
    {"success":false,"errors":[{"statusCode":"FIELD_INTEGRITY_EXCEPTION","message":"bad WhoId","fields":["WhoId"]}]},
    {"success":false,"errors":[{"statusCode":"UNABLE_TO_LOCK_ROW","message":"unable to obtain exclusive access","fields":[]}]}
  ])";
  auto out = ParseUpsertResults(items, body);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out->size(), 4u);
  EXPECT_EQ((*out)[0].key, "a");
  EXPECT_TRUE((*out)[0].ok);
  EXPECT_TRUE((*out)[0].created);
  EXPECT_EQ((*out)[0].remote_id, "00T000000000001AAA");
  EXPECT_TRUE((*out)[1].ok);
  EXPECT_FALSE((*out)[1].created);
  EXPECT_FALSE((*out)[2].ok);
  EXPECT_EQ((*out)[2].key, "c");
  EXPECT_EQ((*out)[2].code, "FIELD_INTEGRITY_EXCEPTION");
  EXPECT_NE((*out)[2].message.find("bad WhoId"), std::string::npos);
  EXPECT_NE((*out)[2].message.find("WhoId"), std::string::npos);
  EXPECT_FALSE((*out)[2].retryable);
  EXPECT_EQ((*out)[3].code, "UNABLE_TO_LOCK_ROW");
  EXPECT_TRUE((*out)[3].retryable);
}

TEST(SalesforceWritesTest, AnAnswerThatDoesNotMatchTheBatchIsPermanent) {
  std::vector<WriteItem> items = {{"a", {}}, {"b", {}}};
  for (const char* body : {"", "{}", "[{\"success\":true}]", "[{\"errorCode\":\"X\"}]"}) {
    auto out = ParseUpsertResults(items, body);
    ASSERT_FALSE(out.ok()) << body;
    EXPECT_EQ(out.error().code, ErrorCode::kPermanent);
  }
}

TEST(SalesforceWritesTest, RetryableCodes) {
  EXPECT_TRUE(IsRetryableWriteError("UNABLE_TO_LOCK_ROW"));
  EXPECT_TRUE(IsRetryableWriteError("ALL_OR_NONE_OPERATION_ROLLED_BACK"));
  EXPECT_FALSE(IsRetryableWriteError("REQUIRED_FIELD_MISSING"));
  EXPECT_FALSE(IsRetryableWriteError("DUPLICATE_EXTERNAL_ID"));
}

}  // namespace
}  // namespace salesync::connectors::salesforce
