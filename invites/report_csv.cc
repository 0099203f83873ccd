#include "invites/report_csv.h"

namespace salesync::invites {

namespace {

std::string Text(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return "";
  const auto& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

}  // namespace

std::string CsvCell(std::string_view value) {
  std::string cell;
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r')) {
    cell += '\'';
  }
  cell += value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvCell(cells[i]);
  }
  line += "\r\n";
  return line;
}

std::string SendReportCsv(const nlohmann::json& report) {
  std::string out = CsvLine({"row", "email", "outcome", "reason"});
  if (report.contains("entries")) {
    for (const auto& e : report["entries"]) {
      out += CsvLine({Text(e, "row"), Text(e, "email"), Text(e, "outcome"), Text(e, "reason")});
    }
  }
  return out;
}

std::string PreviewProblemsCsv(const nlohmann::json& preview) {
  std::string out = CsvLine({"row", "kind", "email", "message"});
  if (preview.contains("problems")) {
    for (const auto& p : preview["problems"]) {
      out += CsvLine({Text(p, "row"), Text(p, "kind"), Text(p, "email"), Text(p, "message")});
    }
  }
  return out;
}

}  // namespace salesync::invites
