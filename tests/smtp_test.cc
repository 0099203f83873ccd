// The SMTP sender and the outbox worker against a real SMTP server: Debian's aiosmtpd, started by each
// test on 127.0.0.1 (tests/support/smtp_server.py), with STARTTLS and a throwaway certificate where the
// test needs TLS. Assertions are on what the server received.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <regex>

#include "invites/invitation_mail.h"
#include "invites/invite_service.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_client.h"
#include "store/outbox_store.h"
#include "store/store_test_util.h"
#include "store/user_store.h"
#include "tests/support/process.h"
#include "tests/support/smtp_server.h"

namespace salesync::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kScript = std::string(SALESYNC_SOURCE_DIR) + "/tests/support/smtp_server.py";
const auto kDate = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

class SmtpTest : public ::testing::Test {
 protected:
  void StartServer(SmtpTestServer::Options options = {}) {
    server_ = std::make_unique<SmtpTestServer>(
        kScript, FreshTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name()), options);
    std::string error = server_->Start();
    ASSERT_TRUE(error.empty()) << error;
  }
  mail::SmtpOptions ClientOptions(bool starttls = false) {
    mail::SmtpOptions o;
    o.url = server_->url();
    o.require_starttls = starttls;
    o.timeout = std::chrono::milliseconds(30000);
    return o;
  }
  static mail::OutgoingMail Mail(const std::string& to, const std::string& name, const std::string& subject) {
    mail::MailMessage m{{"salesync", "noreply@example.org"}, {name, to}, subject,
                        "Hello " + name + ",\nyour link: https://salesync.example.org/invite/accept?token=abc\n",
                        "<p>Hello " + name + "</p>", "<1800000000000." + to.substr(0, to.find('@')) + "@example.org>", kDate};
    return {"noreply@example.org", to, mail::RenderMessage(m)};
  }

  std::unique_ptr<SmtpTestServer> server_;
};

TEST_F(SmtpTest, SendsMimeMessagesOverOneConnectionPerBatch) {
  StartServer();
  mail::SmtpClient client(ClientOptions());
  auto outcomes = client.SendBatch({Mail("anna@example.nl", "Anna de Vries", "Anna, you are invited"),
                                    Mail("juergen@example.de", "Jürgen Müller", "Jürgen Müller, you are invited"),
                                    Mail("minjun@example.kr", "김민준", "김민준, you are invited")});
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& o : outcomes) EXPECT_EQ(o.verdict, mail::SendVerdict::kSent) << o.detail;
  EXPECT_EQ(client.connections_opened(), 1);

  auto messages = server_->Messages();
  ASSERT_EQ(messages.size(), 3u);
  // One connection: every message came from the same client port.
  EXPECT_EQ(messages[0]["peer_port"], messages[1]["peer_port"]);
  EXPECT_EQ(messages[1]["peer_port"], messages[2]["peer_port"]);

  const auto& m = messages[1];
  EXPECT_EQ(m["mail_from"], "noreply@example.org");
  EXPECT_EQ(m["rcpt_tos"], nlohmann::json::array({"juergen@example.de"}));
  EXPECT_EQ(m["subject"], "Jürgen Müller, you are invited");
  EXPECT_THAT(m["raw_headers"].get<std::string>(), HasSubstr("Subject: =?UTF-8?B?"));
  EXPECT_EQ(m["to"], "Jürgen Müller <juergen@example.de>");
  EXPECT_EQ(m["date"], "Fri, 15 Jan 2027 08:00:00 +0000");
  EXPECT_EQ(m["message_id"], "<1800000000000.juergen@example.org>");
  EXPECT_EQ(m["mime_version"], "1.0");
  EXPECT_EQ(m["content_type"], "multipart/alternative");
  ASSERT_EQ(m["parts"].size(), 2u);
  EXPECT_EQ(m["parts"][0]["content_type"], "text/plain");
  EXPECT_EQ(m["parts"][0]["charset"], "utf-8");
  EXPECT_EQ(m["parts"][0]["transfer_encoding"], "quoted-printable");
  EXPECT_THAT(m["parts"][0]["content"].get<std::string>(), HasSubstr("Hello Jürgen Müller,"));
  EXPECT_EQ(m["parts"][1]["content_type"], "text/html");
  EXPECT_EQ(messages[2]["subject"], "김민준, you are invited");
}

TEST_F(SmtpTest, PermanentRejectionIsRecordedWithTheServersWordsAndTheBatchGoesOn) {
  StartServer();
  mail::SmtpClient client(ClientOptions());
  auto outcomes = client.SendBatch({Mail("a@example.com", "A", "Hi"), Mail("reject-me@example.com", "R", "Hi"),
                                    Mail("c@example.com", "C", "Hi")});
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].verdict, mail::SendVerdict::kSent);
  EXPECT_EQ(outcomes[1].verdict, mail::SendVerdict::kPermanent);
  EXPECT_EQ(outcomes[1].smtp_code, 550);
  EXPECT_EQ(outcomes[1].detail,
            "550 5.1.1 <reject-me@example.com>: Recipient address rejected: User unknown in local recipient table");
  EXPECT_EQ(outcomes[2].verdict, mail::SendVerdict::kSent) << outcomes[2].detail;
  auto messages = server_->Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1]["rcpt_tos"][0], "c@example.com");
}

TEST_F(SmtpTest, TemporaryFailureIsTransient) {
  StartServer();
  mail::SmtpClient client(ClientOptions());
  auto first = client.SendBatch({Mail("tempfail@example.com", "T", "Hi")});
  EXPECT_EQ(first[0].verdict, mail::SendVerdict::kTransient);
  EXPECT_EQ(first[0].smtp_code, 451);
  EXPECT_THAT(first[0].detail, StartsWith("451 4.3.0"));
  auto second = client.SendBatch({Mail("tempfail@example.com", "T", "Hi")});
  EXPECT_EQ(second[0].verdict, mail::SendVerdict::kSent);
}

TEST_F(SmtpTest, StartTlsWithAuthAndAThrowawayCertificate) {
  StartServer({true, "salesync:s3cret-pw"});
  mail::SmtpOptions options = ClientOptions(true);
  options.ca_file = server_->cert_path();
  options.username = "salesync";
  options.password = Secret("s3cret-pw");
  mail::SmtpClient client(options);
  auto outcomes = client.SendBatch({Mail("a@example.com", "A", "Hi"), Mail("b@example.com", "B", "Hi")});
  ASSERT_EQ(outcomes[0].verdict, mail::SendVerdict::kSent) << outcomes[0].detail;
  ASSERT_EQ(outcomes[1].verdict, mail::SendVerdict::kSent) << outcomes[1].detail;
  EXPECT_EQ(client.connections_opened(), 1);
  auto messages = server_->Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["tls"], true);
  EXPECT_EQ(messages[0]["auth_login"], "salesync");

  // A wrong password is not the message's fault: transient, so the job waits for a fixed configuration.
  options.password = Secret("wrong");
  mail::SmtpClient wrong(options);
  auto refused = wrong.SendBatch({Mail("c@example.com", "C", "Hi")});
  EXPECT_EQ(refused[0].verdict, mail::SendVerdict::kTransient);
  EXPECT_EQ(server_->Messages().size(), 2u);
}

TEST_F(SmtpTest, StartTlsIsRequiredByDefault) {
  StartServer();  // offers no STARTTLS
  mail::SmtpClient client(ClientOptions(true));
  auto outcomes = client.SendBatch({Mail("a@example.com", "A", "Hi")});
  EXPECT_EQ(outcomes[0].verdict, mail::SendVerdict::kTransient);
  EXPECT_THAT(outcomes[0].detail, HasSubstr("STARTTLS"));
  EXPECT_TRUE(server_->Messages().empty());
}

TEST_F(SmtpTest, UntrustedCertificateIsRefused) {
  StartServer({true, ""});
  mail::SmtpClient client(ClientOptions(true));  // no ca_file: the throwaway certificate is not trusted
  auto outcomes = client.SendBatch({Mail("a@example.com", "A", "Hi")});
  EXPECT_EQ(outcomes[0].verdict, mail::SendVerdict::kTransient);
  EXPECT_TRUE(server_->Messages().empty());
}

// Invitations end to end: queued by the service, sent by the worker through SMTP, accepted by link.
TEST_F(SmtpTest, InvitationsAreSentRetriedAndTheirLinksWork) {
  StartServer();
  auto store = store::OpenFreshStore("smtp_end_to_end");
  ASSERT_NE(store, nullptr);
  invites::InviteTokens tokens(Secret("0123456789abcdef0123456789abcdef0123456789abcdef"));
  MetricsRegistry metrics;
  auto now = kDate;
  invites::InviteService service(store.get(), &tokens, {}, [&] { return now; }, &metrics, nullptr);
  invites::StringSource csv("Förnamn,Efternamn,E-post\nÅsa,Öberg,asa@example.se\nTom,Temp,tempfail@example.se\n"
                            "Rita,Reject,reject@example.se\n");
  auto report = service.SendCsv(&csv, {});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->invited, 3);

  store::OutboxStore outbox(store.get());
  invites::InvitationMailer mailer(store.get(), &tokens,
                                   {{"salesync", "noreply@example.org"}, "https://salesync.example.org/", "{name}, welcome"});
  mail::SmtpClient client(ClientOptions());
  mail::OutboxWorkerOptions worker_options;
  worker_options.retry_initial = std::chrono::seconds(10);
  mail::OutboxWorker worker(&outbox, &client, [&](const store::OutboxJob& j) { return mailer.Render(j); },
                            worker_options, [&] { return now; }, &metrics, [] { return 1.0; });
  auto next = worker.RunOnce();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(**next, now + std::chrono::seconds(10));
  auto messages = server_->Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["subject"], "Åsa Öberg, welcome");
  auto rejected = (*outbox.List(1, "reject@example.se"))[0];
  EXPECT_EQ(rejected.state, "failed");
  EXPECT_THAT(rejected.last_error, HasSubstr("550 5.1.1 <reject@example.se>: Recipient address rejected"));
  auto retried = (*outbox.List(1, "tempfail@example.se"))[0];
  EXPECT_EQ(retried.state, "queued");
  EXPECT_THAT(retried.last_error, StartsWith("451 4.3.0"));

  now += std::chrono::seconds(10);
  ASSERT_TRUE(worker.RunOnce().ok());
  messages = server_->Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1]["message_id"], retried.message_id);  // the same Message-ID as the failed attempt
  EXPECT_EQ((*outbox.Counts()).sent, 2);

  // The link in the e-mail activates the user, once.
  std::string text = messages[0]["parts"][0]["content"];
  std::smatch match;
  ASSERT_TRUE(std::regex_search(text, match, std::regex("https://salesync\\.example\\.org/invite/accept\\?token=([A-Za-z0-9_-]+)")))
      << text;
  EXPECT_EQ(service.Accept(match[1])->outcome, store::AcceptOutcome::kAccepted);
  EXPECT_EQ(store::UserStore(store.get()).GetUser("asa@example.se")->state, "active");
  EXPECT_EQ(service.Accept(match[1])->outcome, store::AcceptOutcome::kUsed);
}

}  // namespace
}  // namespace salesync::testing
