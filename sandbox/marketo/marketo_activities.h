// Activity endpoints (shared/reference/marketo.md §5):
//   GET /rest/v1/activities/pagingtoken.json?sinceDatetime=   (every datetime spelling of the sheet)
//   GET /rest/v1/activities.json?nextPageToken=&activityTypeIds=(<=10)[&listId=|&leadIds=(<=30)]
//       [&assetIds=][&batchSize<=300]   moreResult + ALWAYS a nextPageToken; a page scans a bounded
//       stretch of the log, so it may hold fewer than batchSize items while moreResult is true
//   GET /rest/v1/activities/leadchanges.json?nextPageToken=&fields=(required)  types 12 and 13
//   GET /rest/v1/activities/deletedleads.json?nextPageToken=   type 37, pruned after 14 days
//   GET /rest/v1/activities/types.json   standard types plus approved custom types
// An empty page leaves out "result" (the service does for activities).
// Thread-safety: handlers run under the provider's data lock (read).
#pragma once

#include "sandbox/marketo/marketo_routes.h"

namespace salesync::sandbox::marketo {

void AddActivityRoutes(RouteTable& table);

// Positions a page may scan before answering (bounds the work of sparse filters).
constexpr int64_t kActivityScanBudget = 60000;

}  // namespace salesync::sandbox::marketo
