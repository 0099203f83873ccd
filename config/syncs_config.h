// The `syncs` section: what the sync engine runs.
//
//   "syncs": {
//     "marketo-people": {"connection": "marketo", "streams": ["leads", "activities"], "interval_secs": 900},
//     "salesforce-people": {"connection": "salesforce", "streams": ["Lead", "Contact", "Account"],
//                           "stream_settings": {"Contact": {"lookback_secs": 300}}},
//     "activities-to-salesforce": {"writeback": {"connection": "salesforce", "object": "Task",
//                                                "from": ["marketo"]}}
//   }
// A sync reads streams from one connection into the store, or writes activities back to a connection,
// or both. Documented key by key in config/salesync.example.json.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config_reader.h"
#include "config/connections_config.h"

namespace salesync::config {

struct WritebackConfig {
  std::string connection;                 // where activities are written
  std::string object;                     // "Task" (Salesforce), "customActivity" (Marketo)
  std::vector<std::string> from;          // connections whose activities are written; empty: all
  nlohmann::json settings = nlohmann::json::object();  // per target (activity type id, subject template...)
  int64_t batch_size = 0;                 // 0: the connector's maximum
};

struct SyncConfig {
  std::string name;
  std::string connection;                 // read streams from here (empty for a write-back-only sync)
  std::vector<std::string> streams;       // the connector's stream names, in the order they run
  nlohmann::json stream_settings = nlohmann::json::object();  // stream name → settings for the connector
  int64_t interval_secs = 900;            // a run starts this long after the previous one began
  std::string run_as;                     // the user the sync acts for; empty: the workspace owner
  std::string mapping;                    // the mapping applied (issue 6); empty: records stored as read
  std::optional<WritebackConfig> writeback;
};

// Reads the `syncs` object; `connections` are the configured connections (a sync must name one).
std::map<std::string, SyncConfig> ReadSyncs(ObjectReader syncs, const std::map<std::string, ConnectionConfig>& connections);

}  // namespace salesync::config
