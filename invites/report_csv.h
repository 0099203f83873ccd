// Invitation reports exported as CSV, safe to open in a spreadsheet.
//
// A cell that starts with '=', '+', '-', '@', a tab or a carriage return would be run as a formula by
// Excel or LibreOffice ("CSV injection"); such cells get a leading apostrophe, which spreadsheets show as
// text. Cells are quoted per RFC 4180 when they contain a comma, quote or line break. Lines end in CRLF.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace salesync::invites {

// One cell, neutralised and quoted as needed.
std::string CsvCell(std::string_view value);
// One line of cells, CRLF-terminated.
std::string CsvLine(const std::vector<std::string>& cells);

// row,email,outcome,reason — from the JSON of a send report (SendReportToJson).
std::string SendReportCsv(const nlohmann::json& report);
// row,kind,email,message — the problems of a preview (PreviewToJson).
std::string PreviewProblemsCsv(const nlohmann::json& preview);

}  // namespace salesync::invites
