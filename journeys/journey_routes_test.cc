// The journey and job routes through the admin router: status codes (201, 400 naming the node and the
// setting, 404, 409 with the lifecycle's sentence), list search and sort, jobs retry/cancel.
#include "journeys/journey_routes.h"

#include <gtest/gtest.h>

#include "store/store_test_util.h"

namespace salesync::journeys {
namespace {

class JourneyRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::OpenFreshStore(std::string("routes_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(db_, nullptr);
    js_ = std::make_unique<store::JourneyStore>(db_.get());
    auto types = [](const std::string& n) -> std::optional<std::string> {
      return n == "mkto" ? std::optional<std::string>("marketo") : std::nullopt;
    };
    auto now = [this] { return now_; };
    service_ = std::make_unique<JourneyService>(js_.get(), nullptr, types, now);
    scheduler_ = std::make_unique<JourneyScheduler>(js_.get(), nullptr, nullptr, nullptr, now, types);
    RegisterJourneyRoutes(router_, service_.get(), scheduler_.get(), now);
  }

  std::pair<int, nlohmann::json> Call(const std::string& method, const std::string& target, const nlohmann::json& body = nullptr) {
    net::HttpRequest r;
    r.method = method;
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    r.query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
    if (!body.is_null()) {
      r.body = body.dump();
      r.headers["Content-Type"] = "application/json";
    }
    auto m = router_.Route(method, r.path);
    EXPECT_NE(m.handler, nullptr) << method << " " << target;
    if (!m.handler) return {m.status, nullptr};
    auto resp = (*m.handler)(r, m.params);
    return {resp.status, nlohmann::json::parse(resp.body, nullptr, false)};
  }

  nlohmann::json Doc(const std::string& name, const std::string& status_text = "Engaged") {
    return {{"name", name},
            {"description", "d"},
            {"entry", {{"type", "static"}, {"accounts", {"001A"}}}},
            {"start", "n1"},
            {"nodes",
             {{"n1", {{"type", "action"}, {"scope", "account"}, {"action", "update_buying_group_status"},
                      {"settings", {{"solution_interest", "CRM"}, {"status", status_text}}}, {"next", "n2"}}},
              {"n2", {{"type", "end"}}}}}};
  }

  std::unique_ptr<store::Store> db_;
  std::unique_ptr<store::JourneyStore> js_;
  std::unique_ptr<JourneyService> service_;
  std::unique_ptr<JourneyScheduler> scheduler_;
  admin::Router router_;
  int64_t now_ = 1'700'000'000'000;
};

TEST_F(JourneyRoutesTest, LifecycleThroughTheApi) {
  auto [bad, bad_body] = Call("POST", "/api/v1/journeys", Doc("A", std::string(60, 's')));
  EXPECT_EQ(bad, 400);
  EXPECT_NE(bad_body.dump().find("nodes.n1.settings.status: At most 50 characters"), std::string::npos) << bad_body;
  EXPECT_EQ(Call("POST", "/api/v1/journeys", Doc("Alpha")).first, 201);
  EXPECT_EQ(Call("POST", "/api/v1/journeys", Doc("Alpha")).first, 409);  // the name is taken
  EXPECT_EQ(Call("POST", "/api/v1/journeys", Doc("Beta")).first, 201);
  EXPECT_EQ(Call("POST", "/api/v1/journeys/Alpha/close").first, 409);
  EXPECT_EQ(Call("POST", "/api/v1/journeys/Alpha/publish").first, 200);
  auto [live_delete, why] = Call("DELETE", "/api/v1/journeys/Alpha");
  EXPECT_EQ(live_delete, 409);
  EXPECT_NE(why["error"]["message"].get<std::string>().find("cannot be deleted"), std::string::npos) << why;
  EXPECT_EQ(Call("GET", "/api/v1/journeys/Nope").first, 404);

  auto [code, list] = Call("GET", "/api/v1/journeys?sort=status");
  ASSERT_EQ(code, 200);
  ASSERT_EQ(list["journeys"].size(), 2u);
  EXPECT_EQ(list["journeys"][0]["name"], "Beta");  // draft sorts before live
  EXPECT_EQ(list["journeys"][1]["published_by"], "admin");
  for (const char* column : {"name", "status", "description", "created_by", "last_updated_at", "last_updated_by",
                             "published_on", "published_by"}) {
    EXPECT_TRUE(list["journeys"][1].contains(column)) << column;
  }
  EXPECT_EQ(Call("GET", "/api/v1/journeys?search=alp").second["journeys"].size(), 1u);

  // One pass: the account enters and reaches an action this version only validates: a dead job saying so.
  auto [run, stats] = Call("POST", "/api/v1/journeys/run");
  ASSERT_EQ(run, 200);
  EXPECT_EQ(stats["entered"], 1);
  auto [jobs_code, jobs] = Call("GET", "/api/v1/jobs?state=dead");
  ASSERT_EQ(jobs_code, 200);
  ASSERT_EQ(jobs["jobs"].size(), 1u);
  EXPECT_NE(jobs["jobs"][0]["last_error"].get<std::string>().find("validated only"), std::string::npos);
  std::string id = std::to_string(jobs["jobs"][0]["id"].get<int64_t>());
  EXPECT_EQ(Call("POST", "/api/v1/jobs/" + id + "/retry").second["state"], "queued");
  EXPECT_EQ(Call("POST", "/api/v1/jobs/" + id + "/cancel").second["state"], "cancelled");
  EXPECT_EQ(Call("POST", "/api/v1/jobs/" + id + "/cancel").first, 409);
  EXPECT_EQ(Call("GET", "/api/v1/jobs/" + id).second["state"], "cancelled");
  EXPECT_EQ(Call("GET", "/api/v1/jobs?state=bogus").first, 400);
  EXPECT_EQ(Call("GET", "/api/v1/jobs/999").first, 404);

  auto [dup, copy] = Call("POST", "/api/v1/journeys/Alpha/duplicate", {{"type", "without_details"}});
  EXPECT_EQ(dup, 201);
  EXPECT_EQ(copy["name"], "Alpha_copy");
  EXPECT_EQ(copy["status"], "draft");
  // Its only account has finished and a static audience admits no other: completed, so it can be deleted
  // (but no longer aborted).
  EXPECT_EQ(Call("GET", "/api/v1/journeys/Alpha").second["status"], "completed");
  EXPECT_EQ(Call("POST", "/api/v1/journeys/Alpha/abort").first, 409);
  EXPECT_EQ(Call("DELETE", "/api/v1/journeys/Alpha").first, 200);
}

}  // namespace
}  // namespace salesync::journeys
