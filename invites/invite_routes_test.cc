#include "invites/invite_routes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/store_test_util.h"

namespace salesync::invites {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class InviteRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
    service_ = std::make_unique<InviteService>(store_.get(), &tokens_, InviteServiceOptions{}, SystemClock(), &metrics_,
                                               nullptr);
    outbox_ = std::make_unique<store::OutboxStore>(store_.get());
    directory_ = std::make_unique<UserDirectory>(
        store_.get(), [](const std::string&) { return std::vector<std::string>{"nightly-marketo"}; }, SystemClock());
    AddInviteRoutes(router_, service_.get(), outbox_.get());
    AddUserRoutes(router_, directory_.get());
  }

  net::HttpResponse Call(const std::string& method, const std::string& path, const std::string& query = "",
                         const std::string& body = "") {
    net::HttpRequest r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.target = path + (query.empty() ? "" : "?" + query);
    r.body = body;
    auto match = router_.Route(method, path);
    EXPECT_NE(match.handler, nullptr) << method << " " << path;
    return match.handler ? (*match.handler)(r, match.params) : net::HttpResponse{};
  }

  std::unique_ptr<store::Store> store_;
  InviteTokens tokens_{Secret("0123456789abcdef0123456789abcdef")};
  MetricsRegistry metrics_;
  std::unique_ptr<InviteService> service_;
  std::unique_ptr<store::OutboxStore> outbox_;
  std::unique_ptr<UserDirectory> directory_;
  admin::Router router_;
};

TEST(ImportOptionsFromQueryTest, ReadsRepeatedParameters) {
  auto o = ImportOptionsFromQuery("map=Mail%3Demail&map=2%3Dignore&team=Sales&team=EU&role=admin&resend=1");
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  ASSERT_EQ(o->overrides.size(), 2u);
  EXPECT_EQ(o->overrides[0].column, "Mail");
  EXPECT_EQ(o->overrides[1].field, Field::kIgnore);
  EXPECT_EQ(o->teams, (std::vector<std::string>{"Sales", "EU"}));
  EXPECT_EQ(o->role, "admin");
  EXPECT_TRUE(o->resend);
  EXPECT_FALSE(ImportOptionsFromQuery("mapp=a%3Demail").ok());
  EXPECT_FALSE(ImportOptionsFromQuery("map=nonsense").ok());
}

TEST_F(InviteRoutesTest, PreviewAndSendTakeTheCsvAsTheBody) {
  EXPECT_EQ(Call("POST", "/api/v1/invites/preview").status, 400);
  auto preview = Call("POST", "/api/v1/invites/preview", "", "Email\nok@example.com\n=cmd@x\n");
  ASSERT_EQ(preview.status, 200) << preview.body;
  auto j = nlohmann::json::parse(preview.body);
  EXPECT_EQ(j["importable_rows"], 1);
  EXPECT_EQ(j["problems"][0]["row"], 3);

  auto csv = Call("POST", "/api/v1/invites/preview", "format=csv", "Email\nok@example.com\n=cmd@x\n");
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_THAT(csv.body, HasSubstr("3,invalid_email,'=cmd@x,"));

  auto sent = Call("POST", "/api/v1/invites", "", "Email\nok@example.com\n");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(nlohmann::json::parse(sent.body)["confirmation"], "1 invitation queued, 0 rows skipped, 0 failed.");
  auto outbox = nlohmann::json::parse(Call("GET", "/api/v1/invites/outbox").body);
  EXPECT_EQ(outbox["queued"], 1);
  EXPECT_EQ(outbox["jobs"][0]["recipient"], "ok@example.com");

  auto bad_map = Call("POST", "/api/v1/invites", "map=Email%3Dphone", "Email\nx@example.com\n");
  EXPECT_EQ(bad_map.status, 400);
}

TEST_F(InviteRoutesTest, OwnerRemovalIsAConflictNamingTheSync) {
  ASSERT_EQ(Call("POST", "/api/v1/invites/emails", "", R"({"emails": ["owner@example.com"]})").status, 200);
  auto refused = Call("DELETE", "/api/v1/users/owner@example.com");
  EXPECT_EQ(refused.status, 409);
  EXPECT_THAT(refused.body, HasSubstr("nightly-marketo"));
  EXPECT_THAT(refused.body, HasSubstr("salesyncctl users transfer-owner EMAIL"));
  EXPECT_EQ(Call("GET", "/api/v1/users/owner@example.com").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/users/nobody@example.com").status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/teams", "", R"({"name": "Sales"})").status, 201);
  EXPECT_EQ(Call("POST", "/api/v1/teams", "", R"({"name": "sales"})").status, 409);
  EXPECT_EQ(Call("POST", "/api/v1/teams/Sales/members", "", R"({"emails": ["owner@example.com"]})").status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/teams/Everyone/members/owner@example.com").status, 409);
}

TEST_F(InviteRoutesTest, AcceptPagesRevealNoUser) {
  auto unknown = Call("GET", "/invite/accept", "token=does-not-exist");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(unknown.body, Not(HasSubstr("@")));
  auto missing = Call("GET", "/invite/accept");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, unknown.body);
}

}  // namespace
}  // namespace salesync::invites
