// The push stage of a sync with a mapping, as the scheduler runs it after the sync's streams: finds the
// mapping's spec and both describes, compiles the plan once, and hands over to RunPush; and the push part of
// a sync's status (GET /api/v1/syncs/NAME).
// Thread-safety: RunSyncPush on the scheduler's thread; PushStatusJson anywhere.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "connectors/field_metadata.h"
#include "store/store.h"
#include "sync/push_runner.h"
#include "sync/stream_runner.h"

namespace salesync::sync {

// How the scheduler reaches the configured mappings and the connected systems' describes (cached).
struct MappingAccess {
  std::function<std::optional<config::MappingSpec>(const std::string& mapping)> spec;
  std::function<Result<connectors::ObjectMetadata>(const std::string& connection, const std::string& object)> describe;
};

// Pushes the mapped records of `sync` (which names a mapping). Skipped when `access` has no spec for it.
PushRunResult RunSyncPush(const RunDeps& deps, store::Store* store, const config::SyncConfig& sync,
                          const MappingAccess& access, const std::map<std::string, config::ConnectionConfig>& connections);

// {"mapping", "target", "pending", "done", "rejected", "failed", "last_rejections": [{"id", "reason"}],
//  "last_failures": [...]}, or null when the sync has never pushed.
nlohmann::json PushStatusJson(store::Store* store, const config::SyncConfig& sync,
                              const std::optional<config::MappingSpec>& spec);

}  // namespace salesync::sync
