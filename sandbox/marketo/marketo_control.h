// The Marketo emulator's own control routes, under /_sandbox/ (the SandboxServer checks X-Sandbox-Key
// and hands over what it does not handle itself). They drive incremental tests from outside:
//   GET    /_sandbox/leads/{id}              the lead's current state: {"exists","lead","lists"}
//   POST   /_sandbox/leads                   {"email":..,"firstName":..,"partitionName"?} -> 201 {"id"}
//   PATCH  /_sandbox/leads/{id}  (or POST)   {"title":..} -> updatedAt bumped to the sandbox clock,
//                                            Change Data Value / Change Score logged
//   DELETE /_sandbox/leads/{id}              Delete Lead logged (deletedleads.json shows it)
//   POST   /_sandbox/activities              {"leadId","activityTypeId","primaryAttributeValue"?,
//                                             "primaryAttributeValueId"?,"campaignId"?,"attributes"?}
//                                            -> 201 {"id","marketoGUID"}
//   GET    /_sandbox/leads/{id}/lists        static lists the lead is in
//   GET    /_sandbox/lists/{id}/members?leadId=1,2   membership of those leads
//   POST   /_sandbox/lists/{id}/members      {"add":[ids],"remove":[ids]}
// Read-only fields (sfdc ids...) may be set here, unlike through the REST API. Writes are recorded in
// the effects log with actor "control".
// Thread-safety: called under the provider's exclusive data lock.
#pragma once

#include <optional>
#include <string>

#include "net/http_message.h"
#include "sandbox/marketo/marketo_data.h"
#include "sandbox/provider.h"

namespace salesync::sandbox::marketo {

std::optional<net::HttpResponse> HandleMarketoControl(const net::HttpRequest& request, const std::string& subpath,
                                                      MarketoData& data, SandboxEnvironment& env, int64_t now_millis);

}  // namespace salesync::sandbox::marketo
