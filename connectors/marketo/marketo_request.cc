#include "connectors/marketo/marketo_request.h"

#include "net/http_message.h"

namespace salesync::connectors::marketo {

namespace {

std::string Encode(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += net::PercentEncode(k) + "=" + net::PercentEncode(v);
  }
  return out;
}

}  // namespace

StreamCall GetCall(const std::string& path, const Params& params, std::string label) {
  StreamCall call;
  call.label = std::move(label);
  std::string query = Encode(params);
  if (path.size() + 1 + query.size() <= kMaxGetUrl) {
    call.request.method = "GET";
    call.request.url = query.empty() ? path : path + "?" + query;
    return call;
  }
  call.request.method = "POST";
  call.request.url = path + "?_method=GET";
  call.request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  call.request.body = query;
  return call;
}

StreamCall PostJsonCall(const std::string& path, const nlohmann::json& body, std::string label, bool idempotent) {
  StreamCall call;
  call.label = std::move(label);
  call.idempotent = idempotent;
  call.request.method = "POST";
  call.request.url = path;
  call.request.headers.push_back({"Content-Type", "application/json"});
  call.request.body = body.dump();
  return call;
}

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ',';
    out += i;
  }
  return out;
}

}  // namespace salesync::connectors::marketo
