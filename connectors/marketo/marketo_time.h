// Marketo datetimes as the connector reads and writes them, and the US Central day the quotas follow.
//
// Marketo spells datetimes several ways (shared/reference/marketo.md §2, "Datetimes seen"); ParseDatetime
// accepts every one of them:
//   2016-05-17T22:11:45Z          leads
//   2015-05-07T11:47:30-08:00     leads, with an offset
//   2014-09-17T22:31:49+0000      activities
//   2017-07-27T01:38:33Z+0000     asset API (sic: the offset after the Z is ignored)
//   2014-11-13 12:43:04           2014 captures (no zone: UTC, as the emulator chooses)
// plus fractional seconds of any length, HH:MM without seconds, "+HH" offsets, a date alone, and an offset
// whose '+' arrived as a space because a client did not URL-encode it.
// FormatDatetime writes "2016-05-17T22:11:45Z": what bulk filters need (no milliseconds) and what every
// endpoint reads.
// Daily quotas (calls, bulk MB) reset at 00:00 America/Chicago, daylight saving time included.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesync::connectors::marketo {

// Unix milliseconds, or nullopt when `text` is none of the spellings above.
std::optional<int64_t> ParseDatetime(std::string_view text);

// "2016-05-17T22:11:45Z" (the milliseconds are dropped, never rounded up).
std::string FormatDatetime(int64_t unix_millis);

// The US Central calendar day holding `unix_millis`, as days since 1970-01-01.
int64_t CentralDay(int64_t unix_millis);
// When the Central day after the one holding `unix_millis` begins (Unix milliseconds).
int64_t NextCentralMidnight(int64_t unix_millis);

}  // namespace salesync::connectors::marketo
