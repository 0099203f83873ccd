// The read side of the REST API: resources, limits, query/queryAll and their locators, describeGlobal,
// describe, sObject basic info, getDeleted/getUpdated windows and GET of one record.
#include <algorithm>
#include <ctime>

#include "base/strings.h"
#include "sandbox/salesforce/salesforce_org.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::salesforce {

namespace {

// Describe results are stamped with the schema's date; If-Modified-Since at or after it gives 304.
constexpr int64_t kSchemaModifiedSecs = 1735689600;  // 2025-01-01T00:00:00Z
constexpr int64_t kDeletedWindowMillis = 15LL * 24 * 3600 * 1000;
constexpr int64_t kUpdatedWindowMillis = 30LL * 24 * 3600 * 1000;
constexpr size_t kMaxReplicationIds = 600000;

std::string HttpDate(int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::optional<int64_t> ParseHttpDate(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

int64_t BatchSize(const SalesforceOrg& org, const net::HttpRequest& r) {
  int64_t size = 2000;
  if (auto opts = r.Header("Sforce-Query-Options")) {
    for (const auto& part : SplitString(*opts, ',')) {
      std::string p(TrimWhitespace(part));
      if (StartsWith(ToLowerAscii(p), "batchsize=")) size = std::atoll(p.c_str() + 10);
    }
    size = std::clamp<int64_t>(size, 200, 2000);
  }
  return std::max<int64_t>(1, std::min(size, org.page_size.load()));
}

net::HttpResponse SoqlErrorResponse(const SoqlError& e) { return ErrorArray(400, e.code, e.message); }

net::HttpResponse Query(SalesforceOrg& org, const RestCall& call, bool all_rows) {
  const net::HttpRequest& r = *call.request;
  QueryRequest q;
  q.all_rows = all_rows;
  q.batch_size = BatchSize(org, r);
  q.version_path = call.version_path;
  q.now_millis = org.env->clock.NowUnixMillis();
  std::shared_lock<std::shared_mutex> lock(org.store_mu);
  if (call.segments.size() == 2) {
    auto page = org.queries.More(*org.store, call.segments[1], q);
    if (auto* e = std::get_if<SoqlError>(&page)) return SoqlErrorResponse(*e);
    return JsonText(200, std::move(std::get<std::string>(page)));
  }
  auto soql = r.QueryParam("q");
  if (!soql || TrimWhitespace(*soql).empty()) return ErrorArray(400, "MALFORMED_QUERY", "A query string has to be specified");
  q.soql = *soql;
  auto page = org.queries.Execute(*org.store, q);
  if (auto* e = std::get_if<SoqlError>(&page)) return SoqlErrorResponse(*e);
  return JsonText(200, std::move(std::get<std::string>(page)));
}

nlohmann::json Limit(int64_t max, int64_t remaining) { return {{"Max", max}, {"Remaining", remaining}}; }

net::HttpResponse Limits(SalesforceOrg& org) {
  int64_t max = org.usage.limit();
  int64_t used = org.usage.Used(org.env->clock.NowUnixMillis());
  return JsonResponse(200, {{"ConcurrentAsyncGetReportInstances", Limit(200, 200)},
                            {"ConcurrentSyncReportRuns", Limit(20, 20)},
                            {"DailyApiRequests", Limit(max, std::max<int64_t>(0, max - used))},
                            {"DailyAsyncApexExecutions", Limit(250000, 250000)},
                            {"DailyBulkApiBatches", Limit(15000, 15000)},
                            {"DailyBulkV2QueryFileStorageMB", Limit(976562, 976562)},
                            {"DailyBulkV2QueryJobs", Limit(10000, 10000)},
                            {"DailyStreamingApiEvents", Limit(10000, 10000)},
                            {"DataStorageMB", Limit(5120, 4980)},
                            {"FileStorageMB", Limit(20480, 20400)},
                            {"HourlyTimeBasedWorkflow", Limit(1000, 1000)},
                            {"MassEmail", Limit(5000, 5000)},
                            {"SingleEmail", Limit(5000, 5000)}});
}

// Parses start/end of getDeleted/getUpdated: ISO-8601 with an offset, seconds truncated to the minute.
std::optional<int64_t> ReplicationDate(const net::HttpRequest& r, const char* name) {
  auto v = r.QueryParam(name);
  if (!v) return std::nullopt;
  std::string s = *v;
  std::replace(s.begin(), s.end(), ' ', '+');  // an unencoded '+' arrives as a space
  auto t = ParseDateTime(s, true);
  if (!t) return std::nullopt;
  return *t / 60000 * 60000;
}

net::HttpResponse Replication(SalesforceOrg& org, const RestCall& call, const ObjectSpec& object, bool deleted) {
  const net::HttpRequest& r = *call.request;
  if (!r.QueryParam("start") || !r.QueryParam("end")) {
    return ErrorArray(400, "MISSING_ARGUMENT", "start and end are both required parameters");
  }
  auto start = ReplicationDate(r, "start");
  auto end = ReplicationDate(r, "end");
  if (!start || !end) {
    return ErrorArray(400, "INVALID_REPLICATION_DATE", "start and end must be ISO-8601 dateTimes with an offset");
  }
  int64_t now = org.env->clock.NowUnixMillis();
  int64_t earliest = (now - (deleted ? kDeletedWindowMillis : kUpdatedWindowMillis)) / 60000 * 60000;
  if (*start >= *end) return ErrorArray(400, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate");
  if (*start < earliest) {
    return ErrorArray(400, "INVALID_REPLICATION_DATE",
                      "startDate cannot be more than " + std::string(deleted ? "15" : "30") + " days ago: " +
                          FormatSalesforceDateTime(earliest));
  }
  int64_t latest = std::min(*end, now / 60000 * 60000);
  std::shared_lock<std::shared_mutex> lock(org.store_mu);
  if (deleted) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [id, at] : org.store->Deleted(object, *start, latest)) {
      list.push_back({{"id", id}, {"deletedDate", FormatSalesforceDateTime(at)}});
    }
    if (list.size() > kMaxReplicationIds) return ErrorArray(400, "EXCEEDED_ID_LIMIT", "too many ids: narrow the window");
    return JsonResponse(200, {{"deletedRecords", list},
                              {"earliestDateAvailable", FormatSalesforceDateTime(earliest)},
                              {"latestDateCovered", FormatSalesforceDateTime(latest)}});
  }
  nlohmann::json ids = nlohmann::json::array();
  bool too_many = false;
  org.store->Scan(object, *start, [&](int64_t number, int64_t stamp) {
    if (stamp >= latest) return false;
    auto deleted_flag = org.store->CheapField(object, number, stamp, object.is_deleted);
    if (deleted_flag && deleted_flag->boolean) return true;
    ids.push_back(PeopleUniverse::SalesforceId(object.key_prefix, number));
    too_many = ids.size() > kMaxReplicationIds;
    return !too_many;
  });
  if (too_many) return ErrorArray(400, "EXCEEDED_ID_LIMIT", "too many ids: narrow the window");
  return JsonResponse(200, {{"ids", ids}, {"latestDateCovered", FormatSalesforceDateTime(latest)}});
}

net::HttpResponse Describe(const RestCall& call, const ObjectSpec& object) {
  if (auto since = call.request->Header("If-Modified-Since")) {
    if (auto t = ParseHttpDate(*since); t && *t >= kSchemaModifiedSecs) {
      net::HttpResponse r = net::HttpResponse::Text(304, "", "");
      return r;
    }
  }
  net::HttpResponse r = JsonResponse(200, object.DescribeJson(call.version_path));
  r.headers.push_back({"Last-Modified", HttpDate(kSchemaModifiedSecs)});
  return r;
}

net::HttpResponse GetRecord(SalesforceOrg& org, const RestCall& call, const ObjectSpec& object) {
  std::vector<int> fields;
  if (auto list = call.request->QueryParam("fields")) {
    for (const auto& name : SplitString(*list, ',')) {
      int f = object.FieldIndex(TrimWhitespace(name));
      if (f < 0) {
        return ErrorArray(400, "INVALID_FIELD", "No such column '" + std::string(TrimWhitespace(name)) + "' on entity '" +
                                                    object.name + "'.");
      }
      fields.push_back(f);
    }
  }
  std::shared_lock<std::shared_mutex> lock(org.store_mu);
  std::optional<Record> row;
  if (call.segments.size() == 3) {
    auto id = ParseSalesforceId(call.segments[2]);
    if (id && id->spec == &object) row = org.store->Find(object, id->number);
  } else {
    int field = object.FieldIndex(call.segments[2]);
    if (field < 0 || !(object.field(field).external_id || field == object.id)) {
      return ErrorArray(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + call.segments[2]);
    }
    std::vector<int64_t> matches;
    if (field == object.id) {
      if (auto id = ParseSalesforceId(call.segments[3]); id && id->spec == &object) matches.push_back(id->number);
    } else {
      matches = org.store->FindByField(object, field, call.segments[3]);
    }
    if (matches.size() > 1) {
      nlohmann::json urls = nlohmann::json::array();
      for (int64_t n : matches) urls.push_back(call.version_path + "/sobjects/" + object.name + "/" + PeopleUniverse::SalesforceId(object.key_prefix, n));
      return JsonResponse(300, urls);
    }
    if (matches.size() == 1) row = org.store->Find(object, matches[0]);
  }
  if (!row) return ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
  if (row->deleted()) return ErrorArray(404, "ENTITY_IS_DELETED", "entity is deleted");
  return OrderedJsonResponse(200, RecordJson(*row, call.version_path, fields));
}

}  // namespace

nlohmann::ordered_json RecordJson(const Record& record, const std::string& version_path, const std::vector<int>& fields) {
  const ObjectSpec& o = *record.spec;
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["attributes"]["type"] = o.name;
  j["attributes"]["url"] = version_path + "/sobjects/" + o.name + "/" + record.id();
  if (fields.empty()) {
    for (size_t i = 0; i < o.fields.size(); ++i) j[o.fields[i].name] = ValueToJson(record.values[i]);
  } else {
    for (int f : fields) j[o.field(f).name] = ValueToJson(record.Get(f));
  }
  return j;
}

std::optional<net::HttpResponse> HandleRead(SalesforceOrg& org, const RestCall& call) {
  const std::string& method = call.request->method;
  const auto& s = call.segments;
  if (method != "GET" && method != "HEAD") return std::nullopt;
  const std::string& v = call.version_path;
  if (s.empty()) {
    return JsonResponse(200, {{"tooling", v + "/tooling"}, {"metadata", v + "/metadata"}, {"eclair", v + "/eclair"},
                              {"folders", v + "/folders"}, {"prechatForms", v + "/prechatForms"},
                              {"composite", v + "/composite"}, {"query", v + "/query"}, {"queryAll", v + "/queryAll"},
                              {"sobjects", v + "/sobjects"}, {"limits", v + "/limits"}, {"search", v + "/search"},
                              {"recent", v + "/recent"}, {"jobs", v + "/jobs"}});
  }
  if (s[0] == "limits" && s.size() == 1) return Limits(org);
  if ((s[0] == "query" || s[0] == "queryAll") && s.size() <= 2) return Query(org, call, s[0] == "queryAll");
  if (s[0] != "sobjects") return std::nullopt;
  if (s.size() == 1) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : Schema().objects()) list.push_back(o.GlobalEntryJson(v));
    return JsonResponse(200, {{"encoding", "UTF-8"}, {"maxBatchSize", 200}, {"sobjects", list}});
  }
  const ObjectSpec* object = Schema().Find(s[1]);
  if (object == nullptr) return ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
  if (s.size() == 2) {
    nlohmann::json recent = nlohmann::json::array();
    return JsonResponse(200, {{"objectDescribe", object->GlobalEntryJson(v)}, {"recentItems", recent}});
  }
  if (s.size() == 3 && s[2] == "describe") return Describe(call, *object);
  if (s.size() == 3 && (s[2] == "deleted" || s[2] == "updated")) return Replication(org, call, *object, s[2] == "deleted");
  if (s.size() == 4 && (s[2] == "deleted" || s[2] == "updated") && s[3].empty()) {
    return Replication(org, call, *object, s[2] == "deleted");
  }
  if (s.size() == 3 || s.size() == 4) return GetRecord(org, call, *object);
  return std::nullopt;
}

}  // namespace salesync::sandbox::salesforce
