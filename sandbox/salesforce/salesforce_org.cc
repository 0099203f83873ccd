#include "sandbox/salesforce/salesforce_org.h"

#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::salesforce {

net::HttpResponse JsonResponse(int status, const nlohmann::json& body) { return SandboxJson(status, body); }

net::HttpResponse OrderedJsonResponse(int status, const nlohmann::ordered_json& body) {
  return JsonText(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

net::HttpResponse JsonText(int status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.content_type = "application/json;charset=UTF-8";
  r.body = std::move(body);
  return r;
}

net::HttpResponse ErrorArray(int status, const std::string& code, const std::string& message,
                             const std::vector<std::string>& fields, bool with_fields) {
  nlohmann::ordered_json e = nlohmann::ordered_json::object();
  e["message"] = message;
  e["errorCode"] = code;
  if (with_fields || !fields.empty()) e["fields"] = fields;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  list.push_back(std::move(e));
  net::HttpResponse r = OrderedJsonResponse(status, list);
  if (status == 401) r.headers.push_back({"WWW-Authenticate", "Token"});
  return r;
}

std::string ReleaseLabel(int version) {
  // v59.0 was Winter '24; three releases a year: Winter, Spring, Summer.
  int idx = version - 59;
  int year = 24 + (idx >= 0 ? idx / 3 : -((-idx + 2) / 3));
  int season = ((idx % 3) + 3) % 3;
  static const char* kSeasons[] = {"Winter", "Spring", "Summer"};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s '%02d", kSeasons[season], year);
  return buf;
}

nlohmann::json VersionsJson() {
  nlohmann::json list = nlohmann::json::array();
  for (int v = kOldestApiVersion; v <= kLatestApiVersion; ++v) {
    std::string version = std::to_string(v) + ".0";
    list.push_back({{"label", ReleaseLabel(v)}, {"url", "/services/data/v" + version}, {"version", version}});
  }
  return list;
}

}  // namespace salesync::sandbox::salesforce
