#include <set>

#include "sandbox/people_universe.h"
#include "sandbox/salesforce/salesforce_test_fixture.h"

namespace salesync::sandbox::salesforce {
namespace {

class QueryTest : public SalesforceTest {
 protected:
  // Follows nextRecordsUrl to the end; returns every record.
  std::vector<nlohmann::json> All(nlohmann::json page, std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::vector<nlohmann::json> out;
    while (true) {
      EXPECT_TRUE(page.contains("totalSize") && page.contains("done") && page.contains("records")) << page.dump();
      for (auto& r : page["records"]) out.push_back(r);
      if (page["done"].get<bool>()) {
        EXPECT_FALSE(page.contains("nextRecordsUrl"));
        return out;
      }
      page = ApiJson("GET", page["nextRecordsUrl"].get<std::string>(), 200, "", headers);
    }
  }
};

TEST_F(QueryTest, RecordsCarryAttributesAndSalesforceFormats) {
  auto page = Query("SELECT Id, Email, SystemModstamp, IsDeleted, AccountId FROM Contact LIMIT 3");
  EXPECT_EQ(page["totalSize"], 3);
  EXPECT_EQ(page["done"], true);
  ASSERT_EQ(page["records"].size(), 3u);
  auto r = page["records"][0];
  EXPECT_EQ(r["attributes"]["type"], "Contact");
  EXPECT_EQ(r["attributes"]["url"], std::string(kV) + "/sobjects/Contact/" + r["Id"].get<std::string>());
  EXPECT_EQ(r["Id"].get<std::string>().size(), 18u);
  EXPECT_EQ(r["Id"].get<std::string>().substr(0, 3), "003");
  EXPECT_EQ(r["AccountId"].get<std::string>().substr(0, 3), "001");
  std::string stamp = r["SystemModstamp"];
  EXPECT_EQ(stamp.size(), 28u);
  EXPECT_EQ(stamp.substr(19), ".000+0000");
  EXPECT_EQ(r["IsDeleted"], false);
  auto raw = nlohmann::ordered_json::parse(Api("GET", std::string(kV) + "/query?q=" +
                                               net::PercentEncode("SELECT Email, Id FROM Contact LIMIT 1")).body);
  auto first = raw["records"][0];
  std::vector<std::string> keys;
  for (auto it = first.begin(); it != first.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"attributes", "Email", "Id"}));  // SELECT order
}

TEST_F(QueryTest, IdsFollowTheUniverseSoMarketoLinksResolve) {
  PeopleUniverse u(env_->options.seed);
  int checked = 0;
  for (int64_t i = 0; i < 60; ++i) {
    PersonSeed p = u.Person(i);
    if (p.salesforce == SalesforceKind::kNone) continue;
    std::string id = PeopleUniverse::SalesforceId(p.salesforce == SalesforceKind::kLead ? "00Q" : "003", i);
    auto page = Query("SELECT Id, Email FROM " + std::string(p.salesforce == SalesforceKind::kLead ? "Lead" : "Contact") +
                      " WHERE Id = '" + id + "'");
    ASSERT_EQ(page["totalSize"], 1) << id;
    EXPECT_EQ(page["records"][0]["Email"], p.email);
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

TEST_F(QueryTest, PagesThroughNextRecordsUrlWithBatchSize) {
  int64_t total = Query("SELECT COUNT() FROM Contact")["totalSize"];
  ASSERT_GT(total, 200);
  std::vector<std::pair<std::string, std::string>> h = {{"Sforce-Query-Options", "batchSize=200"}};
  auto first = Query("SELECT Id FROM Contact", false, h);
  EXPECT_EQ(first["totalSize"], total);
  EXPECT_EQ(first["done"], false);
  EXPECT_EQ(first["records"].size(), 200u);
  std::string next = first["nextRecordsUrl"];
  EXPECT_EQ(next.rfind(std::string(kV) + "/query/01g", 0), 0u) << next;
  EXPECT_EQ(next.substr(next.size() - 4), "-200");
  auto all = All(first, h);
  EXPECT_EQ(static_cast<int64_t>(all.size()), total);
  std::set<std::string> ids;
  for (auto& r : all) ids.insert(r["Id"]);
  EXPECT_EQ(static_cast<int64_t>(ids.size()), total);
  // batchSize below 200 is raised to 200; the org's page size can be smaller (pages "often fewer").
  EXPECT_EQ(Query("SELECT Id FROM Contact", false, {{"Sforce-Query-Options", "batchSize=10"}})["records"].size(), 200u);
  Control("POST", "settings", {{"page_size", 37}}, 200);
  auto small = Query("SELECT Id FROM Contact");
  EXPECT_EQ(small["records"].size(), 37u);
  EXPECT_EQ(static_cast<int64_t>(All(small).size()), total);
}

TEST_F(QueryTest, KeysetPagingReturnsEachRecordOnceAcrossTies) {
  // Twelve extra rows on one stamp, so ties certainly straddle page boundaries.
  for (int i = 0; i < 12; ++i) {
    Control("POST", "records/Contact", {{"LastName", "Tie" + std::to_string(i)}, {"SystemModstamp", "2026-06-01T12:00:00.000+0000"}}, 201);
  }
  auto expected = All(Query("SELECT Id, SystemModstamp FROM Contact ORDER BY SystemModstamp, Id"));
  std::vector<std::string> seen;
  std::string ts = "1970-01-01T00:00:00Z", last_id = "000000000000000AAA";
  int pages = 0;
  while (true) {
    std::string soql = "SELECT Id, SystemModstamp FROM Contact WHERE (SystemModstamp > " + ts + " OR (SystemModstamp = " + ts +
                       " AND Id > '" + last_id + "')) ORDER BY SystemModstamp, Id LIMIT 13";
    auto page = Query(soql);
    ++pages;
    if (page["records"].empty()) break;
    for (auto& r : page["records"]) seen.push_back(r["Id"]);
    auto& last = page["records"].back();
    last_id = last["Id"];
    std::string s = last["SystemModstamp"];  // "2026-06-01T12:00:00.000+0000" -> SOQL "2026-06-01T12:00:00.000+00:00"
    ts = s.substr(0, 26) + ":" + s.substr(26);
  }
  ASSERT_EQ(seen.size(), expected.size());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], expected[i]["Id"]) << i;
  EXPECT_GT(pages, 20);
  // Ties exist: some stamp is shared by several rows.
  std::map<std::string, int> per_stamp;
  for (auto& r : expected) ++per_stamp[r["SystemModstamp"]];
  EXPECT_GE(per_stamp["2026-06-01T12:00:00.000+0000"], 12);
}

TEST_F(QueryTest, CursorsExpireAfterTwoDays) {
  auto first = Query("SELECT Id FROM Lead", false, {{"Sforce-Query-Options", "batchSize=200"}});
  ASSERT_EQ(first["done"], false);
  std::string next = first["nextRecordsUrl"];
  EXPECT_EQ(Api("GET", next).status, 200);  // pages can be fetched again while the cursor lives
  AdvanceClock(2 * 24 * 3600 + 60);
  token_.clear();  // the access token expired long before the cursor
  auto expired = Api("GET", next);
  EXPECT_EQ(expired.status, 400);
  EXPECT_EQ(nlohmann::json::parse(expired.body)[0]["errorCode"], "INVALID_QUERY_LOCATOR");
  EXPECT_EQ(nlohmann::json::parse(Api("GET", std::string(kV) + "/query/01gXXXXXXXXXXXXAAA-200").body)[0]["errorCode"],
            "INVALID_QUERY_LOCATOR");
}

TEST_F(QueryTest, QueryAllShowsDeletesUntilTheRecycleBinEmpties) {
  auto some = Query("SELECT Id FROM Contact LIMIT 1")["records"][0]["Id"].get<std::string>();
  EXPECT_EQ(Api("DELETE", std::string(kV) + "/sobjects/Contact/" + some).status, 204);
  std::string where = "SELECT Id, IsDeleted FROM Contact WHERE Id = '" + some + "'";
  EXPECT_EQ(Query(where)["totalSize"], 0);
  auto all = Query(where, true);
  ASSERT_EQ(all["totalSize"], 1);
  EXPECT_EQ(all["records"][0]["IsDeleted"], true);
  EXPECT_EQ(Query("SELECT Id FROM Contact WHERE IsDeleted = true", true)["totalSize"], 1);
  // queryAll's next pages still say /query/.
  auto paged = Query("SELECT Id FROM Contact", true, {{"Sforce-Query-Options", "batchSize=200"}});
  EXPECT_NE(paged["nextRecordsUrl"].get<std::string>().find("/query/01g"), std::string::npos);
  AdvanceClock(16 * 24 * 3600);
  token_.clear();
  EXPECT_EQ(Query(where, true)["totalSize"], 0);  // purged after 15 days
}

TEST_F(QueryTest, LateRowsAppearBelowTheHighWaterMark) {
  auto newest = Query("SELECT Id, SystemModstamp FROM Lead ORDER BY SystemModstamp DESC LIMIT 1")["records"][0];
  std::string s = newest["SystemModstamp"];
  std::string mark = s.substr(0, 26) + ":" + s.substr(26);
  auto late = Control("POST", "records/Lead", {{"LastName", "Late"}, {"Company", "Past Inc."},
                                                {"SystemModstamp", "2025-01-01T00:00:00.000+0000"}}, 201);
  EXPECT_EQ(Query("SELECT Id FROM Lead WHERE SystemModstamp > " + mark)["totalSize"], 0);
  auto lookback = Query("SELECT Id FROM Lead WHERE SystemModstamp > 2024-12-31T23:59:50Z AND SystemModstamp < 2025-01-01T00:00:10Z");
  ASSERT_EQ(lookback["totalSize"], 1);
  EXPECT_EQ(lookback["records"][0]["Id"], late["id"]);
  // A control update bumps the stamp to the sandbox clock: the row is now the newest.
  Control("PATCH", "records/Lead/" + late["id"].get<std::string>(), {{"Title", "Moved"}}, 200);
  EXPECT_EQ(Query("SELECT Id FROM Lead WHERE SystemModstamp > " + mark)["totalSize"], 1);
}

TEST_F(QueryTest, GetDeletedAndUpdatedWindows) {
  auto id = Query("SELECT Id FROM Lead LIMIT 1")["records"][0]["Id"].get<std::string>();
  ASSERT_EQ(Api("DELETE", std::string(kV) + "/sobjects/Lead/" + id).status, 204);
  auto contact = Query("SELECT Id FROM Contact LIMIT 1")["records"][0]["Id"].get<std::string>();
  ASSERT_EQ(Api("PATCH", std::string(kV) + "/sobjects/Contact/" + contact, R"({"Title":"CTO"})").status, 204);
  // Windows cover whole minutes up to the last complete one: changes of this minute show up later.
  AdvanceClock(120);
  int64_t now = env_->clock.NowUnixMillis();
  auto iso = [](int64_t ms) {
    std::string s = FormatSalesforceDateTime(ms);
    return net::PercentEncode(s.substr(0, 19) + "+00:00");
  };
  std::string window = "?start=" + iso(now - 3600 * 1000) + "&end=" + iso(now + 120 * 1000);
  auto deleted = ApiJson("GET", std::string(kV) + "/sobjects/Lead/deleted/" + window, 200);
  ASSERT_EQ(deleted["deletedRecords"].size(), 1u);
  EXPECT_EQ(deleted["deletedRecords"][0]["id"], id);
  EXPECT_TRUE(deleted.contains("earliestDateAvailable"));
  EXPECT_TRUE(deleted.contains("latestDateCovered"));
  auto old = Api("GET", std::string(kV) + "/sobjects/Lead/deleted/?start=" + iso(now - 16LL * 86400 * 1000) + "&end=" + iso(now));
  EXPECT_EQ(old.status, 400);
  EXPECT_EQ(nlohmann::json::parse(old.body)[0]["errorCode"], "INVALID_REPLICATION_DATE");
  auto backwards = Api("GET", std::string(kV) + "/sobjects/Lead/deleted/?start=" + iso(now) + "&end=" + iso(now - 3600 * 1000));
  EXPECT_EQ(nlohmann::json::parse(backwards.body)[0]["errorCode"], "INVALID_REPLICATION_DATE");
  // getUpdated: 30-day window; a fresh update shows up.
  auto updated = ApiJson("GET", std::string(kV) + "/sobjects/Contact/updated/" + window, 200);
  ASSERT_EQ(updated["ids"].size(), 1u);
  EXPECT_EQ(updated["ids"][0], contact);
}

TEST_F(QueryTest, OrderByOtherFieldsLimitAndOffset) {
  auto page = Query("SELECT Id, LastName FROM Contact ORDER BY LastName DESC, Id LIMIT 20 OFFSET 5");
  ASSERT_EQ(page["records"].size(), 20u);
  for (size_t i = 1; i < 20; ++i) {
    std::string a = page["records"][i - 1]["LastName"], b = page["records"][i]["LastName"];
    std::string la, lb;
    for (char c : a) la += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char c : b) lb += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_GE(la, lb);
  }
  auto bad = Api("GET", std::string(kV) + "/query?q=" + net::PercentEncode("SELECT Id FROM Contact WHERE"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)[0]["errorCode"], "MALFORMED_QUERY");
  EXPECT_EQ(nlohmann::json::parse(Api("GET", std::string(kV) + "/query").body)[0]["errorCode"], "MALFORMED_QUERY");
}

}  // namespace
}  // namespace salesync::sandbox::salesforce
