// The per-stream settings of the Marketo streams (the sync's `settings` object in config), with their
// documented defaults. Unknown keys are refused with a did-you-mean so a typo never silently changes a sync.
//
// leads:
//   fields               lead fields to read (REST names); default kDefaultLeadFields. `id` and `updatedAt`
//                        are always added (the record id and cursor).
//   since                ISO date the initial load starts from; default: the earliest createdAt among lead
//                        ids 1..300 (Marketo numbers leads in creation order, so the oldest leads hold the
//                        smallest ids), or 2006-01-01 (before any Marketo instance) when none of those exists
//   bulk_window_days     1..31, default 31 (bulk extract refuses longer windows)
//   bulk_poll_secs       default 60 (a job changes status at most once a minute)
//   bulk_daily_mb        default 500 (the subscription's export quota; shared by every export type)
//   bulk_chunk_bytes     Range size of file downloads, default 8 MiB
//   lookback_secs        overlap when deriving a paging token from a datetime, default 3600
//   token_max_age_secs   a stored paging token older than this is re-derived from the high-water
//                        datetime (token lifetime is UNCONFIRMED), default 7 days
// activities:
//   activity_type_ids    ids to read; default: every type of /rest/v1/activities/types.json, 10 per call
//   since                ISO date of the first run; default now − 25 months (the longest retention)
//   lookback_secs, token_max_age_secs   as above
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace salesync::connectors::marketo {

// The standard lead fields every Marketo instance has.
const std::vector<std::string>& DefaultLeadFields();

struct LeadStreamSettings {
  std::vector<std::string> fields;
  std::optional<int64_t> since_ms;
  int64_t bulk_window_days = 31;
  int64_t bulk_poll_secs = 60;
  int64_t bulk_daily_mb = 500;
  int64_t bulk_chunk_bytes = 8 << 20;
  int64_t lookback_secs = 3600;
  int64_t token_max_age_secs = 7 * 86400;
};

struct ActivityStreamSettings {
  std::vector<int64_t> activity_type_ids;
  std::optional<int64_t> since_ms;
  int64_t lookback_secs = 3600;
  int64_t token_max_age_secs = 7 * 86400;
};

// kConfig with the offending key as context.
Result<LeadStreamSettings> ParseLeadStreamSettings(const nlohmann::json& settings);
Result<ActivityStreamSettings> ParseActivityStreamSettings(const nlohmann::json& settings);

inline constexpr int64_t kMaxBatch = 300;          // ids, records and activities per call
inline constexpr size_t kMaxActivityTypesPerCall = 10;
inline constexpr size_t kMaxLeadIdsPerActivityCall = 30;

}  // namespace salesync::connectors::marketo
