#include "connectors/marketo/marketo_csv.h"

#include <csv.h>

namespace salesync::connectors::marketo {

namespace {

int NoSpace(unsigned char) { return 0; }
int OnlyLf(unsigned char c) { return c == '\n'; }

}  // namespace

CsvRowReader::CsvRowReader(char delimiter) : parser_(std::make_unique<csv_parser>()) {
  csv_init(parser_.get(), CSV_STRICT | CSV_STRICT_FINI);
  csv_set_delim(parser_.get(), static_cast<unsigned char>(delimiter));
  csv_set_space_func(parser_.get(), NoSpace);
  csv_set_term_func(parser_.get(), OnlyLf);
}

CsvRowReader::~CsvRowReader() { csv_free(parser_.get()); }

void CsvRowReader::OnField(void* data, size_t len, void* self) {
  auto* r = static_cast<CsvRowReader*>(self);
  r->current_.emplace_back(static_cast<const char*>(data), len);
}

void CsvRowReader::OnRow(int, void* self) { static_cast<CsvRowReader*>(self)->EndRow(); }

void CsvRowReader::EndRow() {
  std::vector<std::string> row = std::move(current_);
  current_.clear();
  if (!row.empty() && !row.back().empty() && row.back().back() == '\r') row.back().pop_back();
  if (row.size() == 1 && row[0].empty()) return;  // a blank line
  if (!problem_.empty()) return;
  if (!have_header_) {
    header_ = std::move(row);
    have_header_ = true;
    return;
  }
  ++rows_read_;
  if (row.size() != header_.size()) {
    problem_ = "Row " + std::to_string(rows_read_) + " of the export has " + std::to_string(row.size()) +
               " cells where the header has " + std::to_string(header_.size()) + ".";
    return;
  }
  ready_.push_back(std::move(row));
}

Status CsvRowReader::Feed(std::string_view bytes) {
  size_t n = csv_parse(parser_.get(), bytes.data(), bytes.size(), OnField, OnRow, this);
  if (n != bytes.size()) {
    return MakeError(ErrorCode::kPermanent,
                     std::string("The export file is not valid CSV: ") + csv_strerror(csv_error(parser_.get())) + ".",
                     "bulk file row " + std::to_string(rows_read_ + 1));
  }
  if (!problem_.empty()) return MakeError(ErrorCode::kPermanent, problem_, "bulk file");
  return OkStatus();
}

Status CsvRowReader::Finish() {
  if (csv_fini(parser_.get(), OnField, OnRow, this) != 0) {
    return MakeError(ErrorCode::kPermanent, "The export file ends inside a quoted cell.", "bulk file");
  }
  if (!problem_.empty()) return MakeError(ErrorCode::kPermanent, problem_, "bulk file");
  return OkStatus();
}

std::vector<std::vector<std::string>> CsvRowReader::TakeRows() {
  std::vector<std::vector<std::string>> out = std::move(ready_);
  ready_.clear();
  return out;
}

}  // namespace salesync::connectors::marketo
