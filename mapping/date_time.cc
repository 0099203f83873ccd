#include "mapping/date_time.h"

#include <charconv>
#include <climits>
#include <sstream>

#include <date/date.h>
#include <date/tz.h>

namespace salesync::mapping {

namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Years 0000–9999 in milliseconds since the epoch: the range every format here can write back.
constexpr int64_t kMinMs = -62167219200000;  // 0000-01-01T00:00:00Z
constexpr int64_t kMaxMs = 253402300799999;  // 9999-12-31T23:59:59.999Z

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

void Append2(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

void AppendYear(std::string& out, int y) {
  if (y < 0 || y > 9999) {
    out += std::to_string(y);
    return;
  }
  Append2(out, static_cast<unsigned>(y / 100));
  Append2(out, static_cast<unsigned>(y % 100));
}

void AppendDate(std::string& out, date::sys_days day) {
  date::year_month_day ymd{day};
  AppendYear(out, static_cast<int>(ymd.year()));
  out += '-';
  Append2(out, static_cast<unsigned>(ymd.month()));
  out += '-';
  Append2(out, static_cast<unsigned>(ymd.day()));
}

void AppendOffset(std::string& out, seconds offset) {
  int64_t total = offset.count() / 60;
  out += total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  Append2(out, static_cast<unsigned>(total / 60));
  out += ':';
  Append2(out, static_cast<unsigned>(total % 60));
}

std::string Hhmm(milliseconds local) {
  auto day = date::floor<date::days>(local);
  date::hh_mm_ss<milliseconds> t{local - day};
  std::string out;
  Append2(out, static_cast<unsigned>(t.hours().count()));
  out += ':';
  Append2(out, static_cast<unsigned>(t.minutes().count()));
  return out;
}

bool ParseInt64(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  const char* begin = s.data();
  if (*begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool IsUtcName(const std::string& name) { return name == "UTC" || name == "Etc/UTC" || name == "GMT" || name == "Etc/GMT"; }

}  // namespace

bool ParseIso8601(std::string_view s, milliseconds& since_epoch, bool& has_offset, bool& date_only) {
  int y = 0, mo = 0, d = 0;
  if (s.size() < 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return false;
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  milliseconds t = date::sys_days{ymd}.time_since_epoch();
  has_offset = false;
  date_only = s.size() == 10;
  if (date_only) {
    since_epoch = t;
    return true;
  }
  int h = 0, mi = 0, sec = 0;
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' ||
      !Digits(s, 14, 2, mi) || h > 23 || mi > 59) {
    return false;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, sec) || sec > 59) return false;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t start = pos;
      int ms = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (pos - start < 3) ms = ms * 10 + (s[pos] - '0');
        ++pos;
      }
      if (pos == start || pos - start > 9) return false;
      for (size_t k = pos - start; k < 3; ++k) ms *= 10;
      t += milliseconds(ms);
    }
  }
  t += std::chrono::hours(h) + minutes(mi) + seconds(sec);
  if (pos == s.size()) {
    since_epoch = t;
    return true;
  }
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    has_offset = true;
    since_epoch = t;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  int oh = 0, om = 0;
  if (!Digits(s, pos + 1, 2, oh)) return false;
  size_t rest = pos + 3;
  if (rest < s.size()) {
    if (s[rest] == ':') ++rest;
    if (!Digits(s, rest, 2, om) || rest + 2 != s.size()) return false;
  }
  if (oh > 18 || om > 59) return false;
  has_offset = true;
  since_epoch = t - sign * (std::chrono::hours(oh) + minutes(om));
  return true;
}

Result<DateTimeConverter> DateTimeConverter::Create(const config::TransformSpec& spec) {
  DateTimeConverter c;
  auto form = [](const std::string& f, Form& out, std::string& pattern) -> bool {
    if (f == config::kFormatIso8601) out = Form::kIso8601;
    else if (f == config::kFormatDate) out = Form::kDate;
    else if (f == config::kFormatEpochMs) out = Form::kEpochMs;
    else if (f == config::kFormatEpochSecs) out = Form::kEpochSecs;
    else {
      std::string problem;
      if (!config::CheckDateTimePattern(f, &problem)) return false;
      out = Form::kPattern;
      pattern = f;
    }
    return true;
  };
  if (!form(spec.from, c.from_, c.from_pattern_) || !form(spec.to, c.to_, c.to_pattern_)) {
    return MakeError(ErrorCode::kConfig, "The datetime transform has an unusable format (\"" + spec.from + "\" → \"" +
                                             spec.to + "\").");
  }
  c.from_pattern_has_offset_ = c.from_pattern_.find("%z") != std::string::npos ||
                               c.from_pattern_.find("%Ez") != std::string::npos ||
                               c.from_pattern_.find("%Oz") != std::string::npos;
  try {
    if (!IsUtcName(spec.time_zone)) c.zone_ = date::locate_zone(spec.time_zone);
    if (!IsUtcName(spec.to_time_zone)) c.to_zone_ = date::locate_zone(spec.to_time_zone);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kConfig, "Unknown time zone in the datetime transform (\"" + spec.time_zone + "\", \"" +
                                             spec.to_time_zone + "\"): " + e.what());
  }
  c.zone_name_ = spec.time_zone;
  return c;
}

DateTimeConverter::Outcome DateTimeConverter::ResolveLocal(milliseconds local, SysMs& out, std::string* why) const {
  if (zone_ == nullptr) {
    out = SysMs(local);
    return Outcome::kOk;
  }
  date::local_seconds ls{date::floor<seconds>(local)};
  date::local_info info = zone_->get_info(ls);
  out = SysMs(local - milliseconds(info.first.offset));
  if (info.result == date::local_info::unique) return Outcome::kOk;
  if (why) {
    if (info.result == date::local_info::nonexistent) {
      seconds gap = info.second.offset - info.first.offset;
      *why = Hhmm(local) + " does not exist in " + zone_name_ + " (clocks moved forward); moved " +
             std::to_string(gap.count() / 60) + " minutes later, to " +
             Hhmm(local + milliseconds(gap));
    } else {
      std::string offset;
      AppendOffset(offset, info.first.offset);
      *why = Hhmm(local) + " happens twice in " + zone_name_ + " (clocks moved back); took the first, at " + offset;
    }
  }
  return Outcome::kShifted;
}

DateTimeConverter::Outcome DateTimeConverter::Parse(std::string_view in, SysMs& out, std::string* why) const {
  auto invalid = [&](const std::string& expected) {
    if (why) *why = "not a date/time in the expected format (" + expected + ")";
    return Outcome::kInvalid;
  };
  switch (from_) {
    case Form::kIso8601:
    case Form::kDate: {
      milliseconds t{};
      bool has_offset = false, date_only = false;
      if (!ParseIso8601(in, t, has_offset, date_only) || (from_ == Form::kDate && !date_only)) {
        return invalid(from_ == Form::kDate ? "YYYY-MM-DD" : "ISO 8601 such as 2024-03-31T14:05:00Z");
      }
      if (has_offset) {
        out = SysMs(t);
        return Outcome::kOk;
      }
      return ResolveLocal(t, out, why);
    }
    case Form::kEpochMs:
    case Form::kEpochSecs: {
      int64_t v = 0;
      bool ms = from_ == Form::kEpochMs;
      if (!ParseInt64(in, v)) return invalid(ms ? "milliseconds since 1970, an integer" : "seconds since 1970, an integer");
      if (!ms && (v > kMaxMs / 1000 || v < kMinMs / 1000)) return invalid("a time between the years 0 and 9999");
      if (!ms) v *= 1000;
      if (v > kMaxMs || v < kMinMs) return invalid("a time between the years 0 and 9999");
      out = SysMs(milliseconds(v));
      return Outcome::kOk;
    }
    case Form::kPattern: {
      std::istringstream is{std::string(in)};
      date::local_time<milliseconds> tp{};
      minutes offset{0};
      // GCC 12 reports a maybe-uninitialized seconds value inside date.h's parser (a false positive: it is
      // only read when %S matched); keep -Werror for everything else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
      date::from_stream(is, from_pattern_.c_str(), tp, static_cast<std::string*>(nullptr), &offset);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
      if (is.fail() || is.peek() != std::char_traits<char>::eof()) return invalid("\"" + from_pattern_ + "\"");
      milliseconds local = tp.time_since_epoch();
      if (local.count() > kMaxMs || local.count() < kMinMs) return invalid("a time between the years 0 and 9999");
      if (from_pattern_has_offset_) {
        out = SysMs(local - milliseconds(offset));
        return Outcome::kOk;
      }
      return ResolveLocal(local, out, why);
    }
  }
  return invalid("a date/time");
}

void DateTimeConverter::Format(SysMs instant, std::string& out) const {
  out.clear();
  seconds offset{0};
  if (to_zone_ != nullptr) offset = to_zone_->get_info(date::floor<seconds>(instant)).offset;
  milliseconds local = instant.time_since_epoch() + milliseconds(offset);
  switch (to_) {
    case Form::kIso8601: {
      auto day = date::floor<date::days>(local);
      date::hh_mm_ss<milliseconds> t{local - day};
      AppendDate(out, date::sys_days{day});
      out += 'T';
      Append2(out, static_cast<unsigned>(t.hours().count()));
      out += ':';
      Append2(out, static_cast<unsigned>(t.minutes().count()));
      out += ':';
      Append2(out, static_cast<unsigned>(t.seconds().count()));
      out += '.';
      unsigned ms = static_cast<unsigned>(t.subseconds().count());
      out += static_cast<char>('0' + ms / 100);
      Append2(out, ms % 100);
      if (to_zone_ == nullptr) out += 'Z';
      else AppendOffset(out, offset);
      return;
    }
    case Form::kDate:
      AppendDate(out, date::sys_days{date::floor<date::days>(local)});
      return;
    case Form::kEpochMs:
      out = std::to_string(instant.time_since_epoch().count());
      return;
    case Form::kEpochSecs:
      out = std::to_string(date::floor<seconds>(instant).time_since_epoch().count());
      return;
    case Form::kPattern: {
      auto secs = date::floor<seconds>(instant);
      if (to_zone_ == nullptr) out = date::format(to_pattern_, secs);
      else out = date::format(to_pattern_, date::make_zoned(to_zone_, secs));
      return;
    }
  }
}

DateTimeConverter::Outcome DateTimeConverter::Convert(std::string_view input, std::string& out, std::string* why) const {
  SysMs instant{};
  Outcome o = Parse(input, instant, why);
  if (o == Outcome::kInvalid) return o;
  Format(instant, out);
  return o;
}

}  // namespace salesync::mapping
