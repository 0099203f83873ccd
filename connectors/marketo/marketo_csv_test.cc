#include "connectors/marketo/marketo_csv.h"

#include <gtest/gtest.h>

#include "connectors/marketo/marketo_lead_record.h"

namespace salesync::connectors::marketo {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text, size_t chunk, Status* status) {
  CsvRowReader reader;
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < text.size(); i += chunk) {
    *status = reader.Feed(std::string_view(text).substr(i, chunk));
    if (!status->ok()) return rows;
    for (auto& r : reader.TakeRows()) rows.push_back(std::move(r));
  }
  *status = reader.Finish();
  for (auto& r : reader.TakeRows()) rows.push_back(std::move(r));
  return rows;
}

TEST(MarketoCsv, QuotedCellsAcrossChunkBoundaries) {
  std::string text = "id,email,title\r\n1, Ann@x.com,\"Head, \"\"Ops\"\"\"\n2,b@x.com,\"two\nlines\"\n3,c@x.com,";
  for (size_t chunk : {1u, 2u, 7u, 1000u}) {
    Status s;
    auto rows = ReadAll(text, chunk, &s);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    ASSERT_EQ(rows.size(), 3u) << chunk;
    EXPECT_EQ(rows[0][1], " Ann@x.com");  // the leading space is data
    EXPECT_EQ(rows[0][2], "Head, \"Ops\"");
    EXPECT_EQ(rows[1][2], "two\nlines");
    EXPECT_EQ(rows[2][2], "");
  }
}

TEST(MarketoCsv, CarriageReturnsNulsAndLineSeparatorsStayInTheCell) {
  std::string text = std::string("id,title\n1,a\rb\n2,x") + '\0' + "y\n3,p\u2028q\n";
  Status s;
  auto rows = ReadAll(text, 3, &s);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][1], "a\rb");
  EXPECT_EQ(rows[1][1], std::string("x") + '\0' + "y");
  EXPECT_EQ(rows[2][1], "p\u2028q");
}

TEST(MarketoCsv, ColumnCountIsChecked) {
  Status s;
  ReadAll("id,email\n1,a@x.com\n2,b@x.com,extra\n", 100, &s);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("Row 2"), std::string::npos);
}

TEST(MarketoCsv, UnterminatedQuoteIsAnError) {
  Status s;
  ReadAll("id,email\n1,\"a@x.com\n", 100, &s);
  EXPECT_FALSE(s.ok());
}

TEST(MarketoCsv, CellsAreTypedLikeTheRestApi) {
  auto r = LeadRecordFromCsv({"id", "leadScore", "unsubscribed", "urgency", "phone", "sfdcLeadId", "updatedAt"},
                             {"42", "17", "false", "0.5", "+31 20 1234567", "null", "2026-01-02T03:04:05Z"});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->id, "42");
  EXPECT_EQ(r->fields["id"], 42);
  EXPECT_EQ(r->fields["leadScore"], 17);
  EXPECT_EQ(r->fields["unsubscribed"], false);
  EXPECT_EQ(r->fields["urgency"], 0.5);
  EXPECT_EQ(r->fields["phone"], "+31 20 1234567");
  EXPECT_TRUE(r->fields["sfdcLeadId"].is_null());
  EXPECT_EQ(r->modified_ms, 1767323045000);
}

}  // namespace
}  // namespace salesync::connectors::marketo
