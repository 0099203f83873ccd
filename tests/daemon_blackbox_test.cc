// Black-box tests of the built salesyncd: started as a process on an ephemeral port with its own state
// dir, observed through HTTP, its state files and the real sd_notify protocol on a datagram socket.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strings.h"
#include "net/http_client.h"
#include "tests/support/notify_socket.h"
#include "tests/support/process.h"

namespace salesync::testing {
namespace {

using ::testing::HasSubstr;
constexpr auto kDeadline = std::chrono::seconds(30);

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    state_ = dir_ + "/state";
    config_ = dir_ + "/salesync.json";
    WriteText(config_, "// test config\n{\"log_level\": \"info\", \"admin\": {\"listen\": \"127.0.0.1:0\"}}\n");
    notify_ = std::make_unique<NotifySocket>(dir_ + "/notify.sock");
    ASSERT_TRUE(notify_->ok());
  }

  void StartDaemon(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {BinaryPath("daemon/salesyncd"), "--config", config_, "--state-dir", state_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    daemon_ = std::make_unique<ChildProcess>(
        argv, std::map<std::string, std::string>{{"NOTIFY_SOCKET", notify_->path()}, {"STATE_DIRECTORY", "\x01unset"},
                                                 {"JOURNAL_STREAM", "\x01unset"}},
        dir_);
    ASSERT_TRUE(daemon_->Start());
    ASSERT_TRUE(notify_->WaitFor("READY=1", kDeadline)) << daemon_->Stderr();
    auto url = ReadFile(state_ + "/admin.url");
    ASSERT_TRUE(url.ok());
    url_ = std::string(TrimWhitespace(*url));
    auto token = ReadFile(state_ + "/admin.token");
    ASSERT_TRUE(token.ok());
    token_ = std::string(TrimWhitespace(*token));
  }

  net::ClientResponse Get(const std::string& path, bool with_token) {
    net::ClientRequest r;
    r.url = url_ + path;
    if (with_token) r.headers.push_back({"Authorization", "Bearer " + token_});
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  std::string dir_, state_, config_, url_, token_;
  std::unique_ptr<NotifySocket> notify_;
  std::unique_ptr<ChildProcess> daemon_;
  net::HttpClient client_;
};

TEST_F(DaemonTest, ServesHealthStatusAndMetricsThenStopsCleanly) {
  StartDaemon();
  EXPECT_EQ(Get("/healthz", false).status, 200);
  EXPECT_EQ(Get("/readyz", false).status, 200);

  auto unauth = Get("/api/v1/status", false);
  EXPECT_EQ(unauth.status, 401);
  EXPECT_EQ(nlohmann::json::parse(unauth.body)["error"]["code"], "unauthenticated");

  auto status = Get("/api/v1/status", true);
  ASSERT_EQ(status.status, 200) << status.body;
  auto body = nlohmann::json::parse(status.body);
  EXPECT_EQ(body["config_file"], config_);
  EXPECT_EQ(body["state_dir"], std::filesystem::canonical(state_).string());
  EXPECT_EQ(body["store"]["path"], std::filesystem::canonical(state_).string() + "/salesync.db");

  struct stat st {};
  ASSERT_EQ(::stat((state_ + "/admin.token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Every line of /metrics is a comment or a sample in the Prometheus text format.
  auto metrics = Get("/metrics", false);
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.headers["content-type"], HasSubstr("text/plain; version=0.0.4"));
  std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.eE+-]+(Inf|NaN)?$)");
  std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  int samples = 0;
  for (const auto& line : SplitString(metrics.body, '\n')) {
    if (line.empty()) continue;
    bool ok = std::regex_match(line, comment) || std::regex_match(line, sample);
    EXPECT_TRUE(ok) << "not Prometheus text: " << line;
    if (line[0] != '#') ++samples;
  }
  EXPECT_GT(samples, 3);
  EXPECT_THAT(metrics.body, HasSubstr("salesync_build_info{version="));
  EXPECT_THAT(metrics.body, HasSubstr("salesync_uptime_seconds "));
  EXPECT_THAT(metrics.body, HasSubstr("salesync_store_size_bytes "));
  EXPECT_THAT(metrics.body, HasSubstr(R"(salesync_http_requests_total{route="/api/v1/status",method="GET",code="401"} 1)"));

  daemon_->Signal(SIGTERM);
  EXPECT_TRUE(notify_->WaitFor("STOPPING=1", kDeadline));
  auto code = daemon_->Wait(kDeadline);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << daemon_->Stderr();
  EXPECT_FALSE(std::filesystem::exists(state_ + "/admin.url"));
}

TEST_F(DaemonTest, ReloadWithABrokenConfigKeepsRunningOnTheOldOne) {
  StartDaemon();
  WriteText(config_, "{\n  \"log_level\": \"debug\",\n  \"admin\": {\"listn\": \"127.0.0.1:1\"}\n}\n");
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(notify_->WaitFor("RELOADING=1", kDeadline));
  ASSERT_TRUE(notify_->WaitFor("READY=1", kDeadline));
  EXPECT_TRUE(daemon_->Running());
  EXPECT_EQ(Get("/healthz", false).status, 200);
  EXPECT_EQ(Get("/api/v1/status", true).status, 200);
  std::string log = daemon_->Stderr();
  EXPECT_THAT(log, HasSubstr("Configuration rejected; still running on the previous one."));
  EXPECT_THAT(log, HasSubstr(config_ + ":3:13: /admin/listn: Unknown key"));

  // A valid config is then applied.
  WriteText(config_, "{\"log_level\": \"debug\", \"admin\": {\"listen\": \"127.0.0.1:0\"}}");
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(notify_->WaitFor("READY=1", kDeadline));
  EXPECT_THAT(daemon_->Stderr(), HasSubstr("Configuration reloaded."));

  daemon_->Signal(SIGINT);
  auto code = daemon_->Wait(kDeadline);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST_F(DaemonTest, RefusesToStartOnANewerStore) {
  // Let the daemon create its store, then make it look written by a future version.
  StartDaemon();
  daemon_->Signal(SIGTERM);
  ASSERT_EQ(daemon_->Wait(kDeadline).value_or(-1), 0);
  {
    std::fstream f(state_ + "/salesync.db", std::ios::in | std::ios::out | std::ios::binary);
    // user_version is the big-endian 32-bit integer at offset 60 of the database header.
    f.seekp(60);
    const char v[4] = {0, 0, 0x7f, 0x00};
    f.write(v, 4);
  }
  notify_ = std::make_unique<NotifySocket>(dir_ + "/notify2.sock");
  ChildProcess again({BinaryPath("daemon/salesyncd"), "--config", config_, "--state-dir", state_},
                     {{"NOTIFY_SOCKET", notify_->path()}, {"STATE_DIRECTORY", "\x01unset"}}, dir_ + "/again");
  ASSERT_TRUE(again.Start());
  auto code = again.Wait(kDeadline);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_THAT(again.Stderr(), HasSubstr("written by a newer salesync"));
}

TEST(CheckConfigTest, ValidAndInvalidFiles) {
  std::string dir = FreshTempDir("check-config");
  WriteText(dir + "/good.json", "{\"log_level\": \"info\"}");
  WriteText(dir + "/bad.json", "{\n  \"log_level\": 3,\n  \"stor\": {}\n}");
  std::string out, err;
  EXPECT_EQ(RunToCompletion({BinaryPath("daemon/salesyncd"), "--check-config", dir + "/good.json"}, {}, dir, &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("the configuration is valid"));
  EXPECT_EQ(RunToCompletion({BinaryPath("daemon/salesyncd"), "--check-config", dir + "/bad.json"}, {}, dir, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr(dir + "/bad.json:2:16: /log_level: Wrong type: found an integer (expected a string)."));
  EXPECT_THAT(err, HasSubstr(dir + "/bad.json:3:3: /stor: Unknown key \"stor\". Did you mean \"store\"?"));
  EXPECT_THAT(err, HasSubstr("2 problems found."));
  EXPECT_EQ(RunToCompletion({BinaryPath("daemon/salesyncd"), "--bogus"}, {}, dir, &out, &err), 2);
}

TEST(CtlTest, ExitCodesForUsageAndUnreachableDaemon) {
  std::string dir = FreshTempDir("ctl");
  std::string out, err;
  EXPECT_EQ(RunToCompletion({BinaryPath("ctl/salesyncctl"), "--help"}, {}, dir, &out, &err), 0);
  EXPECT_THAT(out, HasSubstr("Exit codes: 0 ok, 1 the operation failed, 2 usage error, 3 the daemon is unreachable."));
  EXPECT_EQ(RunToCompletion({BinaryPath("ctl/salesyncctl"), "frobnicate"}, {}, dir, &out, &err), 2);
  EXPECT_EQ(RunToCompletion({BinaryPath("ctl/salesyncctl"), "--token", "x", "status"}, {}, dir, &out, &err), 2);
  EXPECT_EQ(RunToCompletion({BinaryPath("ctl/salesyncctl"), "--state-dir", dir + "/none", "status"},
                            {{"SALESYNC_URL", "\x01unset"}, {"SALESYNC_TOKEN", "\x01unset"}}, dir, &out, &err),
            3);
  EXPECT_EQ(RunToCompletion({BinaryPath("ctl/salesyncctl"), "--url", "http://127.0.0.1:1", "status"},
                            {{"SALESYNC_TOKEN", "0123456789abcdef"}}, dir, &out, &err),
            3);
  EXPECT_THAT(err, HasSubstr("unreachable"));
}

TEST_F(DaemonTest, CtlStatusTalksToTheDaemon) {
  StartDaemon();
  std::string out, err;
  int rc = RunToCompletion({BinaryPath("ctl/salesyncctl"), "--state-dir", state_, "status"},
                           {{"SALESYNC_URL", "\x01unset"}, {"SALESYNC_TOKEN", "\x01unset"}}, dir_ + "/ctl", &out, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_THAT(out, HasSubstr("salesyncd "));
  EXPECT_THAT(out, HasSubstr("config file: " + config_));
  rc = RunToCompletion({BinaryPath("ctl/salesyncctl"), "--state-dir", state_, "status", "--json"},
                       {{"SALESYNC_URL", "\x01unset"}, {"SALESYNC_TOKEN", "\x01unset"}}, dir_ + "/ctl", &out, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(nlohmann::json::parse(out)["config_file"], config_);
  // A wrong token is a failure (1), not an unreachable daemon.
  rc = RunToCompletion({BinaryPath("ctl/salesyncctl"), "--state-dir", state_, "status"},
                       {{"SALESYNC_TOKEN", "wrong-token-0123456789"}}, dir_ + "/ctl", &out, &err);
  EXPECT_EQ(rc, 1);
  EXPECT_THAT(err, HasSubstr("Missing or wrong admin token"));
  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->Wait(kDeadline).value_or(-1), 0);
}

}  // namespace
}  // namespace salesync::testing
