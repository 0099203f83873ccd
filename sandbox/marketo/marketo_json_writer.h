// Hand-rolled JSON output for the hot paths of paged reads (300 leads or activities a page). Building
// an nlohmann::json tree per record and dumping it costs several times more than appending text, and
// the sandbox must not be what a benchmark measures (>= 50,000 records/s on two cores).
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace salesync::sandbox::marketo {

// Appends `s` as a JSON string literal (quotes, escapes; UTF-8 passes through).
void AppendJsonString(std::string& out, std::string_view s);
// Appends a value: strings, integers, booleans and null directly; anything else through dump().
void AppendJsonValue(std::string& out, const nlohmann::json& v);
// Appends "\"key\":".
inline void AppendJsonKey(std::string& out, std::string_view key) {
  AppendJsonString(out, key);
  out += ':';
}

}  // namespace salesync::sandbox::marketo
