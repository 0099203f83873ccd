#include "base/result.h"

namespace salesync {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kTransient: return "transient";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kAuthExpired: return "auth_expired";
    case ErrorCode::kPermanent: return "permanent";
    case ErrorCode::kConfig: return "config";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Error::ToString() const {
  if (context.empty()) return message;
  return context + ": " + message;
}

Error MakeError(ErrorCode code, std::string message, std::string context) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.context = std::move(context);
  return e;
}

}  // namespace salesync
