// The requests the Marketo connector asks the engine to send. Paths are relative ("/rest/v1/…",
// "/bulk/v1/…"): the ApiClient joins them to the connection's base_url and adds the bearer header (never
// the `access_token` query parameter, which Adobe removes on 2026-08-31).
// A GET whose URL would pass kMaxGetUrl is sent as `POST …?_method=GET` with a form body, the documented
// way around HTTP 414 (URIs over 8 KB); Marketo counts it as the GET it stands for.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "connectors/stream.h"

namespace salesync::connectors::marketo {

using Params = std::vector<std::pair<std::string, std::string>>;

inline constexpr size_t kMaxGetUrl = 7000;

StreamCall GetCall(const std::string& path, const Params& params, std::string label);
StreamCall PostJsonCall(const std::string& path, const nlohmann::json& body, std::string label, bool idempotent);

// "a,b,c".
std::string JoinComma(const std::vector<std::string>& items);

}  // namespace salesync::connectors::marketo
