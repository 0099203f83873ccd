// JSON response helpers shared by every admin route: one error shape for the whole API,
//   {"error": {"code": "not_found", "message": "A sentence that says what to do."}}
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "net/http_message.h"

namespace salesync::admin {

net::HttpResponse JsonResponse(int status, const nlohmann::json& body);
net::HttpResponse JsonError(int status, const std::string& code, const std::string& message);
// Maps an Error to its HTTP status (kNotFound 404, kConflict 409, kInvalidArgument/kConfig 400, ...).
net::HttpResponse ErrorResponse(const Error& error);
// Parses a JSON request body; a 400 response in `error_response` when it is not JSON.
bool ParseJsonBody(const net::HttpRequest& request, nlohmann::json& out, net::HttpResponse& error_response);

}  // namespace salesync::admin
