// RenderTextTable: an aligned plain-text table that fits a terminal width. Columns wider than their share
// are narrowed (widest first) and their cells cut with "…"; nothing wraps, so one row stays one line.
// Widths count characters (code points); control characters print as spaces.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace salesync::mapping {

struct TextTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // each as many cells as headers
  std::string indent;                          // printed before every line
};

// Columns are separated by two spaces; the header is underlined with '-'. A table that cannot fit even
// with every column at 4 characters is printed at that minimum.
std::string RenderTextTable(const TextTable& table, size_t width);

}  // namespace salesync::mapping
