#include "sandbox/marketo/marketo_envelope.h"

#include <atomic>
#include <cstdio>
#include <map>

namespace salesync::sandbox::marketo {

namespace {
std::atomic<uint32_t> g_request_counter{0x3a1};

std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

std::string MakeRequestId(int64_t now_millis) {
  uint32_t n = g_request_counter.fetch_add(1) & 0xffff;
  return Hex(n) + "#" + Hex(static_cast<uint64_t>(now_millis));
}

std::string DefaultMessage(const std::string& code) {
  // Texts of https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes
  static const std::map<std::string, std::string> kMessages = {
      {"600", "Empty access token"},
      {"601", "Access token invalid"},
      {"602", "Access token expired"},
      {"603", "Access denied"},
      {"604", "Request time-out"},
      {"605", "HTTP Method not supported"},
      {"606", "Max rate limit '100' exceeded with in '20' secs"},
      {"607", "Daily quota reached"},
      {"608", "API Temporarily Unavailable"},
      {"609", "Invalid JSON"},
      {"610", "Requested resource not found"},
      {"611", "System error"},
      {"612", "Invalid Content Type"},
      {"613", "Invalid Multipart Request"},
      {"614", "Invalid Subscription"},
      {"615", "Concurrent access limit reached"},
      {"616", "Invalid subscription type"},
      {"701", "cannot be blank"},
      {"702", "No data found for given search scenario"},
      {"703", "The feature is not enabled for the subscription"},
      {"704", "Invalid date format"},
      {"709", "Business Rule Violation"},
      {"711", "Incompatible Folder Type"},
      {"713", "Transient Error"},
      {"1001", "Invalid value"},
      {"1002", "Missing value for required parameter"},
      {"1003", "Invalid data"},
      {"1004", "Lead not found"},
      {"1005", "Lead already exists"},
      {"1006", "Field not found"},
      {"1007", "Multiple leads match the lookup criteria"},
      {"1008", "Partition access denied"},
      {"1009", "Partition name unspecified"},
      {"1010", "Partition update not allowed"},
      {"1011", "Field not supported"},
      {"1013", "Object not found"},
      {"1015", "Lead not in list"},
      {"1017", "Object already exists"},
      {"1020", "Too many clones to program"},
      {"1021", "Company update not allowed"},
      {"1027", "Max activity type limit reached"},
      {"1028", "Max attribute limit reached"},
      {"1029", "Too many jobs in queue"},
      {"1035", "Unsupported filter type"},
      {"1042", "Invalid runAt date"},
      {"1049", "Attribute array too large"},
      {"1080", "Too many leads to merge"},
  };
  auto it = kMessages.find(code);
  return it == kMessages.end() ? "" : it->second;
}

net::HttpResponse Success(const Envelope& e, int64_t now_millis) {
  // Keys in the service's (alphabetical) order.
  std::string out = "{";
  if (e.more_result) out += std::string("\"moreResult\":") + (*e.more_result ? "true" : "false") + ",";
  if (e.next_page_token) out += "\"nextPageToken\":" + nlohmann::json(*e.next_page_token).dump() + ",";
  out += "\"requestId\":\"" + MakeRequestId(now_millis) + "\",";
  if (!e.result_json.empty()) out += "\"result\":" + e.result_json + ",";
  out += "\"success\":true";
  if (!e.warnings.is_null()) out += ",\"warnings\":" + e.warnings.dump();
  out += "}";
  net::HttpResponse r;
  r.status = 200;
  r.content_type = "application/json;charset=UTF-8";
  r.body = std::move(out);
  return r;
}

net::HttpResponse SuccessResult(const nlohmann::json& result, int64_t now_millis) {
  Envelope e;
  e.result_json = result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return Success(e, now_millis);
}

net::HttpResponse Failure(const std::string& code, const std::string& message, int64_t now_millis) {
  nlohmann::json body = {
      {"requestId", MakeRequestId(now_millis)},
      {"success", false},
      {"errors", nlohmann::json::array({{{"code", code}, {"message", message.empty() ? DefaultMessage(code) : message}}})}};
  net::HttpResponse r;
  r.status = 200;
  r.content_type = "application/json;charset=UTF-8";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

nlohmann::json SkippedRecord(const std::string& code, const std::string& message, std::optional<int64_t> id) {
  nlohmann::json r = {{"status", "skipped"},
                      {"reasons", nlohmann::json::array({{{"code", code},
                                                          {"message", message.empty() ? DefaultMessage(code) : message}}})}};
  if (id) r["id"] = *id;
  return r;
}

}  // namespace salesync::sandbox::marketo
