// Identity service and access tokens, through the real HTTP listener.
#include <gtest/gtest.h>

#include "sandbox/marketo/marketo_test_fixture.h"

namespace salesync::sandbox::marketo {
namespace {

class MarketoAuthTest : public MarketoFixture {};

TEST_F(MarketoAuthTest, SameTokenWithShrinkingExpiresInUntilItExpires) {
  StartSandbox();
  auto first = FetchToken();
  EXPECT_EQ(first["token_type"], "bearer");
  EXPECT_EQ(first["expires_in"], 3599);
  EXPECT_NE(first["scope"].get<std::string>().find('@'), std::string::npos);
  EXPECT_NE(first["access_token"].get<std::string>().find(":int"), std::string::npos);
  AdvanceClock(5);
  auto again = FetchToken();
  EXPECT_EQ(again["access_token"], first["access_token"]);
  EXPECT_EQ(again["expires_in"], 3594);
  AdvanceClock(3600);
  auto fresh = FetchToken();
  EXPECT_NE(fresh["access_token"], first["access_token"]);
  EXPECT_EQ(fresh["expires_in"], 3599);
  auto r = client_.Send({"POST", TokenUrl()});  // POST with the parameters in the query works too
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(nlohmann::json::parse(r->body)["access_token"], fresh["access_token"]);
  EXPECT_EQ(r->headers["cache-control"], "no-store");
}

TEST_F(MarketoAuthTest, ExpiredTokenAnswers602OnceThen601) {
  StartSandbox([](SandboxOptions& o) { o.marketo_token_ttl_secs = 60; });
  std::string token = Token();
  EXPECT_TRUE(Get("/rest/v1/leads/describe.json")["success"]);
  AdvanceClock(61);
  auto expired = Get("/rest/v1/leads/describe.json");
  EXPECT_EQ(ErrorCode(expired), "602");
  EXPECT_EQ(expired["errors"][0]["message"], "Access token expired");
  EXPECT_FALSE(expired.contains("result"));
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads/describe.json")), "601");
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads/describe.json")), "601");
  // A new token works again; 601/602 were answered with HTTP 200, as the service does.
  token_ = FetchToken()["access_token"];
  EXPECT_NE(token_, token);
  EXPECT_TRUE(Get("/rest/v1/leads/describe.json")["success"]);
}

TEST_F(MarketoAuthTest, MissingUnknownAndQueryTokens) {
  StartSandbox();
  auto none = Call("GET", "/rest/v1/leads/describe.json", "", "", std::string());
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(ErrorCode(nlohmann::json::parse(none.body)), "600");
  auto unknown = Call("GET", "/rest/v1/leads/describe.json", "", "", std::string("nope:int"));
  EXPECT_EQ(ErrorCode(nlohmann::json::parse(unknown.body)), "601");
  auto query = Call("GET", "/rest/v1/leads/describe.json?access_token=" + Token(), "", "", std::string());
  EXPECT_TRUE(nlohmann::json::parse(query.body)["success"]);
  // The requestId is "hex#hex".
  auto id = nlohmann::json::parse(query.body)["requestId"].get<std::string>();
  EXPECT_NE(id.find('#'), std::string::npos);
}

TEST_F(MarketoAuthTest, QueryTokenRefusedWhenTheSwitchIsOn) {
  StartSandbox([](SandboxOptions& o) { o.marketo_reject_query_token = true; });
  auto query = Call("GET", "/rest/v1/leads/describe.json?access_token=" + Token(), "", "", std::string());
  EXPECT_EQ(ErrorCode(nlohmann::json::parse(query.body)), "600");
  EXPECT_TRUE(Get("/rest/v1/leads/describe.json")["success"]);  // the header still works
}

TEST_F(MarketoAuthTest, BadCredentialsAre401WithAnOAuthBody) {
  StartSandbox();
  auto r = client_.Send({"GET", base_ + "/identity/oauth/token?grant_type=client_credentials&client_id=x&client_secret=y"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 401);
  auto body = nlohmann::json::parse(r->body);
  EXPECT_EQ(body["error"], "invalid_client");
  EXPECT_FALSE(body["error_description"].get<std::string>().empty());
  auto grant = client_.Send({"GET", base_ + "/identity/oauth/token?grant_type=password"});
  EXPECT_EQ(grant->status, 400);
}

TEST_F(MarketoAuthTest, DescribeAnnouncesUrlsCredentialsAndLimits) {
  StartSandbox([](SandboxOptions& o) { o.marketo_concurrency = 7; });
  EXPECT_EQ(describe_["identity_url"], base_ + "/identity");
  EXPECT_EQ(describe_["rest_url"], base_ + "/rest");
  EXPECT_EQ(describe_["bulk_url"], base_ + "/bulk");
  EXPECT_EQ(describe_["limits"]["concurrency"], 7);
  EXPECT_FALSE(describe_["client_secret"].get<std::string>().empty());
}

TEST_F(MarketoAuthTest, IdentityCallsAreNotCountedTowardLimits) {
  StartSandbox([](SandboxOptions& o) { o.marketo_rate_per_20s = 2; });
  for (int i = 0; i < 5; ++i) FetchToken();
  EXPECT_TRUE(Get("/rest/v1/leads/describe.json")["success"]);
  EXPECT_TRUE(Get("/rest/v1/leads/describe.json")["success"]);
  EXPECT_EQ(ErrorCode(Get("/rest/v1/leads/describe.json")), "606");
}

}  // namespace
}  // namespace salesync::sandbox::marketo
