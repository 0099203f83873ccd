// Black-box test of issue 7: the built salesyncd with an smtp section pointing at a real SMTP server
// (aiosmtpd on 127.0.0.1), driven through the built salesyncctl: preview, send, report, e-mail, link.
#include <csignal>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "base/files.h"
#include "base/strings.h"
#include "net/http_client.h"
#include "tests/support/notify_socket.h"
#include "tests/support/process.h"
#include "tests/support/smtp_server.h"

namespace salesync::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
constexpr auto kDeadline = std::chrono::seconds(30);

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

class InvitesBlackboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("invites-blackbox");
    state_ = dir_ + "/state";
    smtp_ = std::make_unique<SmtpTestServer>(std::string(SALESYNC_SOURCE_DIR) + "/tests/support/smtp_server.py",
                                             dir_ + "/mail", SmtpTestServer::Options{});
    std::string error = smtp_->Start();
    ASSERT_TRUE(error.empty()) << error;
    WriteText(dir_ + "/salesync.json",
              "{\"admin\": {\"listen\": \"127.0.0.1:0\"},\n"
              " \"smtp\": {\"url\": \"" + smtp_->url() + "\", \"starttls\": \"off\", "
              "\"from_address\": \"salesync@example.org\", \"retry_initial_secs\": 1},\n"
              " \"invites\": {\"subject\": \"{name}, you are invited\"}}\n");
    notify_ = std::make_unique<NotifySocket>(dir_ + "/notify.sock");
    ASSERT_TRUE(notify_->ok());
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{BinaryPath("daemon/salesyncd"), "--config", dir_ + "/salesync.json", "--state-dir",
                                 state_},
        std::map<std::string, std::string>{{"NOTIFY_SOCKET", notify_->path()}, {"STATE_DIRECTORY", "\x01unset"},
                                           {"JOURNAL_STREAM", "\x01unset"}},
        dir_);
    ASSERT_TRUE(daemon_->Start());
    ASSERT_TRUE(notify_->WaitFor("READY=1", kDeadline)) << daemon_->Stderr();
    url_ = std::string(TrimWhitespace(*ReadFile(state_ + "/admin.url")));
  }

  int Ctl(std::vector<std::string> args, std::string* out, std::string* err) {
    std::vector<std::string> argv = {BinaryPath("ctl/salesyncctl"), "--state-dir", state_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToCompletion(argv, {{"SALESYNC_URL", "\x01unset"}, {"SALESYNC_TOKEN", "\x01unset"}}, dir_ + "/ctl", out,
                           err);
  }

  net::ClientResponse Get(const std::string& path) {
    net::ClientRequest r;
    r.url = url_ + path;
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok());
    return res.ok() ? *res : net::ClientResponse{};
  }

  std::string dir_, state_, url_;
  std::unique_ptr<SmtpTestServer> smtp_;
  std::unique_ptr<NotifySocket> notify_;
  std::unique_ptr<ChildProcess> daemon_;
  net::HttpClient client_;
};

TEST_F(InvitesBlackboxTest, CtlPreviewSendReportMailAndAccept) {
  std::string csv_path = dir_ + "/users.csv";
  WriteText(csv_path,
            "\xEF\xBB\xBF" "Voornaam;Achternaam;E-mailadres;Team\r\n"
            "Anna;de Vries;anna@example.nl;Sales\r\n"
            "Jürgen;Müller;juergen@example.de;\r\n"
            "민준;김;minjun@example.kr;Sales\r\n"
            "Åsa;Öberg;asa@example.se;\r\n"
            "Bert;Jansen;bert@;\r\n"
            "Anna;Dubbel;ANNA@example.nl;\r\n");
  std::string out, err;
  ASSERT_EQ(Ctl({"teams", "create", "Sales"}, &out, &err), 0) << err;

  ASSERT_EQ(Ctl({"invite", "preview", csv_path}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("UTF-8 with BOM, delimiter \";\", 6 data rows"));
  EXPECT_THAT(out, HasSubstr("E-mailadres  e-mail      recognised"));
  EXPECT_THAT(out, HasSubstr("invalid_email"));
  EXPECT_THAT(out, HasSubstr("row 2 has it first"));
  EXPECT_THAT(out, HasSubstr("4 rows will be invited, 2 skipped."));

  // Without a terminal and without --yes nothing is sent.
  EXPECT_EQ(Ctl({"invite", "send", csv_path}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("run invite send with --yes"));

  std::string report = dir_ + "/report.csv";
  ASSERT_EQ(Ctl({"invite", "send", csv_path, "--yes", "--report", report}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("anna@example.nl"));
  EXPECT_THAT(out, HasSubstr("invited (owner)"));
  EXPECT_THAT(out, HasSubstr("4 invitations queued, 2 rows skipped, 0 failed."));
  EXPECT_THAT(*ReadFile(report), HasSubstr("6,bert@,skipped,"));

  // The same file again invites nobody.
  ASSERT_EQ(Ctl({"invite", "send", csv_path, "--yes", "--json"}, &out, &err), 0) << err;
  auto again = nlohmann::json::parse(out);
  EXPECT_EQ(again["invited"], 0);
  EXPECT_EQ(again["skipped"], 6);

  // The worker sends the four e-mails through the SMTP server.
  ASSERT_TRUE(smtp_->WaitForMessages(4, kDeadline)) << daemon_->Stderr();
  auto messages = smtp_->Messages();
  ASSERT_EQ(messages.size(), 4u);
  std::set<std::string> subjects;
  for (const auto& m : messages) subjects.insert(m["subject"].get<std::string>());
  EXPECT_TRUE(subjects.count("Jürgen Müller, you are invited")) << nlohmann::json(messages).dump();
  EXPECT_TRUE(subjects.count("민준 김, you are invited"));

  // The link in an e-mail activates its user once; the pages never name anyone.
  std::string text;
  for (const auto& m : messages) {
    if (m["rcpt_tos"][0] == "asa@example.se") text = m["parts"][0]["content"];
  }
  std::smatch link;
  ASSERT_TRUE(std::regex_search(text, link, std::regex("http://127\\.0\\.0\\.1:[0-9]+(/invite/accept\\?token=[A-Za-z0-9_-]+)")))
      << text;
  auto accepted = Get(link[1]);
  EXPECT_EQ(accepted.status, 200);
  EXPECT_THAT(accepted.body, HasSubstr("Your invitation is accepted"));
  auto used = Get(link[1]);
  EXPECT_EQ(used.status, 410);
  EXPECT_THAT(used.body, HasSubstr("already used"));
  auto unknown = Get("/invite/accept?token=nope");
  EXPECT_EQ(unknown.status, 404);
  for (const auto* body : {&accepted.body, &used.body, &unknown.body}) EXPECT_THAT(*body, Not(HasSubstr("@")));

  ASSERT_EQ(Ctl({"users", "list", "--json"}, &out, &err), 0) << err;
  auto users = nlohmann::json::parse(out);
  ASSERT_EQ(users.size(), 4u);
  for (const auto& u : users) {
    EXPECT_EQ(u["state"], u["email"] == "asa@example.se" ? "active" : "invited");
    EXPECT_EQ(u["owner"], u["email"] == "anna@example.nl");
  }
  ASSERT_EQ(Ctl({"users", "transfer-owner", "asa@example.se"}, &out, &err), 0) << err;
  ASSERT_EQ(Ctl({"users", "show", "asa@example.se"}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("owner         yes"));
  ASSERT_EQ(Ctl({"teams", "list"}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("Sales     2"));

  ASSERT_EQ(Ctl({"invite", "outbox", "--json"}, &out, &err), 0) << err;
  EXPECT_EQ(nlohmann::json::parse(out)["sent"], 4);

  daemon_->Signal(SIGTERM);
  auto code = daemon_->Wait(kDeadline);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << daemon_->Stderr();
}

TEST_F(InvitesBlackboxTest, CtlUsageErrorsAndInviteAdd) {
  std::string out, err;
  EXPECT_EQ(Ctl({"invite", "preview"}, &out, &err), 2);
  EXPECT_EQ(Ctl({"invite", "preview", dir_ + "/missing.csv"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("Cannot read"));
  WriteText(dir_ + "/x.csv", "Name,Phone\nAnn,1\n");
  EXPECT_EQ(Ctl({"invite", "preview", dir_ + "/x.csv"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("No column is recognised as the e-mail address"));
  EXPECT_EQ(Ctl({"invite", "preview", dir_ + "/x.csv", "--map", "Phone=emial"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("Did you mean \"email\"?"));
  EXPECT_EQ(Ctl({"invite", "send", dir_ + "/x.csv", "--bogus"}, &out, &err), 2);

  ASSERT_EQ(Ctl({"invite", "add", "One@Example.com", "two@example.com", "--role", "admin"}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("2 invitations queued, 0 rows skipped, 0 failed."));
  EXPECT_EQ(Ctl({"invite", "add", "one@example.com", "--team", "Nope"}, &out, &err), 1);
  EXPECT_THAT(err, HasSubstr("salesyncctl teams create \"Nope\""));
  ASSERT_EQ(Ctl({"invite", "add", "one@example.com", "--resend", "--json"}, &out, &err), 0) << err;
  EXPECT_EQ(nlohmann::json::parse(out)["reinvited"], 1);
  EXPECT_EQ(Ctl({"users", "delete", "two@example.com"}, &out, &err), 2);  // asks, and stdin is no terminal
  ASSERT_EQ(Ctl({"users", "delete", "two@example.com", "--yes"}, &out, &err), 0) << err;
  EXPECT_EQ(Ctl({"users", "show", "two@example.com"}, &out, &err), 1);
}

}  // namespace
}  // namespace salesync::testing
