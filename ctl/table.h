// Table: aligned text tables for salesyncctl output. Column widths follow the display width of UTF-8
// text (Hangul and CJK characters take two columns), so Korean or Swedish names line up too.
// Thread-safety: value type.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace salesync::ctl {

// Columns a terminal uses to show `text`.
size_t DisplayWidth(std::string_view text);

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  // Prints with `indent` spaces before each line; line breaks inside cells become spaces.
  void Print(FILE* out, int indent = 0) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace salesync::ctl
