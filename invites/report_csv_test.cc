#include "invites/report_csv.h"

#include <gtest/gtest.h>

#include "invites/csv_reader.h"

namespace salesync::invites {
namespace {

TEST(ReportCsvTest, NeutralisesFormulasAndQuotes) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvCell("+31 6 1234"), "'+31 6 1234");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(CsvCell(""), "");
}

TEST(ReportCsvTest, SendReportRoundTripsThroughTheReader) {
  nlohmann::json report = {{"entries",
                            {{{"row", 2}, {"email", "a@x.com"}, {"outcome", "invited"}, {"reason", ""}},
                             {{"row", 3}, {"email", "=cmd|' /C calc'!A0"}, {"outcome", "skipped"},
                              {"reason", "\"=cmd\" is not valid, really"}}}}};
  std::string csv = SendReportCsv(report);
  StringSource source(csv);
  CsvReader reader(&source);
  ASSERT_TRUE(reader.Open().ok());
  CsvRecord record;
  CsvIssue issue;
  std::vector<CsvRecord> records;
  while (*reader.Next(&record, &issue) == CsvReader::Item::kRecord) records.push_back(record);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"row", "email", "outcome", "reason"}));
  EXPECT_EQ(records[2].fields[1], "'=cmd|' /C calc'!A0");
  EXPECT_EQ(records[2].fields[3], "\"=cmd\" is not valid, really");
  EXPECT_NE(csv.find("\r\n"), std::string::npos);
}

}  // namespace
}  // namespace salesync::invites
