// Field values of emulated Salesforce records and their wire formats.
//
// A Value is what one field of one record holds: null, text, a boolean, a number, a dateTime (epoch
// milliseconds, UTC) or a date (epoch days). Salesforce prints dateTimes as "2013-05-20T20:49:32.000+0000"
// (UTC, milliseconds, offset without a colon) and dates as "2013-05-20"; SOQL accepts dateTime literals
// with "Z" or "±hh:mm" and optional fractional seconds. The JSON writer here is the fast path for query
// pages (thousands of records per response); everything else uses nlohmann::json.
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace salesync::sandbox::salesforce {

struct Value {
  enum class Kind { kNull, kText, kBool, kNumber, kDateTime, kDate };
  Kind kind = Kind::kNull;
  std::string text;
  bool boolean = false;
  double number = 0;
  int64_t time = 0;  // kDateTime: epoch milliseconds; kDate: epoch days

  static Value Null() { return {}; }
  static Value Text(std::string s) { Value v; v.kind = Kind::kText; v.text = std::move(s); return v; }
  static Value Bool(bool b) { Value v; v.kind = Kind::kBool; v.boolean = b; return v; }
  static Value Number(double n) { Value v; v.kind = Kind::kNumber; v.number = n; return v; }
  static Value DateTime(int64_t millis) { Value v; v.kind = Kind::kDateTime; v.time = millis; return v; }
  static Value Date(int64_t days) { Value v; v.kind = Kind::kDate; v.time = days; return v; }

  bool is_null() const { return kind == Kind::kNull; }
  bool operator==(const Value& o) const;
};

// Orders two values of the same kind (nulls first); text compares case-insensitively as SOQL does.
int CompareValues(const Value& a, const Value& b);

// "2013-05-20T20:49:32.000+0000".
std::string FormatSalesforceDateTime(int64_t unix_millis);
// "2013-05-20".
std::string FormatDate(int64_t epoch_days);
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// Parses a dateTime: "YYYY-MM-DDThh:mm:ss" + optional ".f…" + ("Z" | "±hh:mm" | "±hhmm" when
// `allow_compact_offset`). Returns epoch milliseconds, nullopt when malformed.
std::optional<int64_t> ParseDateTime(std::string_view s, bool allow_compact_offset);
// Parses "YYYY-MM-DD" into epoch days.
std::optional<int64_t> ParseDate(std::string_view s);

// Appends `s` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view s);
// Appends the value as Salesforce's JSON prints it.
void AppendJsonValue(std::string& out, const Value& v);
nlohmann::json ValueToJson(const Value& v);

}  // namespace salesync::sandbox::salesforce
