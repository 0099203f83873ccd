#include "connectors/marketo/marketo_time.h"

#include <cstdio>

namespace salesync::connectors::marketo {

namespace {

constexpr int64_t kDayMillis = 86400000;
constexpr int64_t kHourMillis = 3600000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// "+HH:MM", "+HHMM" or "+HH" (also '-', and ' ' for an unencoded '+') at *pos; minutes east of UTC.
bool ParseOffset(std::string_view s, size_t* pos, int* minutes) {
  char sign = s[*pos];
  size_t p = *pos + 1;
  int h = 0, m = 0;
  if (!Digits(s, p, 2, &h)) return false;
  p += 2;
  if (p < s.size() && s[p] == ':') ++p;
  if (p < s.size()) {
    if (!Digits(s, p, 2, &m)) return false;
    p += 2;
  }
  if (h > 23 || m > 59) return false;
  *minutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
  *pos = p;
  return true;
}

// The n-th Sunday of a month, in days since the epoch.
int64_t NthSunday(int64_t year, unsigned month, int nth) {
  int64_t first = DaysFromCivil(year, month, 1);
  int64_t weekday = ((first + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
  return first + (7 - weekday) % 7 + 7 * (nth - 1);
}

// US Central's offset from UTC at `unix_millis`: -5 h from the second Sunday of March 02:00 local to the
// first Sunday of November 02:00 local, -6 h otherwise.
int64_t CentralOffsetMillis(int64_t unix_millis) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(FloorDiv(unix_millis, kDayMillis), &y, &m, &d);
  int64_t start = NthSunday(y, 3, 2) * kDayMillis + 8 * kHourMillis;
  int64_t end = NthSunday(y, 11, 1) * kDayMillis + 7 * kHourMillis;
  return (unix_millis >= start && unix_millis < end ? -5 : -6) * kHourMillis;
}

}  // namespace

std::optional<int64_t> ParseDatetime(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  int Y = 0, M = 0, D = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 10 || !Digits(s, 0, 4, &Y) || s[4] != '-' || !Digits(s, 5, 2, &M) || s[7] != '-' ||
      !Digits(s, 8, 2, &D) || M < 1 || M > 12 || D < 1 || D > 31) {
    return std::nullopt;
  }
  int64_t fraction = 0;
  int offset_minutes = 0;
  size_t p = 10;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return std::nullopt;
    ++p;
    if (!Digits(s, p, 2, &h) || p + 2 >= s.size() || s[p + 2] != ':' || !Digits(s, p + 3, 2, &mi)) return std::nullopt;
    p += 5;
    if (p < s.size() && s[p] == ':') {
      if (!Digits(s, p + 1, 2, &sec)) return std::nullopt;
      p += 3;
    }
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      int digits = 0;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        if (digits < 3) fraction = fraction * 10 + (s[p] - '0');
        ++digits;
        ++p;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 3; ++i) fraction *= 10;
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
      ++p;
      // "Z+0000": the asset API writes both; the Z decides.
      int ignored = 0;
      if (p < s.size() && (s[p] == '+' || s[p] == '-') && !ParseOffset(s, &p, &ignored)) return std::nullopt;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-' || s[p] == ' ')) {
      if (!ParseOffset(s, &p, &offset_minutes)) return std::nullopt;
    }
    if (p != s.size()) return std::nullopt;
  }
  int64_t days = DaysFromCivil(Y, static_cast<unsigned>(M), static_cast<unsigned>(D));
  return ((days * 86400 + h * 3600 + mi * 60 + sec) - offset_minutes * 60LL) * 1000 + fraction;
}

std::string FormatDatetime(int64_t unix_millis) {
  int64_t secs = FloorDiv(unix_millis, 1000);
  int64_t days = FloorDiv(secs, 86400);
  int64_t rem = secs - days * 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buf;
}

int64_t CentralDay(int64_t unix_millis) { return FloorDiv(unix_millis + CentralOffsetMillis(unix_millis), kDayMillis); }

int64_t NextCentralMidnight(int64_t unix_millis) {
  int64_t next_day = CentralDay(unix_millis) + 1;
  // Local midnight = day * 24 h - offset. Clocks change at 02:00 local, so the offset in force at midnight
  // is the one at 06:00 UTC of that date (00:00 or 01:00 local).
  return next_day * kDayMillis - CentralOffsetMillis(next_day * kDayMillis + 6 * kHourMillis);
}

}  // namespace salesync::connectors::marketo
