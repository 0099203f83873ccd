#include "invites/csv_reader.h"

#include <algorithm>
#include <csv.h>
#include <cstring>

#include "invites/utf8.h"

namespace salesync::invites {

namespace {

constexpr unsigned char kOptions = CSV_STRICT | CSV_STRICT_FINI;

// Only the space character is trimmed around unquoted fields: a tab may be the delimiter.
int IsSpace(unsigned char c) { return c == ' '; }

bool IsBlank(char c) { return c == ' ' || c == '\r' || c == '\n'; }

}  // namespace

Result<size_t> StringSource::Read(char* buffer, size_t max) {
  size_t n = std::min(max, text_.size() - pos_);
  std::memcpy(buffer, text_.data() + pos_, n);
  pos_ += n;
  return n;
}

CsvReader::CsvReader(ByteSource* source, CsvReaderOptions options)
    : source_(source), options_(options), parser_(std::make_unique<csv_parser>()) {
  csv_init(parser_.get(), kOptions);
  csv_set_space_func(parser_.get(), IsSpace);
}

CsvReader::~CsvReader() { csv_free(parser_.get()); }

Status CsvReader::Fill() {
  if (eof_) return OkStatus();
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + options_.chunk_bytes);
  auto n = source_->Read(buf_.data() + old, options_.chunk_bytes);
  if (!n.ok()) {
    buf_.resize(old);
    return n.error();
  }
  buf_.resize(old + *n);
  if (*n == 0) eof_ = true;
  return OkStatus();
}

Status CsvReader::Open() {
  // Read until the first non-blank line is complete, so that the delimiter can be detected from it.
  while (!eof_ && buf_.size() < options_.max_record_bytes) {
    size_t first = buf_.find_first_not_of(" \r\n");
    if (first != std::string::npos && buf_.find_first_of("\r\n", first) != std::string::npos) break;
    if (Status s = Fill(); !s.ok()) return s;
  }
  auto starts_with = [&](std::string_view prefix) { return std::string_view(buf_).substr(0, prefix.size()) == prefix; };
  if (starts_with("\xEF\xBB\xBF")) {
    pos_ = 3;
    encoding_ = "UTF-8 with BOM";
  } else if (starts_with("\xFF\xFE") || starts_with("\xFE\xFF")) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "The file is UTF-16 encoded (a \"Unicode text\" export). Save it as \"CSV UTF-8\" and try again.");
  }
  if (buf_.find_first_not_of(" \r\n", pos_) == std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "The file is empty: expected a header line and one row per user.");
  }
  DetectDelimiter();
  csv_set_delim(parser_.get(), static_cast<unsigned char>(delimiter_));
  return OkStatus();
}

void CsvReader::DetectDelimiter() {
  size_t i = pos_;
  while (i < buf_.size() && IsBlank(buf_[i])) ++i;
  size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (; i < buf_.size(); ++i) {
    char c = buf_[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ',') ++commas;
    else if (c == ';') ++semicolons;
    else if (c == '\t') ++tabs;
  }
  // Ties go to the comma, then the semicolon: the commonest delimiters win when the header is ambiguous.
  delimiter_ = ',';
  size_t best = commas;
  if (semicolons > best) {
    delimiter_ = ';';
    best = semicolons;
  }
  if (tabs > best) delimiter_ = '\t';
}

void CsvReader::OnField(void* data, size_t len, void* self) {
  auto* r = static_cast<CsvReader*>(self);
  r->fields_.emplace_back(static_cast<const char*>(data), len);
}

void CsvReader::OnRecordEnd(int, void* self) {
  auto* r = static_cast<CsvReader*>(self);
  int64_t line = r->in_record_ ? r->record_line_ : r->line_;
  Pending p;
  p.item = Item::kRecord;
  p.record.line = line;
  for (size_t i = 0; i < r->fields_.size(); ++i) {
    if (auto bad = FindInvalidUtf8(r->fields_[i])) {
      p.item = Item::kIssue;
      p.issue = {line, CsvIssueKind::kInvalidUtf8, static_cast<int>(i + 1),
                 "Column " + std::to_string(i + 1) + " is not valid UTF-8 (at byte " + std::to_string(*bad + 1) +
                     " of the value). Save the file as \"CSV UTF-8\"; the row was skipped."};
      break;
    }
  }
  if (p.item == Item::kRecord) p.record.fields = std::move(r->fields_);
  r->pending_.push_back(std::move(p));
  r->fields_.clear();
  r->in_record_ = false;
  r->record_bytes_ = 0;
}

void CsvReader::AddIssue(CsvIssueKind kind, int64_t line, int column, std::string message) {
  Pending p;
  p.item = Item::kIssue;
  p.issue = {line, kind, column, std::move(message)};
  pending_.push_back(std::move(p));
}

void CsvReader::ResetParser() {
  // csv_fini() returns libcsv to its initial state; without CSV_STRICT_FINI it does so even inside an open
  // quote. The callbacks are null, so the partial record is dropped.
  csv_set_opts(parser_.get(), CSV_STRICT);
  csv_fini(parser_.get(), nullptr, nullptr, nullptr);
  csv_set_opts(parser_.get(), kOptions);
  fields_.clear();
  in_record_ = false;
  record_bytes_ = 0;
}

void CsvReader::Feed(const char* data, size_t len) {
  if (parse_failed_) return;  // skipping the rest of a line libcsv rejected
  if (!in_record_) {
    const char* end = data + len;
    if (std::find_if(data, end, [](char c) { return !IsBlank(c); }) != end) {
      in_record_ = true;
      record_line_ = line_;
      record_bytes_ = 0;
    }
  }
  record_bytes_ += len;
  int64_t started = record_line_;
  size_t n = csv_parse(parser_.get(), data, len, OnField, OnRecordEnd, this);
  peak_parser_buffer_ = std::max(peak_parser_buffer_, csv_get_buffer_size(parser_.get()));
  if (n < len) {
    AddIssue(CsvIssueKind::kMalformedQuotes, started, 0,
             "A quote is misplaced: a quoted value must start and end with a quote, and a quote inside it is "
             "written twice (\"\"). The row was skipped.");
    ResetParser();
    parse_failed_ = true;
  } else if (in_record_ && record_bytes_ > options_.max_record_bytes) {
    AddIssue(CsvIssueKind::kRecordTooLong, started, 0,
             "The row is longer than " + std::to_string(options_.max_record_bytes) +
                 " bytes, probably because a quote is never closed. It was skipped up to line " +
                 std::to_string(line_) + ".");
    ResetParser();
    parse_failed_ = true;
  }
}

Status CsvReader::FeedNextSegment() {
  if (pos_ == buf_.size()) {
    if (!eof_) return Fill();
    if (!parse_failed_ && csv_fini(parser_.get(), OnField, OnRecordEnd, this) != 0) {
      AddIssue(CsvIssueKind::kUnterminatedQuote, record_line_, 0,
               "A quoted value that starts on this line is never closed; the rest of the file was skipped.");
      ResetParser();
    }
    finished_ = true;
    return OkStatus();
  }
  size_t t = buf_.find_first_of("\r\n", pos_);
  if (t == std::string::npos) {
    // No line end in the buffer: feed what there is (libcsv keeps its state) and read on.
    Feed(buf_.data() + pos_, buf_.size() - pos_);
    pos_ = buf_.size();
    return OkStatus();
  }
  size_t end = t + 1;
  if (buf_[t] == '\r') {
    if (end == buf_.size() && !eof_) return Fill();  // is it CRLF? look at the next byte first
    if (end < buf_.size() && buf_[end] == '\n') ++end;
  }
  Feed(buf_.data() + pos_, end - pos_);
  pos_ = end;
  ++line_;
  parse_failed_ = false;
  return OkStatus();
}

Result<CsvReader::Item> CsvReader::Next(CsvRecord* record, CsvIssue* issue) {
  while (pending_.empty() && !finished_) {
    if (Status s = FeedNextSegment(); !s.ok()) return s.error();
  }
  if (pending_.empty()) return Item::kEnd;
  Pending p = std::move(pending_.front());
  pending_.pop_front();
  if (p.item == Item::kRecord) *record = std::move(p.record);
  else *issue = std::move(p.issue);
  return p.item;
}

}  // namespace salesync::invites
