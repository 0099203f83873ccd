// Settings of the Salesforce connector, its streams and its write targets, with documented defaults.
// Owned by the Salesforce connector; read from the sync's per-stream `settings` JSON (config/).
//
//   connector   api_version    "v60.0"   REST version of every path (CheckCall, describe, writes, streams)
//   stream      fields         per object (DefaultFields): Id, SystemModstamp and IsDeleted are always added
//               page_size      2000      Sforce-Query-Options batchSize, 200..2000 (Salesforce's range; the
//                                        org may still answer fewer rows a page)
//               lookback_secs  300       re-read this much below the checkpoint once at the start of a run,
//                                        for rows committed upstream with a stamp below what we saw
//               settle_secs    10        the checkpoint never passes now − settle_secs (see salesforce_stream.h)
//               api_version    the connector's
//   write       external_id_field  Task: Salesync_Activity_Id__c; Lead/Contact: Salesync_Id__c
//               api_version    the connector's
// Unknown keys are ignored (the engine may keep its own keys in the same object); wrong types and
// out-of-range values are kConfig errors naming the key.
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace salesync::connectors::salesforce {

inline constexpr std::string_view kDefaultApiVersion = "v60.0";
inline constexpr int64_t kMinPageSize = 200;
inline constexpr int64_t kMaxPageSize = 2000;
inline constexpr size_t kMaxCollectionRecords = 200;

struct SalesforceConfig {
  std::string api_version{kDefaultApiVersion};
};

struct StreamSettings {
  std::string api_version{kDefaultApiVersion};
  std::vector<std::string> fields;
  int64_t page_size = kMaxPageSize;
  int64_t lookback_secs = 300;
  int64_t settle_secs = 10;
};

struct WriteSettings {
  std::string api_version{kDefaultApiVersion};
  std::string external_id_field;
};

// "v60.0": 'v', digits, ".0".
bool IsApiVersion(std::string_view version);

// The fields a stream reads when the settings name none (checked against the sandbox's describe).
std::vector<std::string> DefaultFields(std::string_view object);

// The stream's settings with defaults filled in; `fields` always holds Id, SystemModstamp and IsDeleted.
Result<StreamSettings> ReadStreamSettings(std::string_view object, const nlohmann::json& settings,
                                          const SalesforceConfig& connector);
nlohmann::json ToJson(const StreamSettings& settings);

// The write target's settings; kConfig for an object salesync does not write (only Task, Lead, Contact).
Result<WriteSettings> ReadWriteSettings(std::string_view object, const nlohmann::json& settings,
                                        const SalesforceConfig& connector);

}  // namespace salesync::connectors::salesforce
