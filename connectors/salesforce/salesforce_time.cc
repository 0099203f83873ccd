#include "connectors/salesforce/salesforce_time.h"

#include <cstdio>

namespace salesync::connectors::salesforce {

namespace {

constexpr int64_t kMillisPerDay = 86400000;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, UTC).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

bool Digits(std::string_view s, size_t at, size_t n, int64_t* out) {
  if (at + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int64_t DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

Error Malformed(std::string_view text) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "\"" + std::string(text.substr(0, 64)) + "\" is not a Salesforce dateTime (YYYY-MM-DDThh:mm:ss.sss+0000).");
}

}  // namespace

Result<int64_t> ParseSalesforceDateTime(std::string_view s) {
  int64_t year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) || s[7] != '-' ||
      !Digits(s, 8, 2, &day) || s[10] != 'T' || !Digits(s, 11, 2, &hour) || s[13] != ':' ||
      !Digits(s, 14, 2, &minute) || s[16] != ':' || !Digits(s, 17, 2, &second)) {
    return Malformed(s);
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return Malformed(s);
  }
  size_t i = 19;
  int64_t millis = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[i] - '0');  // truncate beyond ms, never round up
      ++digits;
      ++i;
    }
    if (digits == 0 || digits > 9) return Malformed(s);
    for (size_t k = digits; k < 3; ++k) millis *= 10;
  }
  int64_t offset_minutes = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      int sign = s[i] == '-' ? -1 : 1;
      int64_t oh = 0, om = 0;
      size_t rest = s.size() - i - 1;
      bool ok = false;
      if (rest == 2) ok = Digits(s, i + 1, 2, &oh);                                          // +hh
      else if (rest == 4) ok = Digits(s, i + 1, 2, &oh) && Digits(s, i + 3, 2, &om);         // +hhmm
      else if (rest == 5) ok = Digits(s, i + 1, 2, &oh) && s[i + 3] == ':' && Digits(s, i + 4, 2, &om);  // +hh:mm
      if (!ok || oh > 23 || om > 59) return Malformed(s);
      offset_minutes = sign * (oh * 60 + om);
      i = s.size();
    } else {
      return Malformed(s);
    }
  }
  if (i != s.size()) return Malformed(s);
  int64_t days = DaysFromCivil(year, month, day);
  int64_t ms = days * kMillisPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return ms - offset_minutes * 60000;
}

Result<std::string> FormatSoqlDateTime(int64_t unix_ms) {
  int64_t days = unix_ms >= 0 ? unix_ms / kMillisPerDay : -((-unix_ms + kMillisPerDay - 1) / kMillisPerDay);
  int64_t in_day = unix_ms - days * kMillisPerDay;
  int64_t y, m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 1 || y > 9999) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "The time " + std::to_string(unix_ms) + " ms is outside the years SOQL can express (0001..9999).");
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(in_day / 3600000),
                static_cast<long long>(in_day / 60000 % 60), static_cast<long long>(in_day / 1000 % 60),
                static_cast<long long>(in_day % 1000));
  return std::string(buf);
}

}  // namespace salesync::connectors::salesforce
