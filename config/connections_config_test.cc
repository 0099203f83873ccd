#include "config/connections_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.h"

namespace salesync::config {
namespace {

using ::testing::HasSubstr;

TEST(ConnectionsConfigTest, ReadsSeveralConnectionsOfOneType) {
  ::setenv("SALESYNC_TEST_MKTO", "marketo-secret", 1);
  auto r = ParseConfig("c.json", R"({"connections": {
    "sf": {"type": "salesforce", "flow": "authorization_code", "client_id": "cid",
           "client_secret": {"env": "SALESYNC_TEST_MKTO"}, "login_url": "https://login.salesforce.com",
           "scopes": ["api", "refresh_token"]},
    "mkto-eu": {"type": "marketo", "flow": "client_credentials", "client_id": "m1",
                "client_secret": {"env": "SALESYNC_TEST_MKTO"}, "identity_url": "https://1.mktorest.com/identity",
                "base_url": "https://1.mktorest.com", "ca_file": "/etc/ssl/ca.pem"},
    "mkto-us": {"type": "marketo", "flow": "manual", "identity_url": "https://2.mktorest.com/identity",
                "base_url": "https://2.mktorest.com"}
  }})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->connections.size(), 3u);
  EXPECT_EQ(r->connections["sf"].scopes, (std::vector<std::string>{"api", "refresh_token"}));
  EXPECT_EQ(r->connections["mkto-eu"].client_secret->Reveal(), "marketo-secret");
  EXPECT_EQ(r->connections["mkto-eu"].ca_file, "/etc/ssl/ca.pem");
  EXPECT_EQ(r->connections["mkto-us"].flow, "manual");
}

TEST(ConnectionsConfigTest, EachFlowNamesWhatItMisses) {
  std::vector<ConfigError> errors;
  auto r = ParseConfig("c.json", R"({"connections": {
    "sf": {"type": "salesforce", "flow": "jwt_bearer", "client_id": "cid", "login_url": "https://login.salesforce.com"},
    "m": {"type": "marketo", "flow": "authorization_code", "client_id": "x", "client_secret": {"env": "SALESYNC_TEST_MKTO"}},
    "Bad Name": {"type": "salesforce", "flow": "manual", "login_url": "https://x"},
    "t": {"type": "hubspot", "flow": "manual"}
  }})", &errors);
  ASSERT_FALSE(r.ok());
  std::string all = FormatConfigErrors(errors);
  EXPECT_THAT(all, HasSubstr("/connections/sf: Missing required key \"private_key\""));
  EXPECT_THAT(all, HasSubstr("/connections/sf: Missing required key \"username\""));
  EXPECT_THAT(all, HasSubstr("/connections/m: Missing required key \"identity_url\""));
  EXPECT_THAT(all, HasSubstr("/connections/m/flow: Marketo connects with client_credentials"));
  EXPECT_THAT(all, HasSubstr("/connections/Bad Name: A connection name must be"));
  EXPECT_THAT(all, HasSubstr("/connections/t/type: Unknown value \"hubspot\""));
}

TEST(ConnectionsConfigTest, UnknownConnectionKeySuggests) {
  std::vector<ConfigError> errors;
  auto r = ParseConfig("c.json", R"({"connections": {"sf": {"type": "salesforce", "flow": "manual",
    "login_url": "https://login.salesforce.com", "client_secrte": {"env": "X"}}}})", &errors);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(FormatConfigErrors(errors), HasSubstr("Did you mean \"client_secret\"?"));
}

}  // namespace
}  // namespace salesync::config
