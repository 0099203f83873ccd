#include "admin/json_response.h"

namespace salesync::admin {

net::HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  net::HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  // Replace invalid UTF-8 rather than throwing: a response must always be produced.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.body += '\n';
  return r;
}

net::HttpResponse JsonError(int status, const std::string& code, const std::string& message) {
  return JsonResponse(status, {{"error", {{"code", code}, {"message", message}}}});
}

net::HttpResponse ErrorResponse(const Error& error) {
  int status = 500;
  switch (error.code) {
    case ErrorCode::kNotFound: status = 404; break;
    case ErrorCode::kConflict: status = 409; break;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConfig: status = 400; break;
    case ErrorCode::kUnauthenticated: status = 401; break;
    case ErrorCode::kRateLimited: status = 429; break;
    case ErrorCode::kTransient:
    case ErrorCode::kAuthExpired: status = 503; break;
    case ErrorCode::kPermanent: status = 502; break;
    case ErrorCode::kInternal: status = 500; break;
  }
  nlohmann::json body = {{"error", {{"code", std::string(ErrorCodeName(error.code))}, {"message", error.message}}}};
  if (!error.context.empty()) body["error"]["context"] = error.context;
  return JsonResponse(status, body);
}

bool ParseJsonBody(const net::HttpRequest& request, nlohmann::json& out, net::HttpResponse& error_response) {
  try {
    out = nlohmann::json::parse(request.body);
    return true;
  } catch (const nlohmann::json::parse_error& e) {
    error_response = JsonError(400, "invalid_json", std::string("The request body is not valid JSON: ") + e.what());
    return false;
  }
}

}  // namespace salesync::admin
