// LiveMappingPreview: the preview of issue 6 on live data. Describes the source and target objects through
// their connectors (calls go through the ApiClient like any other), reads a sample of source records by
// opening the source object's stream in sample mode (connectors::StreamContext::sample_limit: Salesforce
// reads the most recently modified rows with a SOQL LIMIT, Marketo the leads with the lowest ids — never a
// bulk export), and hands both to mapping::BuildPreview.
//
// When the stream yields no sample, the samples are the most recently synced records of that object from
// the store.
// Describe results are cached per (connection, object) for `describe_ttl` so that previews while an admin
// edits a mapping cost no calls; `refresh` bypasses the cache.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "config/config.h"
#include "connectors/field_metadata.h"
#include "mapping/preview.h"
#include "oauth/api_client.h"
#include "store/sync_store.h"

namespace salesync::sync {

class LiveMappingPreview {
 public:
  LiveMappingPreview(oauth::ApiClient* api, store::SyncStore* store,
                     std::map<std::string, config::ConnectionConfig> connections, std::function<int64_t()> now_ms,
                     std::chrono::seconds describe_ttl = std::chrono::minutes(10));

  Result<mapping::Preview> Build(const config::MappingSpec& spec, size_t limit, bool refresh);
  Result<connectors::ObjectMetadata> Describe(const std::string& connection, const std::string& object, bool refresh);

 private:
  Result<std::vector<connectors::Record>> Sample(const std::string& connection, const std::string& object, size_t limit);

  oauth::ApiClient* api_;
  store::SyncStore* store_;
  std::map<std::string, config::ConnectionConfig> connections_;
  std::function<int64_t()> now_ms_;
  std::chrono::seconds ttl_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, connectors::ObjectMetadata>> cache_;
};

}  // namespace salesync::sync
