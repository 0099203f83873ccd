#include "sandbox/salesforce/salesforce_test_fixture.h"

namespace salesync::sandbox::salesforce {
namespace {

class DescribeTest : public SalesforceTest {
 protected:
  nlohmann::json Field(const nlohmann::json& describe, const std::string& name) {
    for (const auto& f : describe["fields"]) {
      if (f["name"] == name) return f;
    }
    ADD_FAILURE() << "no field " << name;
    return nlohmann::json::object();
  }
};

TEST_F(DescribeTest, VersionsListNeedsNoAuthAndNoLimitHeader) {
  auto r = Send("GET", "/services/data/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.headers.find("sforce-limit-info") == r.headers.end());
  auto list = nlohmann::json::parse(r.body);
  bool found = false;
  for (const auto& v : list) {
    if (v["version"] == "60.0") {
      found = true;
      EXPECT_EQ(v["label"], "Spring '24");
      EXPECT_EQ(v["url"], "/services/data/v60.0");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(list.front()["label"], "Summer '14");
  EXPECT_EQ(Api("GET", "/services/data/v30.0/limits").status, 410);
  EXPECT_EQ(Api("GET", "/services/data/v99.0/limits").status, 404);
  EXPECT_EQ(Api("GET", "/services/data/latest/limits").status, 200);
}

TEST_F(DescribeTest, DescribeHasRealFieldMetadata) {
  for (const std::string object : {"Lead", "Contact", "Account", "Task", "User"}) {
    auto d = ApiJson("GET", std::string(kV) + "/sobjects/" + object + "/describe", 200);
    EXPECT_EQ(d["name"], object);
    EXPECT_TRUE(d["fields"].size() > 8) << object;
    for (const auto& f : d["fields"]) {
      for (const char* k : {"name", "label", "type", "length", "nillable", "createable", "updateable", "defaultedOnCreate",
                            "calculated", "picklistValues", "restrictedPicklist", "referenceTo", "relationshipName",
                            "externalId", "unique", "idLookup", "custom", "filterable", "sortable"}) {
        EXPECT_TRUE(f.contains(k)) << object << "." << f["name"] << " lacks " << k;
      }
    }
  }
  auto lead = ApiJson("GET", std::string(kV) + "/sobjects/Lead/describe", 200);
  EXPECT_EQ(lead["keyPrefix"], "00Q");
  auto last = Field(lead, "LastName");
  EXPECT_EQ(last["type"], "string");
  EXPECT_EQ(last["length"], 80);
  EXPECT_EQ(last["nillable"], false);
  auto status = Field(lead, "Status");
  EXPECT_EQ(status["type"], "picklist");
  EXPECT_EQ(status["restrictedPicklist"], true);
  EXPECT_EQ(status["defaultedOnCreate"], true);
  EXPECT_GE(status["picklistValues"].size(), 4u);
  auto ext = Field(lead, "Salesync_Id__c");
  EXPECT_EQ(ext["externalId"], true);
  EXPECT_EQ(ext["custom"], true);
  EXPECT_EQ(ext["unique"], false);
  EXPECT_EQ(Field(lead, "Name")["createable"], false);
  EXPECT_EQ(Field(lead, "SystemModstamp")["type"], "datetime");
  auto task = ApiJson("GET", std::string(kV) + "/sobjects/Task/describe", 200);
  auto who = Field(task, "WhoId");
  EXPECT_EQ(who["type"], "reference");
  EXPECT_EQ(who["referenceTo"], nlohmann::json::array({"Contact", "Lead"}));
  EXPECT_EQ(who["relationshipName"], "Who");
  auto activity = Field(task, "Salesync_Activity_Id__c");
  EXPECT_EQ(activity["externalId"], true);
  EXPECT_EQ(activity["unique"], true);
  EXPECT_EQ(Field(task, "IsClosed")["calculated"], true);
  EXPECT_EQ(Field(task, "TaskSubtype")["updateable"], false);
  EXPECT_EQ(Field(task, "Description")["type"], "textarea");
  auto contact = ApiJson("GET", std::string(kV) + "/sobjects/Contact/describe", 200);
  EXPECT_EQ(Field(contact, "AccountId")["referenceTo"], nlohmann::json::array({"Account"}));
  EXPECT_EQ(Field(contact, "Email")["idLookup"], true);
  EXPECT_EQ(Api("GET", std::string(kV) + "/sobjects/Opportunity/describe").status, 404);
}

TEST_F(DescribeTest, DescribeHonoursIfModifiedSince) {
  auto r = Api("GET", std::string(kV) + "/sobjects/Contact/describe");
  ASSERT_FALSE(r.headers["last-modified"].empty());
  EXPECT_EQ(Api("GET", std::string(kV) + "/sobjects/Contact/describe", "", {{"If-Modified-Since", r.headers["last-modified"]}}).status, 304);
  EXPECT_EQ(Api("GET", std::string(kV) + "/sobjects/Contact/describe", "", {{"If-Modified-Since", "Mon, 01 Jan 2018 00:00:00 GMT"}}).status, 200);
  auto global = ApiJson("GET", std::string(kV) + "/sobjects", 200);
  EXPECT_EQ(global["sobjects"].size(), 5u);
  EXPECT_EQ(global["maxBatchSize"], 200);
}

TEST_F(DescribeTest, EveryResponseCarriesLimitInfoAndTheDailyLimitEnds) {
  Start([](SandboxOptions& o) {
    o.salesforce_redirect_uris = {kRedirectUri};
    o.salesforce_daily_limit = 5;
  });
  auto first = Api("GET", std::string(kV) + "/limits");
  EXPECT_EQ(first.headers["sforce-limit-info"], "api-usage=1/5");
  auto limits = nlohmann::json::parse(first.body);
  EXPECT_EQ(limits["DailyApiRequests"]["Max"], 5);
  EXPECT_EQ(limits["DailyApiRequests"]["Remaining"], 4);
  EXPECT_EQ(Api("GET", std::string(kV) + "/sobjects/Nope/describe").headers["sforce-limit-info"], "api-usage=2/5");  // errors count too
  for (int i = 3; i <= 5; ++i) EXPECT_EQ(Api("GET", std::string(kV) + "/limits").status, 200);
  auto over = Api("GET", std::string(kV) + "/query?q=SELECT+Id+FROM+Lead");
  EXPECT_EQ(over.status, 403);
  EXPECT_EQ(over.body, R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])");
  EXPECT_EQ(over.headers["sforce-limit-info"], "api-usage=5/5");
  // OAuth and the versions list do not count; the 24 h window slides on the sandbox clock.
  EXPECT_EQ(Send("GET", "/services/data/").status, 200);
  EXPECT_FALSE(ClientCredentialsToken().empty());
  auto stats = Control("GET", "stats", nullptr, 200);
  EXPECT_EQ(stats["limit_violations"].size(), 1u);
  AdvanceClock(24 * 3600 + 60);
  token_ = ClientCredentialsToken();
  EXPECT_EQ(Api("GET", std::string(kV) + "/limits").headers["sforce-limit-info"], "api-usage=1/5");
}

TEST_F(DescribeTest, InjectedFaultsSpeakSalesforce) {
  Control("POST", "faults", {{"match", "GET /services/data/*"}, {"count", 1}, {"kind", "provider_error"}, {"code", "QUERY_TIMEOUT"}, {"status", 400}}, 201);
  auto r = Api("GET", std::string(kV) + "/limits");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(nlohmann::json::parse(r.body)[0]["errorCode"], "QUERY_TIMEOUT");
  Control("POST", "faults", {{"match", "GET /services/data/*"}, {"count", 1}, {"kind", "expired_token"}}, 201);
  EXPECT_EQ(nlohmann::json::parse(Api("GET", std::string(kV) + "/limits").body)[0]["errorCode"], "INVALID_SESSION_ID");
  auto stats = Control("GET", "stats", nullptr, 200);
  EXPECT_EQ(stats["calls"]["GET /services/data/v60.0/limits"], 2);
  EXPECT_EQ(Api("GET", "/services/data/v60.0/query?q=" + std::string(17000, 'x')).status, 414);
}

}  // namespace
}  // namespace salesync::sandbox::salesforce
