// Smart campaign endpoints (shared/reference/marketo.md §6):
//   GET  /rest/v1/campaigns.json[?id=&name=&programName=&workspaceName=&isTriggerable=]
//   GET  /rest/v1/campaigns/{id}.json
//   POST /rest/v1/campaigns/{id}/trigger.json {"input":{"leads":[{"id"}](<=100),"tokens":[..](<=100)}}
//        -> result [{"id":campaignId}]. Only active trigger campaigns whose trigger is "Campaign is
//        Requested" (source Web Service API) accept it; others answer 1003. Unknown lead ids are ignored.
//   POST /rest/v1/campaigns/{id}/schedule.json {"input":{"runAt","tokens","cloneToProgramName"}}
//        batch campaigns only; runAt defaults to now + 5 min and is moved there when earlier; more than
//        two years ahead: 1042; cloneToProgramName allows 20 calls per Central day (1020).
// Seeded campaigns and what their flows do when requested:
//   2001 "Request: Interesting Moment"  logs activity 46 with {{my.moment}} (default "Requested via API")
//   2002 "Request: Change Score"        adds {{my.scoreChange}} (default +10) to leadScore; this token
//                                       driven amount is the emulator's choice (UNCONFIRMED in the sheet)
//   2003 "Request: Add to Newsletter"   adds the leads to static list 1001
//   2004 "Weekly Digest"                batch campaign (schedule only)
//   2005 "Retired Request Campaign"     trigger campaign, inactive
// Thread-safety: handlers run under the provider's data lock.
#pragma once

#include "sandbox/marketo/marketo_routes.h"

namespace salesync::sandbox::marketo {

void AddCampaignRoutes(RouteTable& table);

constexpr size_t kMaxCampaignLeads = 100;
constexpr size_t kMaxCampaignTokens = 100;

}  // namespace salesync::sandbox::marketo
