// Lead endpoints (shared/reference/marketo.md §4):
//   GET  /rest/v1/leads/describe.json, /rest/v1/leads/describe2.json
//   GET  /rest/v1/lead/{id}.json?fields=
//   GET  /rest/v1/leads.json?filterType=&filterValues=(<=300)&fields=&batchSize=(<=300)&nextPageToken=
//   POST /rest/v1/leads.json {action,lookupField,partitionName,input(<=300)}  per-record statuses
//   POST /rest/v1/leads/delete.json {input:[{id}]} | DELETE /rest/v1/leads.json?id=  (<=300)
//   GET|POST /rest/v1/leads/partitions.json
//   POST /rest/v1/leads/{id}/merge.json?leadId=|leadIds=(<=25)&mergeInCRM=
// Thread-safety: handlers run under the provider's data lock as their routes declare.
#pragma once

#include <optional>
#include <vector>

#include "sandbox/marketo/marketo_routes.h"

namespace salesync::sandbox::marketo {

void AddLeadRoutes(RouteTable& table);

// The `fields` parameter as field indices (DefaultLeadFields() when absent); 1006 for unknown names.
std::optional<std::vector<int>> ParseFieldsParam(const MarketoRequest& r, MarketoFailure* failure);
// batchSize: default 300, 1..300; 1003 otherwise.
std::optional<int64_t> ParseBatchSize(const MarketoRequest& r, MarketoFailure* failure);

// Serializes leads for a page (the hot path of paged reads).
std::string LeadsJsonArray(const std::vector<Lead>& leads, const std::vector<int>& fields);

// Lead ids of a call, from a JSON body {"input":[{"id":1},...]} and/or `id` parameters (repeated,
// comma-separated or "1&id=2"-joined). Entries that are not integers are returned as -1 (skipped 1004).
std::vector<int64_t> CollectIds(const MarketoRequest& r, const nlohmann::json& body);

constexpr size_t kMaxBatch = 300;

}  // namespace salesync::sandbox::marketo
