#include "mapping/text_table.h"

#include <algorithm>

#include "mapping/text.h"

namespace salesync::mapping {

namespace {

constexpr size_t kGap = 2;
constexpr size_t kMinColumn = 4;

void AppendPadded(std::string& out, const std::string& cell, size_t width, bool last) {
  std::string fitted = FitToWidth(cell, width);
  out += fitted;
  if (!last) out.append(width - CountChars(fitted) + kGap, ' ');
}

}  // namespace

std::string RenderTextTable(const TextTable& table, size_t width) {
  size_t columns = table.headers.size();
  if (columns == 0) return "";
  std::vector<size_t> widths(columns, 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < columns && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], CountChars(FitToWidth(row[c], static_cast<size_t>(-1) / 2)));
    }
  };
  measure(table.headers);
  for (const auto& row : table.rows) measure(row);
  for (auto& w : widths) w = std::max<size_t>(w, 1);
  size_t budget = width > table.indent.size() ? width - table.indent.size() : 0;
  auto total = [&] {
    size_t t = kGap * (columns - 1);
    for (size_t w : widths) t += w;
    return t;
  };
  while (total() > budget) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= kMinColumn) break;
    --*widest;
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    out += table.indent;
    for (size_t c = 0; c < columns; ++c) AppendPadded(out, c < row.size() ? row[c] : "", widths[c], c + 1 == columns);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  line(table.headers);
  out += table.indent;
  for (size_t c = 0; c < columns; ++c) {
    out.append(widths[c], '-');
    if (c + 1 < columns) out.append(kGap, ' ');
  }
  out += '\n';
  for (const auto& row : table.rows) line(row);
  return out;
}

}  // namespace salesync::mapping
