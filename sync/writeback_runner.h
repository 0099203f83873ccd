// RunWriteback: drains one write-back sync's queue — activities in the store whose person has a record on
// the target connection — through the target connector's batch writes, recording every item's outcome.
//
// The idempotency key sent with each item is "<source connection>:<provider key>" (for Salesforce the
// external id Salesync_Activity_Id__c of an upsert), so a batch resent after a dropped answer updates the
// Tasks it already created instead of creating second ones. Items the provider refuses for good are
// marked failed with its words; retryable ones (a locked row) stay pending up to `max_attempts`.
// Thread-safety: one thread per write-back sync.
#pragma once

#include <string>

#include "config/syncs_config.h"
#include "connectors/connector.h"
#include "store/sync_store.h"
#include "sync/stream_runner.h"

namespace salesync::sync {

struct WritebackRunResult {
  std::string status;  // done | paused | interrupted | failed
  int64_t written = 0, failed = 0, calls = 0;
  std::string error;
};

// `target_type` is the target connection's type ("salesforce", "marketo").
WritebackRunResult RunWriteback(const RunDeps& deps, const config::SyncConfig& sync, const std::string& target_type,
                                const connectors::Connector& target);

// The target records an activity is logged against, in order of preference.
std::vector<std::string> WritebackWhoObjects(const std::string& target_type);

// The fields of the remote record for one activity (a Salesforce Task, a Marketo custom activity).
nlohmann::json WritebackFields(const std::string& target_type, const store::PendingWriteback& activity,
                               const nlohmann::json& settings);

}  // namespace salesync::sync
