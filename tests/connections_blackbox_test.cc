// Black-box test of issue 4: the built salesyncd connected to the built salesync-sandbox over HTTPS,
// driven through salesyncctl and the admin API, then every artefact an operator can see — the store
// files, the daemon's log, /metrics, every CLI output — searched for tokens and secrets.
#include <csignal>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>

#include "base/files.h"
#include "base/strings.h"
#include "net/http_client.h"
#include "net/http_message.h"
#include "tests/support/notify_socket.h"
#include "tests/support/process.h"
#include "tests/support/sandbox_child.h"

namespace salesync::testing {
namespace {

using ::testing::HasSubstr;
constexpr auto kDeadline = std::chrono::seconds(60);

class ConnectionsBlackboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("connections-blackbox");
    state_ = dir_ + "/state";
    sandbox_ = std::make_unique<SandboxChild>(
        BinaryPath("sandbox/salesync-sandbox"),
        std::vector<std::string>{"--salesforce", "127.0.0.1:0", "--marketo", "127.0.0.1:0", "--tls-dir", dir_ + "/tls",
                                 "--people", "300", "--salesforce-auto-approve"},
        dir_ + "/sandbox.stderr");
    ASSERT_TRUE(sandbox_->Start()) << sandbox_->error();
    const auto& a = sandbox_->announcement();
    ca_ = a["ca_file"];
    sf_secret_ = a["salesforce"]["client_secret"];
    mk_secret_ = a["marketo"]["client_secret"];
    nlohmann::json config = {
        {"admin", {{"listen", "127.0.0.1:0"}}},
        {"connections",
         {{"sf",
           {{"type", "salesforce"},
            {"flow", "authorization_code"},
            {"client_id", a["salesforce"]["client_id"]},
            {"client_secret", {{"env", "TEST_SF_SECRET"}}},
            {"login_url", a["salesforce"]["login_url"]},
            {"ca_file", ca_}}},
          {"mkto",
           {{"type", "marketo"},
            {"flow", "client_credentials"},
            {"client_id", a["marketo"]["client_id"]},
            {"client_secret", {{"env", "TEST_MK_SECRET"}}},
            {"identity_url", a["marketo"]["identity_url"]},
            {"base_url", a["marketo"]["base_url"]},
            {"ca_file", ca_}}}}}};
    std::ofstream(dir_ + "/salesync.json") << config.dump(2);
    notify_ = std::make_unique<NotifySocket>(dir_ + "/notify.sock");
    ASSERT_TRUE(notify_->ok());
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{BinaryPath("daemon/salesyncd"), "--config", dir_ + "/salesync.json", "--state-dir",
                                 state_},
        std::map<std::string, std::string>{{"NOTIFY_SOCKET", notify_->path()},
                                           {"STATE_DIRECTORY", "\x01unset"},
                                           {"JOURNAL_STREAM", "\x01unset"},
                                           {"TEST_SF_SECRET", sf_secret_},
                                           {"TEST_MK_SECRET", mk_secret_}},
        dir_);
    ASSERT_TRUE(daemon_->Start());
    ASSERT_TRUE(notify_->WaitFor("READY=1", kDeadline)) << daemon_->Stderr();
    url_ = std::string(TrimWhitespace(*ReadFile(state_ + "/admin.url")));
    admin_token_ = std::string(TrimWhitespace(*ReadFile(state_ + "/admin.token")));
    // The daemon's callback is the redirect URI registered in the provider's connected app.
    ASSERT_EQ(SandboxControl("POST", "settings", {{"redirect_uris", {url_ + "/oauth/callback"}}}).status, 200);
  }

  void TearDown() override {
    if (daemon_ && daemon_->Running()) {
      daemon_->Signal(SIGTERM);
      daemon_->Wait(kDeadline);
    }
  }

  int Ctl(std::vector<std::string> args, std::string* out = nullptr) {
    std::vector<std::string> argv = {BinaryPath("ctl/salesyncctl"), "--state-dir", state_};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string o, e;
    int rc = RunToCompletion(argv, {{"SALESYNC_URL", "\x01unset"}, {"SALESYNC_TOKEN", "\x01unset"}}, dir_ + "/ctl", &o, &e);
    cli_output_ += o + e;
    if (out) *out = o;
    return rc;
  }

  net::ClientResponse Send(net::ClientRequest r) {
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  net::ClientResponse SandboxControl(const std::string& method, const std::string& sub, const nlohmann::json& body) {
    net::ClientRequest r{method, sandbox_->announcement()["salesforce"]["control_url"].get<std::string>() + "/" + sub};
    r.headers.push_back({"X-Sandbox-Key", sandbox_->announcement()["control_key"]});
    r.headers.push_back({"Content-Type", "application/json"});
    r.body = body.dump();
    r.ca_file = ca_;
    return Send(r);
  }

  nlohmann::json SandboxEffects(const std::string& prefix) {
    net::ClientRequest r{"GET", sandbox_->announcement()["salesforce"]["control_url"].get<std::string>() + "/effects?since=0"};
    r.headers.push_back({"X-Sandbox-Key", sandbox_->announcement()["control_key"]});
    r.ca_file = ca_;
    nlohmann::json out = nlohmann::json::array();
    auto log = nlohmann::json::parse(Send(r).body);
    for (const auto& e : log["effects"]) {
      if (e["operation"].get<std::string>().rfind(prefix, 0) == 0) out.push_back(e);
    }
    return out;
  }

  // The browser's part of `salesyncctl connect sf`: open the authorize URL (the sandbox auto-approves),
  // follow the redirect to the daemon's callback and read the page it shows.
  std::string SignInThroughTheBrowserPath() {
    net::ClientRequest start{"POST", url_ + "/api/v1/connections/sf/authorize"};
    start.headers.push_back({"Authorization", "Bearer " + admin_token_});
    auto started = Send(start);
    EXPECT_EQ(started.status, 200) << started.body;
    auto authorize_url = nlohmann::json::parse(started.body)["authorize_url"].get<std::string>();
    net::ClientRequest open{"GET", authorize_url};
    open.ca_file = ca_;
    auto redirect = Send(open);
    EXPECT_EQ(redirect.status, 302) << redirect.body;
    auto page = Send({"GET", redirect.headers["Location"]});
    EXPECT_EQ(page.status, 200) << page.body;
    return page.body;
  }

  std::string dir_, state_, url_, ca_, admin_token_, sf_secret_, mk_secret_, cli_output_;
  std::unique_ptr<SandboxChild> sandbox_;
  std::unique_ptr<NotifySocket> notify_;
  std::unique_ptr<ChildProcess> daemon_;
  net::HttpClient client_;
};

TEST_F(ConnectionsBlackboxTest, ConnectRefreshRotateDisconnectLeaveNoTokenInSight) {
  std::string out;
  ASSERT_EQ(Ctl({"connect", "mkto"}, &out), 0) << cli_output_;
  EXPECT_THAT(SignInThroughTheBrowserPath(), HasSubstr("Connected sf"));
  ASSERT_EQ(Ctl({"connection", "test", "sf"}), 0) << cli_output_;
  ASSERT_EQ(Ctl({"connection", "test", "mkto"}), 0) << cli_output_;

  // The provider forgets the access token: the next call refreshes (with rotation) and succeeds.
  ASSERT_EQ(SandboxControl("POST", "tokens/expire", {{"all", true}}).status, 200);
  ASSERT_EQ(Ctl({"connection", "test", "sf"}), 0) << cli_output_;
  EXPECT_EQ(SandboxEffects("token.refresh").size(), 1u);

  ASSERT_EQ(Ctl({"connections", "--json"}, &out), 0) << cli_output_;
  auto list = nlohmann::json::parse(out);
  ASSERT_EQ(list.size(), 2u) << out;
  for (const auto& c : list) EXPECT_EQ(c["state"], "connected") << c.dump();
  ASSERT_EQ(Ctl({"connections"}), 0);

  ASSERT_EQ(Ctl({"vault", "rotate-key"}), 0) << cli_output_;
  ASSERT_EQ(Ctl({"connection", "test", "sf"}), 0) << "tokens still open after rotation: " << cli_output_;

  auto metrics = Send({"GET", url_ + "/metrics"}).body;
  EXPECT_THAT(metrics, HasSubstr("salesync_oauth_token_refreshes_total{connection=\"sf\""));

  ASSERT_EQ(Ctl({"disconnect", "sf"}), 0) << cli_output_;
  EXPECT_EQ(SandboxEffects("token.revoke").size(), 1u);
  ASSERT_EQ(Ctl({"connections", "--json"}, &out), 0);
  list = nlohmann::json::parse(out);
  for (const auto& c : list) {
    if (c["name"] == "sf") {
      EXPECT_EQ(c["state"], "not_connected");
    }
  }

  daemon_->Signal(SIGTERM);
  ASSERT_EQ(daemon_->Wait(kDeadline), 0);
  std::string everything = cli_output_ + metrics + daemon_->Stderr();
  for (const char* f : {"/salesync.db", "/salesync.db-wal"}) {
    if (auto bytes = ReadFile(state_ + f)) everything += *bytes;
  }
  // The shapes the sandbox's providers issue: Salesforce access "00D…!AQ…" and refresh "5Aep861…",
  // Marketo "8-4-4-4-12:int"; and the client secrets themselves.
  std::smatch m;
  EXPECT_FALSE(std::regex_search(everything, m, std::regex("!AQ[A-Za-z0-9_-]{16}"))) << m.str();
  EXPECT_FALSE(std::regex_search(everything, m, std::regex("5Aep861[A-Za-z0-9_-]{16}"))) << m.str();
  EXPECT_FALSE(std::regex_search(everything, m, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:int")))
      << m.str();
  EXPECT_EQ(everything.find(sf_secret_), std::string::npos);
  EXPECT_EQ(everything.find(mk_secret_), std::string::npos);
}

}  // namespace
}  // namespace salesync::testing
