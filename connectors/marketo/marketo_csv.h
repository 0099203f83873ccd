// CsvRowReader: the rows of a bulk extract file, fed in chunks as Range downloads arrive.
//
// libcsv (strict mode) does the quoting; this adapter adds what Marketo's files need
// (shared/reference/marketo.md §7: NUL bytes, CR characters, `null` literals, U+2028 inside cells):
//   - only LF ends a record; a CR before it is dropped, a CR elsewhere stays in the cell;
//   - leading and trailing spaces are kept (Marketo e-mails may start with a space);
//   - the first row is the header; every later row must have as many cells (else kPermanent naming the
//     row), so a broken file never turns into shifted values;
//   - NUL bytes and U+2028 are ordinary cell bytes.
// Memory: the chunk being parsed plus the rows not yet taken.
// Thread-safety: not thread-safe; one reader per file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

struct csv_parser;

namespace salesync::connectors::marketo {

class CsvRowReader {
 public:
  explicit CsvRowReader(char delimiter = ',');
  ~CsvRowReader();
  CsvRowReader(const CsvRowReader&) = delete;
  CsvRowReader& operator=(const CsvRowReader&) = delete;

  // Parses the next bytes of the file; complete data rows become available through TakeRows().
  Status Feed(std::string_view bytes);
  // The end of the file: the last row (without a final line break) is completed.
  Status Finish();

  const std::vector<std::string>& header() const { return header_; }
  // Data rows completed since the last call, in file order.
  std::vector<std::vector<std::string>> TakeRows();
  int64_t rows_read() const { return rows_read_; }

 private:
  static void OnField(void* data, size_t len, void* self);
  static void OnRow(int terminator, void* self);
  void EndRow();

  std::unique_ptr<csv_parser> parser_;
  std::vector<std::string> header_;
  std::vector<std::string> current_;
  std::vector<std::vector<std::string>> ready_;
  int64_t rows_read_ = 0;
  bool have_header_ = false;
  std::string problem_;
};

}  // namespace salesync::connectors::marketo
