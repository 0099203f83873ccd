// Marketo's datetimes and days.
//
// The service accepts (and its docs show) several spellings; ParseMarketoDatetime takes all of those in
// shared/reference/marketo.md §2: "2016-05-17T22:11:45Z", "2015-05-07T11:47:30-08:00",
// "2014-09-17T22:31:49+0000", "2017-07-27T01:38:33Z+0000", "2014-11-13 12:43:04", with optional
// fractional seconds, a date alone, and a '+' that arrived as a space because the client did not
// URL-encode it. Without a zone the time is UTC (the real default is UNCONFIRMED).
// Daily quotas reset at 00:00 US Central (America/Chicago, with daylight saving time).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesync::sandbox::marketo {

struct ParsedDatetime {
  int64_t unix_millis = 0;
  bool had_fraction = false;  // ".123" present (bulk extract refuses it)
  bool had_zone = false;
};

std::optional<ParsedDatetime> ParseMarketoDatetime(std::string_view text);

// "2016-05-17T22:11:45Z": leads, bulk status, lists, campaigns.
std::string FormatLeadDatetime(int64_t unix_millis);
// "2014-09-17T22:31:49+0000": activities.
std::string FormatActivityDatetime(int64_t unix_millis);

// The US Central calendar day containing `unix_millis`, as days since 1970-01-01 (a quota key).
int64_t CentralDay(int64_t unix_millis);
// The unix time (ms) at which Central day `day` begins.
int64_t CentralDayStartMillis(int64_t day);
// "2026-11-23" for a Central day number.
std::string FormatDay(int64_t day);

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d);

}  // namespace salesync::sandbox::marketo
