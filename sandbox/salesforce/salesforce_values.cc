#include "sandbox/salesforce/salesforce_values.h"

#include <cmath>
#include <cstdio>

namespace salesync::sandbox::salesforce {

namespace {

// Howard Hinnant's civil-from-days.
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<int64_t> ParseDateAt(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, m) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Value::operator==(const Value& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kNull: return true;
    case Kind::kText: return text == o.text;
    case Kind::kBool: return boolean == o.boolean;
    case Kind::kNumber: return number == o.number;
    case Kind::kDateTime:
    case Kind::kDate: return time == o.time;
  }
  return false;
}

int CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : (a.is_null() ? -1 : 1);
  switch (a.kind) {
    case Value::Kind::kText: {
      size_t n = std::min(a.text.size(), b.text.size());
      for (size_t i = 0; i < n; ++i) {
        unsigned char x = static_cast<unsigned char>(a.text[i]), y = static_cast<unsigned char>(b.text[i]);
        if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
        if (x != y) return x < y ? -1 : 1;
      }
      return a.text.size() == b.text.size() ? 0 : (a.text.size() < b.text.size() ? -1 : 1);
    }
    case Value::Kind::kBool: return a.boolean == b.boolean ? 0 : (a.boolean ? 1 : -1);
    case Value::Kind::kNumber: return a.number == b.number ? 0 : (a.number < b.number ? -1 : 1);
    case Value::Kind::kDateTime:
    case Value::Kind::kDate: return a.time == b.time ? 0 : (a.time < b.time ? -1 : 1);
    case Value::Kind::kNull: return 0;
  }
  return 0;
}

std::string FormatSalesforceDateTime(int64_t unix_millis) {
  int64_t secs = unix_millis >= 0 ? unix_millis / 1000 : (unix_millis - 999) / 1000;
  int64_t millis = unix_millis - secs * 1000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lld+0000", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60), static_cast<long long>(millis));
  return buf;
}

std::string FormatDate(int64_t epoch_days) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(epoch_days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::optional<int64_t> ParseDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  return ParseDateAt(s);
}

std::optional<int64_t> ParseDateTime(std::string_view s, bool allow_compact_offset) {
  auto days = ParseDateAt(s);
  if (!days || s.size() < 19 || (s[10] != 'T' && s[10] != 't')) return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!Digits(s, 11, 2, hh) || s[13] != ':' || !Digits(s, 14, 2, mm) || s[16] != ':' || !Digits(s, 17, 2, ss)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (scale > 0) millis += (s[pos] - '0') * scale;  // digits past milliseconds are truncated
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  int64_t offset_minutes = 0;
  if (pos >= s.size()) return std::nullopt;  // SOQL needs the zone
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '+' ? 1 : -1;
    int oh = 0, om = 0;
    if (Digits(s, pos + 1, 2, oh) && pos + 3 < s.size() && s[pos + 3] == ':' && Digits(s, pos + 4, 2, om)) {
      pos += 6;
    } else if (allow_compact_offset && Digits(s, pos + 1, 2, oh) && Digits(s, pos + 3, 2, om)) {
      pos += 5;
    } else {
      return std::nullopt;
    }
    if (oh > 14 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t secs = *days * 86400 + hh * 3600 + mm * 60 + ss - offset_minutes * 60;
  return secs * 1000 + millis;
}

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void AppendJsonValue(std::string& out, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: out += "null"; return;
    case Value::Kind::kText: AppendJsonString(out, v.text); return;
    case Value::Kind::kBool: out += v.boolean ? "true" : "false"; return;
    case Value::Kind::kNumber: {
      if (std::isfinite(v.number) && v.number == std::floor(v.number) && std::fabs(v.number) < 1e15) {
        out += std::to_string(static_cast<int64_t>(v.number));
      } else {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v.number);
        out += buf;
      }
      return;
    }
    case Value::Kind::kDateTime: out += '"'; out += FormatSalesforceDateTime(v.time); out += '"'; return;
    case Value::Kind::kDate: out += '"'; out += FormatDate(v.time); out += '"'; return;
  }
}

nlohmann::json ValueToJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kText: return v.text;
    case Value::Kind::kBool: return v.boolean;
    case Value::Kind::kNumber:
      if (v.number == std::floor(v.number) && std::fabs(v.number) < 1e15) return static_cast<int64_t>(v.number);
      return v.number;
    case Value::Kind::kDateTime: return FormatSalesforceDateTime(v.time);
    case Value::Kind::kDate: return FormatDate(v.time);
  }
  return nullptr;
}

}  // namespace salesync::sandbox::salesforce
