// Black-box test of the built salesync-sandbox running the Salesforce emulator over HTTPS: started as a
// process on a free port with a throwaway CA, located through its JSON line, and driven as the daemon
// will drive it: OAuth web-server flow with PKCE, paged SOQL, the control API.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "base/random.h"
#include "net/http_client.h"
#include "tests/support/process.h"
#include "tests/support/sandbox_child.h"

namespace salesync::testing {
namespace {

constexpr char kCallback[] = "https://127.0.0.1:9/oauth/callback";

std::string Param(const std::string& url, const std::string& name) {
  for (auto& [k, v] : net::ParseQueryString(url.substr(url.find('?') + 1))) {
    if (k == name) return v;
  }
  return "";
}

class SalesforceSandboxBlackbox : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("sandbox_salesforce_blackbox");
    child_ = std::make_unique<SandboxChild>(
        BinaryPath("sandbox/salesync-sandbox"),
        std::vector<std::string>{"--salesforce", "127.0.0.1:0", "--tls-dir", dir_ + "/tls", "--people", "2500",
                                 "--salesforce-redirect-uri", kCallback, "--salesforce-auto-approve"},
        dir_ + "/sandbox.stderr");
    ASSERT_TRUE(child_->Start()) << child_->error();
    const auto& a = child_->announcement();
    ASSERT_TRUE(a.contains("salesforce")) << a.dump();
    sf_ = a["salesforce"];
    ca_ = a["ca_file"];
    key_ = a["control_key"];
    base_ = sf_["login_url"];
  }

  net::ClientResponse Send(const std::string& method, const std::string& url, const std::string& body = "",
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::ClientRequest r{method, url.rfind("https://", 0) == 0 ? url : base_ + url};
    r.body = body;
    r.headers = std::move(headers);
    r.ca_file = ca_;
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  std::string dir_, ca_, key_, base_;
  nlohmann::json sf_;
  std::unique_ptr<SandboxChild> child_;
  net::HttpClient client_;
};

TEST_F(SalesforceSandboxBlackbox, OAuthWithPkceThenPagedQueryOverHttps) {
  EXPECT_EQ(base_.rfind("https://127.0.0.1:", 0), 0u);
  EXPECT_EQ(sf_["instance_url"], base_);
  EXPECT_FALSE(sf_["client_id"].get<std::string>().empty());

  // Verification stays on: without the CA the handshake fails.
  net::HttpClient plain;
  EXPECT_FALSE(plain.Send({"GET", base_ + "/services/data/"}).ok());

  auto verifier = Base64UrlEncode(*RandomBytes(32));
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(verifier.data(), verifier.size(), md, &len, EVP_sha256(), nullptr);
  std::string challenge = Base64UrlEncode(std::string(reinterpret_cast<char*>(md), len));
  auto authorize = Send("GET", "/services/oauth2/authorize?response_type=code&client_id=" +
                                   net::PercentEncode(sf_["client_id"].get<std::string>()) + "&redirect_uri=" +
                                   net::PercentEncode(kCallback) + "&state=blackbox&code_challenge=" + challenge +
                                   "&scope=api%20refresh_token");
  ASSERT_EQ(authorize.status, 302) << authorize.body;
  std::string location = authorize.headers["location"];
  EXPECT_EQ(location.rfind(std::string(kCallback) + "?", 0), 0u);
  EXPECT_EQ(Param(location, "state"), "blackbox");

  std::string form = "grant_type=authorization_code&code=" + net::PercentEncode(Param(location, "code")) +
                     "&client_id=" + net::PercentEncode(sf_["client_id"].get<std::string>()) +
                     "&client_secret=" + net::PercentEncode(sf_["client_secret"].get<std::string>()) +
                     "&redirect_uri=" + net::PercentEncode(kCallback) + "&code_verifier=" + verifier;
  auto token = Send("POST", "/services/oauth2/token", form, {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(token.status, 200) << token.body;
  auto tj = nlohmann::json::parse(token.body);
  std::string at = tj["access_token"];
  ASSERT_TRUE(tj.contains("refresh_token"));
  std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", "Bearer " + at},
                                                           {"Sforce-Query-Options", "batchSize=200"}};

  std::string instance = tj["instance_url"];
  auto page = Send("GET", instance + "/services/data/v60.0/query?q=" +
                              net::PercentEncode("SELECT Id, Email, SystemModstamp FROM Contact ORDER BY SystemModstamp, Id"),
                   "", auth);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.headers["sforce-limit-info"].find("api-usage="), std::string::npos);
  auto j = nlohmann::json::parse(page.body);
  long total = j["totalSize"];
  long seen = 0;
  int pages = 1;
  while (true) {
    seen += static_cast<long>(j["records"].size());
    if (j["done"].get<bool>()) break;
    auto next = Send("GET", instance + j["nextRecordsUrl"].get<std::string>(), "", auth);
    ASSERT_EQ(next.status, 200) << next.body;
    j = nlohmann::json::parse(next.body);
    ++pages;
  }
  EXPECT_EQ(seen, total);
  EXPECT_GT(pages, 3);

  // The control API: a row created there is visible to the API, and the token grant is in the effects log.
  std::vector<std::pair<std::string, std::string>> control = {{"X-Sandbox-Key", key_}};
  auto created = Send("POST", "/_sandbox/records/Lead", R"({"LastName":"Blackbox","Company":"Loopback B.V."})", control);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = nlohmann::json::parse(created.body)["id"];
  auto one = Send("GET", instance + "/services/data/v60.0/query?q=" + net::PercentEncode("SELECT Name FROM Lead WHERE Id = '" + id + "'"), "", auth);
  EXPECT_EQ(nlohmann::json::parse(one.body)["records"][0]["Name"], "Blackbox");
  EXPECT_EQ(Send("GET", "/_sandbox/effects?since=0", "", {{"Authorization", "Bearer " + at}}).status, 403);
  auto effects = nlohmann::json::parse(Send("GET", "/_sandbox/effects?since=0", "", control).body)["effects"];
  bool granted = false;
  for (const auto& e : effects) granted = granted || (e["operation"] == "token.authorization_code" && e["result"]["status"] == 200);
  EXPECT_TRUE(granted);
}

}  // namespace
}  // namespace salesync::testing
