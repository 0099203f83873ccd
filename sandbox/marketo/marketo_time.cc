#include "sandbox/marketo/marketo_time.h"

#include <cstdio>

namespace salesync::sandbox::marketo {

namespace {

constexpr int64_t kDayMillis = 86400000;

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

// Parses "+HH:MM", "+HHMM", "+HH", "-..." at `pos`; returns the offset in minutes and advances pos.
bool ParseOffset(std::string_view s, size_t* pos, int* minutes) {
  char sign = s[*pos];
  int h = 0, m = 0;
  size_t p = *pos + 1;
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

// Second Sunday of March and first Sunday of November, at 02:00 local (08:00 / 07:00 UTC).
int64_t NthSundayDays(int64_t year, unsigned month, int nth) {
  int64_t first = DaysFromCivil(year, month, 1);
  int64_t weekday = (first + 4) % 7;  // 1970-01-01 was a Thursday (4); 0 = Sunday
  if (weekday < 0) weekday += 7;
  int64_t first_sunday = first + (7 - weekday) % 7;
  return first_sunday + 7 * (nth - 1);
}

// Offset of US Central from UTC at `unix_millis`, in milliseconds (-5 h in summer, -6 h otherwise).
int64_t CentralOffsetMillis(int64_t unix_millis) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(unix_millis / kDayMillis, &y, &m, &d);
  int64_t dst_start = NthSundayDays(y, 3, 2) * kDayMillis + 8 * 3600000LL;  // 02:00 CST = 08:00 UTC
  int64_t dst_end = NthSundayDays(y, 11, 1) * kDayMillis + 7 * 3600000LL;   // 02:00 CDT = 07:00 UTC
  bool dst = unix_millis >= dst_start && unix_millis < dst_end;
  return (dst ? -5 : -6) * 3600000LL;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

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

std::optional<ParsedDatetime> ParseMarketoDatetime(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int Y = 0, M = 0, D = 0, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, &Y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &M) || s[7] != '-' ||
      !Digits(s, 8, 2, &D)) {
    return std::nullopt;
  }
  if (M < 1 || M > 12 || D < 1 || D > 31) return std::nullopt;
  ParsedDatetime out;
  size_t p = 10;
  int fraction_millis = 0;
  int offset_minutes = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return std::nullopt;
    ++p;
    if (!Digits(s, p, 2, &h) || p + 2 >= s.size() || s[p + 2] != ':' || !Digits(s, p + 3, 2, &mi)) return std::nullopt;
    p += 5;
    if (p < s.size() && s[p] == ':') {
      if (!Digits(s, p + 1, 2, &sec)) return std::nullopt;
      p += 3;
    }
    if (p < s.size() && s[p] == '.') {
      out.had_fraction = true;
      ++p;
      int digits = 0;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        if (digits < 3) fraction_millis = fraction_millis * 10 + (s[p] - '0');
        ++digits;
        ++p;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 3; ++i) fraction_millis *= 10;
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    // Zone: "Z", "Z+0000" (the asset API's spelling), "+hh:mm", "+hhmm", or " hh:mm" (an unencoded '+').
    if (p < s.size() && s[p] == 'Z') {
      out.had_zone = true;
      ++p;
      if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
        int ignored = 0;
        if (!ParseOffset(s, &p, &ignored)) return std::nullopt;
      }
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-' || s[p] == ' ')) {
      std::string fixed(s.substr(p));
      if (fixed[0] == ' ') fixed[0] = '+';
      size_t q = 0;
      if (!ParseOffset(fixed, &q, &offset_minutes)) return std::nullopt;
      out.had_zone = true;
      p += q;
    }
    if (p != s.size()) return std::nullopt;
  }
  int64_t days = DaysFromCivil(Y, static_cast<unsigned>(M), static_cast<unsigned>(D));
  out.unix_millis = ((days * 86400 + h * 3600 + mi * 60 + sec) - offset_minutes * 60LL) * 1000 + fraction_millis;
  return out;
}

namespace {
std::string Format(int64_t unix_millis, const char* zone) {
  int64_t secs = FloorDiv(unix_millis, 1000);
  int64_t days = FloorDiv(secs, 86400);
  int64_t rem = secs - days * 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld%s", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60), zone);
  return buf;
}
}  // namespace

std::string FormatLeadDatetime(int64_t unix_millis) { return Format(unix_millis, "Z"); }
std::string FormatActivityDatetime(int64_t unix_millis) { return Format(unix_millis, "+0000"); }

int64_t CentralDay(int64_t unix_millis) {
  return FloorDiv(unix_millis + CentralOffsetMillis(unix_millis), kDayMillis);
}

int64_t CentralDayStartMillis(int64_t day) {
  // Midnight local = day*24h - offset; the offset at midnight is the one of the day before's evening.
  int64_t guess = day * kDayMillis + 6 * 3600000LL;
  return day * kDayMillis - CentralOffsetMillis(guess);
}

std::string FormatDay(int64_t day) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

}  // namespace salesync::sandbox::marketo
