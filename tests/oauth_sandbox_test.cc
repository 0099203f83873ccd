// Issue 4 against the sandbox: every flow end to end with the daemon's real connection stack
// (ConnectionManager, TokenClient, ApiClient, TokenVault, TokenStore) over HTTPS with the sandbox's CA.
#include <gtest/gtest.h>

#include "tests/support/connected_sandbox.h"

namespace salesync::testing {
namespace {

TEST(OAuthSandboxTest, ClientCredentialsConnectBothProvidersAndCallThem) {
  ConnectedSandbox sb;
  ASSERT_TRUE(sb.Start().ok());
  auto limits = sb.api().Call("sf", {"GET", "/services/data/v60.0/limits"});
  ASSERT_TRUE(limits.ok()) << limits.error().ToString();
  EXPECT_EQ(limits->http.status, 200);
  auto describe = sb.api().Call("mkto", {"GET", "/rest/v1/leads/describe.json"});
  ASSERT_TRUE(describe.ok()) << describe.error().ToString();
  EXPECT_NE(describe->http.body.find("\"success\":true"), std::string::npos) << describe->http.body;
  EXPECT_EQ(sb.Effects("salesforce", "token.client_credentials").size(), 1u);
}

}  // namespace
}  // namespace salesync::testing
