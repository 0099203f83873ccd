// Custom activity types and custom activities (shared/reference/marketo.md §6):
//   GET  /rest/v1/activities/external/types.json
//   POST /rest/v1/activities/external/type.json {apiName,name,triggerName,filterName,primaryAttribute}
//        -> a draft; at most 10 custom types (1027)
//   POST /rest/v1/activities/external/type/{apiName}/attributes/create.json {"attribute":[...]}
//        -> at most 20 attributes per type (1028)
//   POST /rest/v1/activities/external/type/{apiName}/approve.json   draft -> approved
//   POST /rest/v1/activities/external.json {"input":[...]} (<=300): write-once activities, each
//        "added" or skipped (1004 lead not found, 1013 type not found or not approved, 1049 attributes
//        over 65,536 bytes). Skips use "reasons" like every other per-record status (the doc's example
//        spells it "errors"; we keep one shape).
// Custom type ids start at 100001. Approved types appear in activities/types.json (not flagged).
// Thread-safety: handlers run under the provider's data lock.
#pragma once

#include <nlohmann/json.hpp>

#include "sandbox/marketo/marketo_routes.h"

namespace salesync::sandbox::marketo {

void AddCustomActivityRoutes(RouteTable& table);
nlohmann::json CustomTypeJson(const CustomActivityType& t);
nlohmann::json CustomTypeAsActivityType(const CustomActivityType& t);

constexpr size_t kMaxCustomTypes = 10;
constexpr size_t kMaxCustomAttributes = 20;
constexpr size_t kMaxAttributeBytes = 65536;

}  // namespace salesync::sandbox::marketo
