#include "config/mail_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.h"

namespace salesync::config {
namespace {

using ::testing::HasSubstr;

TEST(MailConfigTest, DefaultsWithoutSections) {
  auto c = ParseConfig("t.json", "{}");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->smtp.has_value());
  EXPECT_EQ(c->invites.link_expiry_hours, 168);
  EXPECT_EQ(c->invites.subject, "{name}, you are invited to salesync");
}

TEST(MailConfigTest, ReadsAFullSmtpSection) {
  ::setenv("SALESYNC_TEST_SMTP_PW", "pw-123", 1);
  auto c = ParseConfig("t.json", R"({
    "smtp": {"url": "smtps://mail.example.com:465", "from_address": "s@example.com", "from_name": "Sales",
             "username": "s", "password": {"env": "SALESYNC_TEST_SMTP_PW"}, "max_batch_messages": 10,
             "retry_initial_secs": 5, "retry_max_secs": 50},
    "invites": {"link_expiry_hours": 24, "accept_base_url": "https://s.example.com"}
  })");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ASSERT_TRUE(c->smtp.has_value());
  EXPECT_EQ(c->smtp->url, "smtps://mail.example.com:465");
  EXPECT_TRUE(c->smtp->require_starttls);
  EXPECT_EQ(c->smtp->password->Reveal(), "pw-123");
  EXPECT_EQ(c->smtp->max_batch_messages, 10);
  EXPECT_EQ(c->invites.link_expiry_hours, 24);
  EXPECT_EQ(c->invites.accept_base_url, "https://s.example.com");
}

TEST(MailConfigTest, ClearTextOnlyOnLoopback) {
  auto local = ParseConfig("t.json", R"({"smtp": {"url": "smtp://127.0.0.1:2525", "starttls": "off",
                                                  "from_address": "s@example.com"}})");
  ASSERT_TRUE(local.ok()) << local.error().ToString();
  EXPECT_FALSE(local->smtp->require_starttls);
  std::vector<ConfigError> errors;
  auto remote = ParseConfig("t.json", "{\"smtp\": {\"url\": \"smtp://mail.example.com:25\",\n  \"starttls\": \"off\", "
                                      "\"from_address\": \"s@example.com\"}}",
                            &errors);
  ASSERT_FALSE(remote.ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_THAT(errors[0].message, HasSubstr("only allowed for a server on loopback"));
  EXPECT_EQ(SmtpUrlHost("smtp://[::1]:25"), "::1");
  EXPECT_EQ(SmtpUrlHost("smtp://localhost/ehlo.example"), "localhost");
}

TEST(MailConfigTest, ReportsEveryProblem) {
  std::vector<ConfigError> errors;
  auto c = ParseConfig("t.json", R"({"smtp": {"url": "http://x", "from_adress": "x", "password": {"env": "HOME"}},
                                     "invites": {"link_expiry_hours": 0, "accept_base_url": "salesync.local"}})",
                       &errors);
  ASSERT_FALSE(c.ok());
  std::string all = c.error().message;
  EXPECT_THAT(all, HasSubstr("Expected smtp://HOST:PORT"));
  EXPECT_THAT(all, HasSubstr("Did you mean \"from_address\"?"));
  EXPECT_THAT(all, HasSubstr("A password needs a username too."));
  EXPECT_THAT(all, HasSubstr("/invites/link_expiry_hours"));
  EXPECT_THAT(all, HasSubstr("/invites/accept_base_url"));
}

}  // namespace
}  // namespace salesync::config
