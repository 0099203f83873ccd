// Static list endpoints (shared/reference/marketo.md §6):
//   GET    /rest/v1/lists.json[?id=&name=&programName=&workspaceName=]   GET /rest/v1/lists/{id}.json
//   GET    /rest/v1/lists/{id}/leads.json (and legacy /rest/v1/list/{id}/leads.json)  members, paged
//   POST   /rest/v1/lists/{id}/leads.json ?id=..&id=.. or {"input":[{"id":..}]}  (<=300)
//          -> added | skipped 1004; re-adding a member answers "added" (UNCONFIRMED; adds are idempotent)
//   DELETE /rest/v1/lists/{id}/leads.json ?id=..  (<=300) -> removed | skipped 1015 | skipped 1004
//   GET    /rest/v1/lists/{id}/leads/ismember.json?id=.. (<=300) -> memberof | notmemberof | skipped 1004
//   GET    /rest/v1/leads/{id}/listMembership.json
//   GET    /rest/asset/v1/staticList/byName.json?name=
// An unknown list answers 1013.
// Thread-safety: handlers run under the provider's data lock as their routes declare.
#pragma once

#include "sandbox/marketo/marketo_routes.h"

namespace salesync::sandbox::marketo {

void AddListRoutes(RouteTable& table);

// Generated leads a member page may scan before answering.
constexpr int64_t kListScanBudget = 200000;

}  // namespace salesync::sandbox::marketo
