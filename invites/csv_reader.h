// CsvReader: streaming RFC 4180 reading of an uploaded CSV file, on top of Debian's libcsv.
//
// libcsv (strict mode) does the quoting rules: quoted fields, doubled quotes, delimiters and line breaks
// inside quotes, CRLF or LF. This adapter adds what an import needs around it:
//   - encoding: UTF-8 with or without a BOM (the BOM is dropped); UTF-16 is refused with a sentence;
//   - the delimiter, detected from the header line: ',', ';' or tab;
//   - line numbers: each record carries the line it starts on, as an editor or spreadsheet shows it;
//   - per-record problems instead of failures: malformed quotes, invalid UTF-8, a record longer than
//     max_record_bytes (an unterminated quote would otherwise swallow the rest of the file), or a quote
//     still open at the end. The record is skipped and reading goes on with the next line.
// Memory is bounded: one input chunk plus the record being read, whatever the size of the file.
// Blank lines are skipped (they still count for line numbers).
// Thread-safety: not thread-safe; one reader per file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

struct csv_parser;

namespace salesync::invites {

// Where the bytes come from.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `max` bytes; 0 means the end of the input.
  virtual Result<size_t> Read(char* buffer, size_t max) = 0;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view text) : text_(text) {}
  Result<size_t> Read(char* buffer, size_t max) override;

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

struct CsvRecord {
  int64_t line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

enum class CsvIssueKind { kMalformedQuotes, kInvalidUtf8, kRecordTooLong, kUnterminatedQuote };

struct CsvIssue {
  int64_t line = 0;
  CsvIssueKind kind = CsvIssueKind::kMalformedQuotes;
  int column = 0;       // 1-based, for kInvalidUtf8
  std::string message;  // a sentence for the operator
};

struct CsvReaderOptions {
  size_t chunk_bytes = 64 * 1024;
  size_t max_record_bytes = 1024 * 1024;
};

class CsvReader {
 public:
  explicit CsvReader(ByteSource* source, CsvReaderOptions options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the start of the input: encoding and delimiter. kInvalidArgument for a UTF-16 file or an empty
  // one; a source error is passed on.
  Status Open();

  const std::string& encoding() const { return encoding_; }  // "UTF-8" or "UTF-8 with BOM"
  char delimiter() const { return delimiter_; }

  enum class Item { kRecord, kIssue, kEnd };
  // The next record (into `record`) or skipped record (into `issue`), or kEnd. REQUIRES: Open() succeeded.
  Result<Item> Next(CsvRecord* record, CsvIssue* issue);

  // The largest buffer libcsv needed so far (for tests of the memory bound).
  size_t peak_parser_buffer() const { return peak_parser_buffer_; }

 private:
  struct Pending {
    Item item;
    CsvRecord record;
    CsvIssue issue;
  };
  static void OnField(void* data, size_t len, void* self);
  static void OnRecordEnd(int terminator, void* self);

  Status Fill();                   // reads more input after the unread part of buf_
  Status FeedNextSegment();        // feeds one line (or the rest of the buffer) to libcsv
  void Feed(const char* data, size_t len);
  void ResetParser();              // drops the partial record and returns libcsv to its initial state
  void AddIssue(CsvIssueKind kind, int64_t line, int column, std::string message);
  void DetectDelimiter();

  ByteSource* source_;
  CsvReaderOptions options_;
  std::unique_ptr<csv_parser> parser_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool finished_ = false;

  std::string encoding_ = "UTF-8";
  char delimiter_ = ',';
  int64_t line_ = 1;           // line of the next byte to feed
  bool in_record_ = false;     // a record has begun and not ended
  int64_t record_line_ = 0;    // where the current record began
  size_t record_bytes_ = 0;
  bool parse_failed_ = false;  // libcsv rejected the current segment
  std::vector<std::string> fields_;
  std::deque<Pending> pending_;
  size_t peak_parser_buffer_ = 0;
};

}  // namespace salesync::invites
