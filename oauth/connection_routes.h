// The admin API of connections, registered into the admin router:
//
//   GET    /api/v1/connections                     every connection: type, flow, state, token expiry, last success
//   POST   /api/v1/connections/{name}/authorize    start the browser sign-in: authorize URL + attempt id
//   GET    /api/v1/connections/attempts/{id}       progress of a sign-in (pending/connected/failed/expired)
//   POST   /api/v1/connections/{name}/connect      jwt_bearer / client_credentials: obtain a token now
//   POST   /api/v1/connections/{name}/manual       pasted credentials (JSON body), the manual fallback
//   POST   /api/v1/connections/{name}/test         one cheap real call (Salesforce limits, Marketo describe)
//   DELETE /api/v1/connections/{name}              revoke at the provider and delete the tokens
//   POST   /api/v1/vault/rotate-key                re-seal every stored secret under a new key
//   GET    /oauth/callback                         where the provider sends the browser back (no bearer
//                                                  token: the single-use state is the credential)
// Thread-safety: handlers are thread-safe.
#pragma once

#include <functional>
#include <string>

#include "admin/router.h"
#include "oauth/api_client.h"
#include "oauth/connection_manager.h"

namespace salesync::oauth {

struct ConnectionRoutesDeps {
  ConnectionManager* manager = nullptr;
  ApiClient* api = nullptr;
  std::function<Result<std::string>()> rotate_vault;  // returns the new key id
};

void RegisterConnectionRoutes(admin::Router& router, ConnectionRoutesDeps deps);

// The HTML page the browser sees after the provider redirects back.
std::string RenderCallbackPage(bool ok, const std::string& message);

// One cheap real call proving the connection works; returns a sentence.
Result<std::string> TestConnection(ConnectionManager& manager, ApiClient& api, const std::string& name);

}  // namespace salesync::oauth
