// Black-box test of the built salesync-sandbox running the Marketo emulator over HTTPS: started as a
// process on a free port with a throwaway CA, located through its JSON line, and driven the way the
// daemon will drive it (identity, leads, activity paging, bulk extract) and through the control API
// (changes between two incremental runs, the clock, stats and the effects log).
#include <gtest/gtest.h>

#include <set>

#include "net/http_client.h"
#include "net/http_message.h"
#include "tests/support/process.h"
#include "tests/support/sandbox_child.h"

namespace salesync::testing {
namespace {

class MarketoSandboxBlackbox : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("sandbox_marketo_blackbox");
    child_ = std::make_unique<SandboxChild>(
        BinaryPath("sandbox/salesync-sandbox"),
        std::vector<std::string>{"--marketo", "127.0.0.1:0", "--tls-dir", dir_ + "/tls", "--people", "3000",
                                 "--activities-per-person", "2", "--seed", "42", "--marketo-token-ttl", "600",
                                 "--marketo-rate-per-20s", "500"},
        dir_ + "/sandbox.stderr");
    ASSERT_TRUE(child_->Start()) << child_->error();
    const auto& a = child_->announcement();
    ASSERT_TRUE(a.contains("marketo")) << a.dump();
    mk_ = a["marketo"];
    ca_ = a["ca_file"];
    key_ = a["control_key"];
  }

  net::ClientResponse Send(const std::string& method, const std::string& url, const std::string& body = "",
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::ClientRequest r{method, url};
    r.body = body;
    r.headers = std::move(headers);
    r.ca_file = ca_;
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  std::string NewToken() {
    auto r = Send("GET", mk_["identity_url"].get<std::string>() + "/oauth/token?grant_type=client_credentials&client_id=" +
                             mk_["client_id"].get<std::string>() + "&client_secret=" + mk_["client_secret"].get<std::string>());
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body)["access_token"];
  }

  nlohmann::json Rest(const std::string& method, const std::string& path, const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> h = {{"Authorization", "Bearer " + token_}};
    if (!body.empty()) h.push_back({"Content-Type", "application/json"});
    std::string base = path.rfind("/bulk/", 0) == 0 ? mk_["base_url"].get<std::string>() : mk_["rest_url"].get<std::string>();
    auto r = Send(method, base + path, body, h);
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  nlohmann::json Control(const std::string& method, const std::string& sub, const std::string& body = "") {
    auto r = Send(method, mk_["control_url"].get<std::string>() + "/" + sub, body, {{"X-Sandbox-Key", key_}});
    EXPECT_LT(r.status, 300) << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  // Pages activities from `token` to the end; returns the GUIDs seen and the final token.
  std::set<std::string> PageAll(std::string* token, const std::string& types) {
    std::set<std::string> guids;
    for (int pages = 0; pages < 100; ++pages) {
      auto r = Rest("GET", "/v1/activities.json?activityTypeIds=" + types + "&nextPageToken=" + *token);
      EXPECT_TRUE(r["success"]) << r.dump();
      for (const auto& a : r.value("result", nlohmann::json::array())) guids.insert(a["marketoGUID"].get<std::string>());
      *token = r["nextPageToken"];
      if (!r["moreResult"].get<bool>()) break;
    }
    return guids;
  }

  std::string dir_, ca_, key_, token_;
  nlohmann::json mk_;
  std::unique_ptr<SandboxChild> child_;
  net::HttpClient client_;
};

TEST_F(MarketoSandboxBlackbox, IncrementalRunsSeeOnlyWhatChangedInBetween) {
  EXPECT_EQ(mk_["rest_url"].get<std::string>().rfind("https://127.0.0.1:", 0), 0u);
  EXPECT_EQ(mk_["limits"]["rate_per_20s"], 500);
  token_ = NewToken();
  // Run 1: everything since the start of the generated data.
  std::string cursor = Rest("GET", "/v1/activities/pagingtoken.json?sinceDatetime=2024-01-01T00:00:00Z")["nextPageToken"];
  auto first = PageAll(&cursor, "1,2,6,7,10,11,12,13,22,46");
  EXPECT_GT(first.size(), 3000u);
  // Between runs: a lead changes, one is created, one is deleted (through the control API).
  auto lead = Rest("GET", "/v1/leads.json?filterType=id&filterValues=1,2,3,4,5")["result"][0];
  int64_t id = lead["id"];
  Control("PATCH", "leads/" + std::to_string(id), R"({"leadStatus":"Nurture","title":"Head of Data"})");
  auto created = Control("POST", "leads", R"({"email":"blackbox@example.com","firstName":"Black","lastName":"Box"})");
  Control("DELETE", "leads/" + std::to_string(id + 1));
  // Run 2: from the token run 1 ended with, only the changes.
  auto second = PageAll(&cursor, "12,13");
  EXPECT_EQ(second.size(), 3u);  // two Change Data Value, one New Lead
  for (const auto& g : second) EXPECT_FALSE(first.count(g));
  auto changes = Rest("GET", "/v1/activities/leadchanges.json?fields=title&nextPageToken=" +
                                 Rest("GET", "/v1/activities/pagingtoken.json?sinceDatetime=2026-11-02T00:00:00Z")["nextPageToken"].get<std::string>());
  ASSERT_TRUE(changes.contains("result")) << changes.dump();
  EXPECT_EQ(changes["result"].size(), 2u);  // the New Lead and the title change (not leadStatus)
  // The lead reads back changed; updatedAt moved to the sandbox clock.
  auto now = Rest("GET", "/v1/lead/" + std::to_string(id) + ".json?fields=title,updatedAt")["result"][0];
  EXPECT_EQ(now["title"], "Head of Data");
  EXPECT_GT(now["updatedAt"].get<std::string>(), lead["updatedAt"].get<std::string>());
  auto state = Control("GET", "leads/" + std::to_string(created["id"].get<int64_t>()));
  EXPECT_EQ(state["lead"]["email"], "blackbox@example.com");
  auto deleted = Rest("GET", "/v1/activities/deletedleads.json?nextPageToken=" + cursor);
  EXPECT_EQ(deleted.value("result", nlohmann::json::array()).size(), 0u);  // cursor is past the delete
}

TEST_F(MarketoSandboxBlackbox, TokenExpiryAndLimitsThroughTheClockAndStats) {
  token_ = NewToken();
  EXPECT_TRUE(Rest("GET", "/v1/leads/describe.json")["success"]);
  Control("POST", "clock", R"({"advance_secs":601})");
  EXPECT_EQ(Rest("GET", "/v1/leads/describe.json")["errors"][0]["code"], "602");
  EXPECT_EQ(Rest("GET", "/v1/leads/describe.json")["errors"][0]["code"], "601");
  token_ = NewToken();
  auto body = nlohmann::json{{"input", {{{"email", "effects@example.com"}, {"leadScore", 12}}}}}.dump();
  auto upsert = Rest("POST", "/v1/leads.json", body);
  EXPECT_EQ(upsert["result"][0]["status"], "created");
  auto stats = Control("GET", "stats");
  EXPECT_EQ(stats["calls"]["POST /rest/v1/leads.json"], 1);
  EXPECT_EQ(stats["calls"]["GET /rest/v1/leads/describe.json"], 3);
  auto effects = Control("GET", "effects?since=0")["effects"];
  bool found = false;
  for (const auto& e : effects) {
    if (e["operation"] == "lead.createOrUpdate") {
      found = true;
      EXPECT_EQ(e["actor"], mk_["client_id"]);
      EXPECT_EQ(e["result"]["statuses"][0]["status"], "created");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(MarketoSandboxBlackbox, BulkExtractStreamsAFileWithRange) {
  token_ = NewToken();
  nlohmann::json job = {{"fields", {"id", "email", "updatedAt"}},
                        {"filter", {{"updatedAt", {{"startAt", "2026-09-01T00:00:00Z"}, {"endAt", "2026-09-30T00:00:00Z"}}}}}};
  std::string id = Rest("POST", "/bulk/v1/leads/export/create.json", job.dump())["result"][0]["exportId"];
  EXPECT_EQ(Rest("POST", "/bulk/v1/leads/export/" + id + "/enqueue.json", "{}")["result"][0]["status"], "Queued");
  Control("POST", "clock", R"({"advance_secs":180})");
  token_ = NewToken();
  auto status = Rest("GET", "/bulk/v1/leads/export/" + id + "/status.json")["result"][0];
  ASSERT_EQ(status["status"], "Completed") << status.dump();
  std::string file_url = mk_["bulk_url"].get<std::string>() + "/v1/leads/export/" + id + "/file.json";
  auto whole = Send("GET", file_url, "", {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(static_cast<int64_t>(whole.body.size()), status["fileSize"].get<int64_t>());
  auto part = Send("GET", file_url, "", {{"Authorization", "Bearer " + token_}, {"Range", "bytes=3-12"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, whole.body.substr(3, 10));
}

}  // namespace
}  // namespace salesync::testing
