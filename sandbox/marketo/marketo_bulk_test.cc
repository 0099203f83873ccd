// Bulk extract: lifecycle, files with Range, limits (31 days, 2 running / 10 queued, daily MB quota).
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include "base/random.h"
#include "base/strings.h"
#include "sandbox/marketo/marketo_test_fixture.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {
namespace {

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return HexEncode(std::string(reinterpret_cast<char*>(digest), len));
}

class MarketoBulkTest : public MarketoFixture {
 protected:
  std::string CreateLeadJob(const std::string& start = "2026-06-01T00:00:00Z", const std::string& end = "2026-06-30T00:00:00Z") {
    nlohmann::json body = {{"fields", {"id", "email", "firstName", "updatedAt"}},
                           {"format", "CSV"},
                           {"columnHeaderNames", {{"email", "Email Address"}}},
                           {"filter", {{"updatedAt", {{"startAt", start}, {"endAt", end}}}}}};
    auto r = Post("/bulk/v1/leads/export/create.json", body);
    EXPECT_TRUE(r["success"]) << r.dump();
    EXPECT_EQ(r["result"][0]["status"], "Created");
    return r["result"][0]["exportId"];
  }
  std::string StatusOf(const std::string& kind, const std::string& id) {
    return Get("/bulk/v1/" + kind + "/export/" + id + "/status.json")["result"][0]["status"];
  }
};

TEST_F(MarketoBulkTest, LeadExportLifecycleByPollingThenFileWithRange) {
  StartSandbox([](SandboxOptions& o) { o.seed = SeedOptions{20000, 1, 3}; });
  std::string id = CreateLeadJob();
  EXPECT_EQ(Call("GET", "/bulk/v1/leads/export/" + id + "/file.json").status, 404);  // not ready: plain 404
  auto enq = Post("/bulk/v1/leads/export/" + id + "/enqueue.json", nlohmann::json::object());
  EXPECT_EQ(enq["result"][0]["status"], "Queued");
  EXPECT_EQ(ErrorCode(Post("/bulk/v1/leads/export/" + id + "/enqueue.json", nlohmann::json::object())), "1029");
  EXPECT_EQ(StatusOf("leads", id), "Processing");
  auto done = Get("/bulk/v1/leads/export/" + id + "/status.json")["result"][0];
  ASSERT_EQ(done["status"], "Completed") << done.dump();
  auto file = Call("GET", "/bulk/v1/leads/export/" + id + "/file.json");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(static_cast<int64_t>(file.body.size()), done["fileSize"].get<int64_t>());
  EXPECT_EQ(done["fileChecksum"], "sha256:" + Sha256Hex(file.body));
  auto lines = SplitString(file.body, '\n');
  EXPECT_EQ(lines[0], "id,Email Address,firstName,updatedAt");
  EXPECT_EQ(static_cast<int64_t>(lines.size()) - 2, done["numberOfRecords"].get<int64_t>());  // header + trailing ""
  EXPECT_GT(done["numberOfRecords"].get<int64_t>(), 100);
  // Range: the first byte (the "probe" peers use), a middle slice, and the tail.
  net::ClientRequest range{"GET", base_ + "/bulk/v1/leads/export/" + id + "/file.json"};
  range.headers = {{"Authorization", "Bearer " + Token()}, {"Range", "bytes=0-0"}};
  auto probe = client_.Send(range);
  EXPECT_EQ(probe->status, 206);
  EXPECT_EQ(probe->body, "i");
  EXPECT_EQ(probe->headers["content-range"], "bytes 0-0/" + std::to_string(file.body.size()));
  range.headers[1] = {"Range", "bytes=10-29"};
  EXPECT_EQ(client_.Send(range)->body, file.body.substr(10, 20));
  range.headers[1] = {"Range", "bytes=-5"};
  EXPECT_EQ(client_.Send(range)->body, file.body.substr(file.body.size() - 5));
  range.headers[1] = {"Range", "bytes=" + std::to_string(file.body.size()) + "-"};
  EXPECT_EQ(client_.Send(range)->status, 416);
  auto list = Get("/bulk/v1/leads/export.json?status=Completed");
  EXPECT_EQ(list["result"].size(), 1u);
  // Peers report "Completed but the file is 404": here after the 7 days a file is kept.
  AdvanceClock(8 * 86400);
  token_ = FetchToken()["access_token"];
  EXPECT_EQ(StatusOf("leads", id), "Completed");
  auto gone = Call("GET", "/bulk/v1/leads/export/" + id + "/file.json");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.headers["content-type"].rfind("text/plain", 0), 0u);
}

TEST_F(MarketoBulkTest, ClockDrivenLifecycleAndActivityExport) {
  StartSandbox([](SandboxOptions& o) { o.seed = SeedOptions{5000, 3, 3}; });
  nlohmann::json body = {{"format", "TSV"},
                         {"filter", {{"createdAt", {{"startAt", "2026-03-01T00:00:00Z"}, {"endAt", "2026-03-20T00:00:00Z"}}},
                                     {"activityTypeIds", {1, 12}}}}};
  auto r = Post("/bulk/v1/activities/export/create.json", body);
  ASSERT_TRUE(r["success"]) << r.dump();
  std::string id = r["result"][0]["exportId"];
  Post("/bulk/v1/activities/export/" + id + "/enqueue.json", nlohmann::json::object());
  AdvanceClock(30);
  auto list = Get("/bulk/v1/activities/export.json");
  EXPECT_EQ(list["result"][0]["status"], "Queued");  // < 60 s: no step yet (the list does not poll)
  AdvanceClock(3600);
  token_ = FetchToken()["access_token"];
  list = Get("/bulk/v1/activities/export.json");
  ASSERT_EQ(list["result"][0]["status"], "Completed");
  auto file = Call("GET", "/bulk/v1/activities/export/" + id + "/file.json");
  auto lines = SplitString(file.body, '\n');
  EXPECT_EQ(lines[0], "marketoGUID\tleadId\tactivityDate\tactivityTypeId\tcampaignId\tprimaryAttributeValueId\t"
                      "primaryAttributeValue\tattributes");
  ASSERT_GT(lines.size(), 3u);
  auto cells = SplitString(lines[1], '\t');
  EXPECT_TRUE(cells[3] == "1" || cells[3] == "12") << lines[1];
  EXPECT_GE(cells[2], "2026-03-01");
  EXPECT_TRUE(nlohmann::json::parse(cells[7]).is_object());  // attributes: a JSON object in one cell
}

TEST_F(MarketoBulkTest, CreateValidation) {
  StartSandbox();
  auto post = [&](const nlohmann::json& b) { return ErrorCode(Post("/bulk/v1/leads/export/create.json", b)); };
  nlohmann::json window = {{"startAt", "2026-01-01T00:00:00Z"}, {"endAt", "2026-03-01T00:00:00Z"}};
  EXPECT_EQ(post({{"fields", {"id"}}, {"filter", {{"createdAt", window}}}}), "1003");  // > 31 days
  nlohmann::json ms = {{"startAt", "2026-01-01T00:00:00.000Z"}, {"endAt", "2026-01-02T00:00:00Z"}};
  EXPECT_EQ(post({{"fields", {"id"}}, {"filter", {{"createdAt", ms}}}}), "1003");  // milliseconds
  EXPECT_EQ(post({{"fields", {"id"}}, {"filter", {{"smartListId", 5}}}}), "1035");
  EXPECT_EQ(post({{"fields", {"id", "shoeSize"}}, {"filter", {{"staticListId", 1001}}}}), "1003");
  EXPECT_EQ(post({{"filter", {{"staticListId", 1001}}}}), "1003");  // fields required
  EXPECT_EQ(post({{"fields", {"id"}}, {"filter", {{"staticListId", 1001}, {"staticListName", "x"}}}}), "1003");
  auto act = ErrorCode(Post("/bulk/v1/activities/export/create.json", {{"filter", {{"activityTypeIds", {1}}}}}));
  EXPECT_EQ(act, "1003");  // createdAt required
  EXPECT_EQ(ErrorCode(Post("/bulk/v1/leads/export/nope/enqueue.json", nlohmann::json::object())), "1003");
  EXPECT_EQ(Call("GET", "/bulk/v1/leads/export/nope/file.json").status, 404);
}

TEST_F(MarketoBulkTest, TwoRunningTenQueuedAnd1029) {
  StartSandbox();
  std::vector<std::string> ids;
  for (int i = 0; i < 11; ++i) ids.push_back(CreateLeadJob());
  for (int i = 0; i < 10; ++i) {
    auto r = Post("/bulk/v1/leads/export/" + ids[static_cast<size_t>(i)] + "/enqueue.json", nlohmann::json::object());
    ASSERT_TRUE(r["success"]) << i << r.dump();
  }
  auto full = Post("/bulk/v1/leads/export/" + ids[10] + "/enqueue.json", nlohmann::json::object());
  EXPECT_EQ(ErrorCode(full), "1029");
  EXPECT_NE(full["errors"][0]["message"].get<std::string>().find("Too many jobs"), std::string::npos);
  // Polling every queued job: only two may process at once.
  int processing = 0;
  for (int i = 0; i < 10; ++i) processing += StatusOf("leads", ids[static_cast<size_t>(i)]) == "Processing";
  EXPECT_EQ(processing, 2);
  auto cancel = Post("/bulk/v1/leads/export/" + ids[9] + "/cancel.json", nlohmann::json::object());
  EXPECT_EQ(cancel["result"][0]["status"], "Cancelled");
  EXPECT_TRUE(Post("/bulk/v1/leads/export/" + ids[10] + "/enqueue.json", nlohmann::json::object())["success"]);
}

TEST_F(MarketoBulkTest, DailyQuotaIs1029UntilMidnightCentral) {
  StartSandbox([](SandboxOptions& o) {
    o.seed = SeedOptions{200000, 3, 5};
    o.marketo_bulk_daily_mb = 1;
  });
  nlohmann::json body = {{"filter", {{"createdAt", {{"startAt", "2026-01-01T00:00:00Z"}, {"endAt", "2026-01-31T00:00:00Z"}}}}}};
  auto first = Post("/bulk/v1/activities/export/create.json", body)["result"][0]["exportId"].get<std::string>();
  Post("/bulk/v1/activities/export/" + first + "/enqueue.json", nlohmann::json::object());
  StatusOf("activities", first);
  auto done = Get("/bulk/v1/activities/export/" + first + "/status.json")["result"][0];
  ASSERT_EQ(done["status"], "Completed");
  ASSERT_GT(done["fileSize"].get<int64_t>(), 1024 * 1024) << "the test needs a file over the 1 MB quota";
  auto second = Post("/bulk/v1/activities/export/create.json", body)["result"][0]["exportId"].get<std::string>();
  auto refused = Post("/bulk/v1/activities/export/" + second + "/enqueue.json", nlohmann::json::object());
  EXPECT_EQ(ErrorCode(refused), "1029");
  EXPECT_EQ(refused["errors"][0]["message"], "Export daily quota 1MB exceeded");
  int64_t now = env_->clock.NowUnixMillis();
  AdvanceClock((CentralDayStartMillis(CentralDay(now) + 1) - now) / 1000 + 1);
  token_ = FetchToken()["access_token"];
  EXPECT_TRUE(Post("/bulk/v1/activities/export/" + second + "/enqueue.json", nlohmann::json::object())["success"]);
}

}  // namespace
}  // namespace salesync::sandbox::marketo
