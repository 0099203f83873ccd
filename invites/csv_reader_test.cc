#include "invites/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace salesync::invites {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Read {
  std::string encoding;
  char delimiter = 0;
  std::vector<CsvRecord> records;
  std::vector<CsvIssue> issues;
};

Read ReadAll(std::string_view text, CsvReaderOptions options = {}) {
  StringSource source(text);
  CsvReader reader(&source, options);
  Read out;
  Status s = reader.Open();
  EXPECT_TRUE(s.ok()) << s.error().ToString();
  if (!s.ok()) return out;
  out.encoding = reader.encoding();
  out.delimiter = reader.delimiter();
  CsvRecord record;
  CsvIssue issue;
  for (;;) {
    auto item = reader.Next(&record, &issue);
    EXPECT_TRUE(item.ok());
    if (!item.ok() || *item == CsvReader::Item::kEnd) break;
    if (*item == CsvReader::Item::kRecord) out.records.push_back(record);
    else out.issues.push_back(issue);
  }
  return out;
}

std::vector<std::string> Fields(const Read& r, size_t i) { return r.records.at(i).fields; }

TEST(CsvReaderTest, QuotesDoubledQuotesDelimitersAndNewlinesInsideQuotes) {
  Read r = ReadAll("email,name,note\r\n"
                   "a@x.com,\"Lee, Ann\",\"She said \"\"hi\"\"\"\r\n"
                   "b@x.com,Bo,\"two\r\nlines\"\r\n"
                   "c@x.com,,\"\"\r\n");
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_TRUE(r.issues.empty());
  EXPECT_THAT(Fields(r, 1), ElementsAre("a@x.com", "Lee, Ann", "She said \"hi\""));
  EXPECT_THAT(Fields(r, 2), ElementsAre("b@x.com", "Bo", "two\r\nlines"));
  EXPECT_THAT(Fields(r, 3), ElementsAre("c@x.com", "", ""));
  // Line numbers are where each record starts, counting the line inside the quotes.
  EXPECT_EQ(r.records[1].line, 2);
  EXPECT_EQ(r.records[2].line, 3);
  EXPECT_EQ(r.records[3].line, 5);
}

TEST(CsvReaderTest, LfOnlyNoFinalNewlineAndBlankTrailingLines) {
  Read a = ReadAll("email\na@x.com\nb@x.com");
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_THAT(Fields(a, 2), ElementsAre("b@x.com"));
  Read b = ReadAll("email\na@x.com\n\n\r\n   \n");
  ASSERT_EQ(b.records.size(), 2u);
  EXPECT_TRUE(b.issues.empty());
  // A blank line in the middle is skipped but counts for line numbers.
  Read c = ReadAll("email\n\na@x.com\n");
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[1].line, 3);
}

TEST(CsvReaderTest, BomIsDroppedAndReported) {
  Read r = ReadAll("\xEF\xBB\xBF" "E-mail;Voornaam\nanna@x.nl;Anna\n");
  EXPECT_EQ(r.encoding, "UTF-8 with BOM");
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_THAT(Fields(r, 0), ElementsAre("E-mail", "Voornaam"));
  EXPECT_EQ(ReadAll("email\nx@y.z\n").encoding, "UTF-8");
}

TEST(CsvReaderTest, DetectsSemicolonAndTabAndIgnoresQuotedDelimiters) {
  EXPECT_EQ(ReadAll("a;b;c\n1;2;3\n").delimiter, ';');
  Read tab = ReadAll("email\tFornavn\tEfternavn\nx@y.dk\tJens\tHansen\n");
  EXPECT_EQ(tab.delimiter, '\t');
  EXPECT_THAT(Fields(tab, 1), ElementsAre("x@y.dk", "Jens", "Hansen"));
  // Commas inside a quoted header do not win over the real delimiter.
  EXPECT_EQ(ReadAll("\"Name, full\";\"a,b,c\";email\n").delimiter, ';');
  EXPECT_EQ(ReadAll("email\nx@y.z\n").delimiter, ',');
  // Empty fields around tabs are kept (the tab is not trimmed as a space).
  Read empty = ReadAll("a\tb\tc\n\t\t\n");
  EXPECT_THAT(Fields(empty, 1), ElementsAre("", "", ""));
}

TEST(CsvReaderTest, MalformedQuotesAreReportedByLineAndReadingGoesOn) {
  Read r = ReadAll("email,name\nok@x.com,A\nbad@x.com,5'11\"\nfine@x.com,\"B\"x\nlast@x.com,C\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_THAT(Fields(r, 2), ElementsAre("last@x.com", "C"));
  ASSERT_EQ(r.issues.size(), 2u);
  EXPECT_EQ(r.issues[0].line, 3);
  EXPECT_EQ(r.issues[0].kind, CsvIssueKind::kMalformedQuotes);
  EXPECT_EQ(r.issues[1].line, 4);
}

TEST(CsvReaderTest, InvalidUtf8IsReportedWithItsColumn) {
  Read r = ReadAll("email,name\nok@x.com,J\xC3\xBCrgen\nbad@x.com,J\xFCrgen\nnext@x.com,\xED\xA0\x80\n");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.issues.size(), 2u);
  EXPECT_EQ(r.issues[0].line, 3);
  EXPECT_EQ(r.issues[0].kind, CsvIssueKind::kInvalidUtf8);
  EXPECT_EQ(r.issues[0].column, 2);
  EXPECT_THAT(r.issues[0].message, HasSubstr("not valid UTF-8"));
  EXPECT_EQ(r.issues[1].line, 4);  // a surrogate code point is invalid too
}

TEST(CsvReaderTest, UnterminatedQuoteAtTheEndIsReported) {
  Read r = ReadAll("email,name\na@x.com,\"open\nb@x.com,B\n");
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].kind, CsvIssueKind::kUnterminatedQuote);
  EXPECT_EQ(r.issues[0].line, 2);
}

TEST(CsvReaderTest, AnOverlongRecordIsSkippedWithBoundedMemory) {
  // An opening quote that is never closed would make the rest of the file one value.
  std::string text = "email,note\na@x.com,\"" + std::string(5000, 'x') + "\n";
  for (int i = 0; i < 200; ++i) text += "filler" + std::to_string(i) + "@x.com,line\n";
  text += "z@x.com,ok\n";
  CsvReaderOptions options;
  options.chunk_bytes = 512;
  options.max_record_bytes = 1024;
  StringSource source(text);
  CsvReader reader(&source, options);
  ASSERT_TRUE(reader.Open().ok());
  CsvRecord record;
  CsvIssue issue;
  std::vector<CsvIssue> issues;
  std::vector<CsvRecord> records;
  for (;;) {
    auto item = reader.Next(&record, &issue);
    ASSERT_TRUE(item.ok());
    if (*item == CsvReader::Item::kEnd) break;
    if (*item == CsvReader::Item::kIssue) issues.push_back(issue);
    else records.push_back(record);
  }
  ASSERT_FALSE(issues.empty());
  EXPECT_EQ(issues[0].kind, CsvIssueKind::kRecordTooLong);
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_LE(reader.peak_parser_buffer(), 8u * 1024u);
  // Reading resumes on the next line.
  ASSERT_EQ(records.size(), 202u);
  EXPECT_EQ(records[1].line, 3);
  EXPECT_THAT(records.back().fields, ElementsAre("z@x.com", "ok"));
}

TEST(CsvReaderTest, SmallChunksGiveTheSameResultAsOneBigOne) {
  std::string text = "email;name\r\n\"a@x.com\";\"multi\r\nline\"\r\nb@x.com;B\r\n\r\nc@x.com;\"q\"\"q\"\r\n";
  Read whole = ReadAll(text);
  for (size_t chunk : {1u, 2u, 3u, 7u}) {
    CsvReaderOptions options;
    options.chunk_bytes = chunk;
    Read r = ReadAll(text, options);
    ASSERT_EQ(r.records.size(), whole.records.size()) << "chunk " << chunk;
    for (size_t i = 0; i < r.records.size(); ++i) {
      EXPECT_EQ(r.records[i].fields, whole.records[i].fields) << "chunk " << chunk;
      EXPECT_EQ(r.records[i].line, whole.records[i].line) << "chunk " << chunk;
    }
    EXPECT_EQ(r.delimiter, ';');
  }
}

TEST(CsvReaderTest, RefusesUtf16AndEmptyFiles) {
  for (std::string_view text : {std::string_view("\xFF\xFE" "e\0m\0", 6), std::string_view(""),
                                std::string_view("\n\r\n  \n")}) {
    StringSource source(text);
    CsvReader reader(&source);
    Status s = reader.Open();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace salesync::invites
