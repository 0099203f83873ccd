// Salesforce dateTimes on the wire, both ways. Owned by the Salesforce connector.
//
// Salesforce prints dateTimes as "2013-05-20T20:49:32.000+0000" (UTC, milliseconds, offset without a
// colon); other endpoints and peers use "Z", "+00:00", no fraction, or more fractional digits. SOQL
// accepts "YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)" unquoted; we always emit "…ss.sssZ".
// Fractions finer than a millisecond are truncated, never rounded: a cursor rounded up past the true
// stamp would skip rows (airbytehq/airbyte#84400).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace salesync::connectors::salesforce {

// Parses "YYYY-MM-DDThh:mm:ss" + optional ".f…" (1..9 digits) + "Z" | "±hhmm" | "±hh:mm" | "±hh" | nothing
// (UTC). Returns Unix milliseconds, or kInvalidArgument naming the text.
Result<int64_t> ParseSalesforceDateTime(std::string_view text);

// "2024-05-20T20:49:32.123Z" for Unix milliseconds; kInvalidArgument outside years 0001..9999.
Result<std::string> FormatSoqlDateTime(int64_t unix_ms);

}  // namespace salesync::connectors::salesforce
