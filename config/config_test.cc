#include "config/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace salesync::config {
namespace {

using ::testing::HasSubstr;

std::vector<ConfigError> ErrorsOf(const std::string& text) {
  std::vector<ConfigError> errors;
  auto r = ParseConfig("salesync.json", text, &errors);
  EXPECT_FALSE(r.ok());
  return errors;
}

TEST(ConfigTest, EmptyObjectGivesDefaults) {
  auto r = ParseConfig("c.json", "{}");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->admin.listen, "127.0.0.1:8787");
  EXPECT_EQ(r->store.file, "salesync.db");
  EXPECT_EQ(r->log_level, "info");
  EXPECT_FALSE(r->admin.token.has_value());
}

TEST(ConfigTest, CommentsAreAllowed) {
  auto r = ParseConfig("c.json", "// top\n{ /* inline */ \"log_level\": \"debug\" // trailing\n}");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->log_level, "debug");
}

TEST(ConfigTest, SyntaxErrorHasLineAndColumn) {
  auto errors = ErrorsOf("{\n  \"log_level\": \"info\",\n  \"admin\": { \"listen\" \"x\" }\n}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].column, 23);  // the start of "x", where ':' was expected
  EXPECT_THAT(errors[0].ToString(), HasSubstr("salesync.json:3:23: Syntax error"));
  EXPECT_THAT(errors[0].message, HasSubstr("expected ':'"));
}

TEST(ConfigTest, SyntaxErrorOnABareWordPointsAtItsStart) {
  auto errors = ErrorsOf("{\n  \"log_level\": debug\n}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 16);
}

TEST(ConfigTest, TruncatedFileIsASyntaxError) {
  auto errors = ErrorsOf("{\"admin\": {");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 1);
}

TEST(ConfigTest, WrongTypeNamesPathPositionAndExpectation) {
  auto errors = ErrorsOf("{\n  \"daemon\": {\n    \"worker_threads\": \"four\"\n  }\n}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(),
            "salesync.json:3:23: /daemon/worker_threads: Wrong type: found a string (expected an integer from 1 to 64).");
}

TEST(ConfigTest, UnknownKeySuggestsTheClosestKnownKey) {
  auto errors = ErrorsOf("{\n  \"admin\": {\"listn\": \"127.0.0.1:1\"}\n}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 13);  // the key's opening quote
  EXPECT_THAT(errors[0].message, HasSubstr("Unknown key \"listn\". Did you mean \"listen\"?"));
  EXPECT_EQ(errors[0].pointer, "/admin/listn");
}

TEST(ConfigTest, UnknownKeyWithoutNeighbourListsTheKnownKeys) {
  auto errors = ErrorsOf("{\"zzzzzzzzzzzz\": 1}");
  ASSERT_EQ(errors.size(), 1u);
  // Later sections are appended to the list, so only its start is pinned.
  EXPECT_THAT(errors[0].message, HasSubstr("Expected one of: state_dir, log_level, admin, store, daemon, connections, vault"));
}

TEST(ConfigTest, MissingRequiredKeyIsReported) {
  auto errors = ErrorsOf("{\"admin\": {\"token\": {}}}");
  ASSERT_FALSE(errors.empty());
  EXPECT_THAT(errors[0].message, HasSubstr("A secret needs exactly one source"));
}

TEST(ConfigTest, AllErrorsAreReportedAtOnce) {
  auto errors = ErrorsOf(R"({
    "log_level": "loud",
    "admin": {"listen": "nowhere", "read_timeout_secs": 0},
    "store": {"synchronous": "sometimes"},
    "daemon": {"worker_thread": 2}
  })");
  EXPECT_EQ(errors.size(), 5u) << FormatConfigErrors(errors);
  EXPECT_THAT(errors[0].message, HasSubstr("Unknown value \"loud\""));
}

TEST(ConfigTest, StoreCacheIsReadAndBounded) {
  auto parsed = ParseConfig("c.json", R"({"store": {"cache_mib": 64}})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->store.cache_mib, 64);
  EXPECT_EQ(ParseConfig("c.json", "{}")->store.cache_mib, 16);
  auto errors = ErrorsOf(R"({"store": {"cache_mib": 0}})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "/store/cache_mib");
}

TEST(ConfigTest, EnumSuggestsCloseValue) {
  auto errors = ErrorsOf(R"({"log_level": "debg"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("Did you mean \"debug\"?"));
}

TEST(ConfigTest, DuplicateKeysAreErrors) {
  auto errors = ErrorsOf("{\"log_level\": \"info\",\n \"log_level\": \"debug\"}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_THAT(errors[0].message, HasSubstr("Duplicate key"));
}

TEST(ConfigTest, InlineSecretsAreRefused) {
  auto errors = ErrorsOf(R"({"admin": {"token": "0123456789abcdef0123"}})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("Inline secrets are not accepted"));
  EXPECT_EQ(errors[0].ToString().find("0123456789abcdef0123"), std::string::npos);
}

TEST(ConfigTest, UnreadableSecretFileNamesTheFile) {
  auto errors = ErrorsOf(R"({"admin": {"token": {"file": "/nonexistent/admin.token"}}})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "/admin/token");
  EXPECT_THAT(errors[0].message, HasSubstr("Cannot read the secret file /nonexistent/admin.token"));
}

TEST(ConfigTest, SecretFromFileEnvAndCredential) {
  std::string dir = ::testing::TempDir() + "/config_secret_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/token") << "0123456789abcdef0123\n";
  auto r = ParseConfig("c.json", R"({"admin": {"token": {"file": ")" + dir + R"(/token"}}})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->admin.token->Reveal(), "0123456789abcdef0123");

  ::setenv("SALESYNC_TEST_TOKEN", "fedcba9876543210fedc", 1);
  r = ParseConfig("c.json", R"({"admin": {"token": {"env": "SALESYNC_TEST_TOKEN"}}})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->admin.token->Reveal(), "fedcba9876543210fedc");

  ::setenv("CREDENTIALS_DIRECTORY", dir.c_str(), 1);
  r = ParseConfig("c.json", R"({"admin": {"token": {"credential": "token"}}})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->admin.token->Reveal(), "0123456789abcdef0123");
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto errors = ErrorsOf(R"({"admin": {"token": {"credential": "token"}}})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("CREDENTIALS_DIRECTORY is not set"));
}

TEST(ConfigTest, RootMustBeAnObject) {
  auto errors = ErrorsOf("[1, 2]");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("found an array (expected an object)"));
}

TEST(ConfigTest, MissingFileIsAnError) {
  std::vector<ConfigError> errors;
  auto r = LoadConfig("/nonexistent/salesync.json", &errors);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_THAT(r.error().message, HasSubstr("/nonexistent/salesync.json"));
}

TEST(ConfigTest, HostPort) {
  auto hp = ParseHostPort("127.0.0.1:8787");
  ASSERT_TRUE(hp.ok());
  EXPECT_EQ(hp->host, "127.0.0.1");
  EXPECT_EQ(hp->port, 8787);
  hp = ParseHostPort("[::1]:0");
  ASSERT_TRUE(hp.ok());
  EXPECT_EQ(hp->host, "::1");
  EXPECT_FALSE(ParseHostPort("localhost").ok());
  EXPECT_FALSE(ParseHostPort("h:70000").ok());
  EXPECT_FALSE(ParseHostPort(":80").ok());
}

TEST(ConfigTest, ANumberTooLargeToHoldIsAnErrorNotACrash) {
  auto r = ParseConfig("big.json", R"({"daemon": {"worker_threads": 1E400}})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("big.json:1:1"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("Unreadable value"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace salesync::config
