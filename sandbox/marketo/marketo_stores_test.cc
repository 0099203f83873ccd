// The data layer without HTTP: lazily generated leads with stored overrides, the activity log's
// positions and dates, list membership paging.
#include <gtest/gtest.h>

#include "sandbox/marketo/marketo_data.h"
#include "sandbox/marketo/marketo_schema.h"

namespace salesync::sandbox::marketo {
namespace {

std::vector<FieldChange> Changes(const nlohmann::json& j) {
  auto c = ConvertLeadInput(j, {}, true);
  EXPECT_TRUE(std::holds_alternative<std::vector<FieldChange>>(c));
  return std::get<std::vector<FieldChange>>(c);
}

TEST(MarketoStoresTest, GeneratedLeadsAreStableAndOverridesWin) {
  MarketoData a(SeedOptions{500, 3, 5});
  MarketoData b(SeedOptions{500, 3, 5});
  int64_t id = 0;
  for (int64_t i = 1; i <= 500 && !id; ++i) {
    if (a.leads().Exists(i)) id = i;
  }
  ASSERT_GT(id, 0);
  EXPECT_EQ(a.leads().Get(id)->values, b.leads().Get(id)->values);  // same seed, same lead
  std::string email = a.leads().Get(id)->at(kFieldEmail).get<std::string>();
  EXPECT_EQ(a.leads().Find("email", {email}, 10), std::vector<int64_t>{id});
  a.UpdateLead(id, Changes({{"email", "moved@example.com"}}), 1800000000000, "test");
  EXPECT_TRUE(a.leads().Find("email", {email}, 10).empty());  // the old address no longer matches
  EXPECT_EQ(a.leads().Find("email", {"MOVED@example.com "}, 10), std::vector<int64_t>{id});
  EXPECT_EQ(a.leads().Get(id)->at(kFieldUpdatedAt).get<int64_t>(), 1800000000000);
  EXPECT_EQ(a.leads().override_count(), 1u);
  a.DeleteLead(id, 1800000001000);
  EXPECT_FALSE(a.leads().Exists(id));
  EXPECT_TRUE(a.leads().Find("email", {"moved@example.com"}, 10).empty());
}

TEST(MarketoStoresTest, ConvertLeadInputTypesAndRefusals) {
  auto ok = ConvertLeadInput({{"leadScore", "12"}, {"unsubscribed", "true"}, {"title", 7}}, {}, false);
  ASSERT_TRUE(std::holds_alternative<std::vector<FieldChange>>(ok));
  auto changes = std::get<std::vector<FieldChange>>(ok);
  ASSERT_EQ(changes.size(), 3u);
  auto bad = [](const nlohmann::json& j) { return std::get<RecordProblem>(ConvertLeadInput(j, {}, false)).code; };
  EXPECT_EQ(bad({{"sfdcLeadId", "00Q"}}), "1006");  // read-only
  EXPECT_EQ(bad({{"createdAt", "2020-01-01"}}), "1006");
  EXPECT_EQ(bad({{"leadScore", 1.5}}), "1001");
  EXPECT_EQ(bad({{"email", "\xc3\xa9@example.com"}}), "1001");
  EXPECT_EQ(bad({{"nope", 1}}), "1006");
}

TEST(MarketoStoresTest, ActivityPositionsDatesAndAppends) {
  MarketoData d(SeedOptions{300, 4, 2});
  const ActivityStore& log = d.activities();
  EXPECT_EQ(log.base_count(), 1200);
  for (int64_t p = 1; p < log.base_count(); ++p) ASSERT_LE(log.BaseDate(p - 1), log.BaseDate(p));
  EXPECT_EQ(log.BaseDate(0), log.BaseDate(6));  // seven share a second
  EXPECT_LT(log.BaseDate(6), log.BaseDate(7));
  EXPECT_EQ(log.FirstPositionSince(log.BaseDate(700)), 700 / 7 * 7);
  EXPECT_EQ(log.FirstPositionSince(d.universe().now_millis()), log.base_count());
  int64_t generated = 0;
  for (int64_t p = 0; p < log.base_count(); ++p) {
    auto a = log.At(p);
    if (!a) continue;
    ++generated;
    EXPECT_EQ(a->lead_id, p / 4 + 1);
    EXPECT_EQ(a->type_id, log.BaseTypeAt(p));
    if (p % 4 == 0) {
      EXPECT_EQ(a->type_id, kNewLead);
    }
  }
  EXPECT_GT(generated, 1000);
  int64_t lead = log.At(0) ? 1 : 2;
  int64_t pos = d.AddActivity(Activity{.lead_id = lead, .type_id = kVisitWebpage}, 1900000000000);
  EXPECT_EQ(pos, log.base_count());
  EXPECT_EQ(log.FirstPositionSince(1900000000000), pos);
  EXPECT_EQ(log.At(pos)->date_millis, 1900000000000);
}

TEST(MarketoStoresTest, ListMembersPageInIdOrderWithOverrides) {
  MarketoData d(SeedOptions{3000, 1, 4});
  std::vector<int64_t> all;
  int64_t next = 1;
  bool done = false;
  while (!done) {
    auto page = d.lists().Members(1002, next, 17, 500, &next, &done);
    all.insert(all.end(), page.begin(), page.end());
  }
  ASSERT_GT(all.size(), 60u);  // ~1/20 of ~2700 leads
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  int64_t created = d.CreateLead(Changes({{"email", "member@example.com"}}), 1, 1800000000000, "test");
  d.SetListMember(1002, created, true, 1800000000000, "test");
  d.SetListMember(1002, all[0], false, 1800000000000, "test");
  std::vector<int64_t> after;
  next = 1;
  done = false;
  while (!done) {
    auto page = d.lists().Members(1002, next, 300, 100000, &next, &done);
    after.insert(after.end(), page.begin(), page.end());
  }
  EXPECT_EQ(after.size(), all.size());
  EXPECT_EQ(after.back(), created);
  EXPECT_NE(after.front(), all[0]);
}

}  // namespace
}  // namespace salesync::sandbox::marketo
