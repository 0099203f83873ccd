// The admin API routes of invitations, users and teams. Handlers are pure functions of the request.
//
//   POST   /api/v1/invites/preview          body: the CSV; ?map=COLUMN=field (repeatable) &team=T
//                                           (repeatable) &role=R &resend=1 &format=csv (problems as CSV)
//   POST   /api/v1/invites                  the same, and sends; ?format=csv gives the report as CSV
//   POST   /api/v1/invites/emails           {"emails": [...], "teams": [...], "role": "member", "resend": false}
//   GET    /api/v1/invites/outbox           e-mail outbox counts and the newest jobs (?limit=N&recipient=E)
//   GET    /invite/accept?token=T           (no admin token) redeems an invitation link; an HTML page
//   GET    /api/v1/users                    GET /api/v1/users/{email}
//   POST   /api/v1/users/{email}/disable    POST /api/v1/users/{email}/enable
//   DELETE /api/v1/users/{email}            POST /api/v1/users/{email}/owner (transfer ownership)
//   GET    /api/v1/teams                    POST /api/v1/teams {"name": "Sales"}
//   POST   /api/v1/teams/{team}/members {"emails": [...]}    DELETE /api/v1/teams/{team}/members/{email}
// Thread-safety: the handlers are thread-safe.
#pragma once

#include "admin/router.h"
#include "invites/invite_service.h"
#include "invites/user_directory.h"
#include "store/outbox_store.h"

namespace salesync::invites {

void AddInviteRoutes(admin::Router& router, InviteService* service, store::OutboxStore* outbox);
void AddUserRoutes(admin::Router& router, UserDirectory* directory);

// Import options from the query string of a preview or send request. kInvalidArgument for a bad --map.
Result<ImportOptions> ImportOptionsFromQuery(const std::string& query);

}  // namespace salesync::invites
