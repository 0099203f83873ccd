// SalesforceOrg: the state of one emulated org that the REST handlers share, and the helpers that give
// every REST answer Salesforce's shape (error arrays, Sforce-Limit-Info, API versions).
//
// The record store sits behind a shared mutex: reads (queries, describe, GET record) take it shared,
// writes and reseeding take it exclusively. The OAuth server, query cursors and API usage guard
// themselves.
// Thread-safety: see above; handlers are called concurrently from the loop threads.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"
#include "sandbox/provider.h"
#include "sandbox/salesforce/salesforce_limits.h"
#include "sandbox/salesforce/salesforce_oauth.h"
#include "sandbox/salesforce/salesforce_query.h"
#include "sandbox/salesforce/salesforce_records.h"

namespace salesync::sandbox::salesforce {

// API versions served: 31.0 (Summer '14) .. kLatestApiVersion; older ones are retired (410).
inline constexpr int kOldestApiVersion = 31;
inline constexpr int kLatestApiVersion = 67;  // Summer '26
// Upserts that update answer 200 {"created":false} from this version on, 204 before it.
inline constexpr int kUpsertBodyFromVersion = 46;
inline constexpr size_t kMaxUriBytes = 16384;
inline constexpr size_t kMaxCollectionRecords = 200;

struct SalesforceOrg {
  explicit SalesforceOrg(std::shared_ptr<SandboxEnvironment> e)
      : env(e), oauth(e), usage(e->options.salesforce_daily_limit), page_size(e->options.salesforce_page_size) {
    store = std::make_unique<RecordStore>(e->options.seed);
  }

  std::shared_ptr<SandboxEnvironment> env;
  std::shared_mutex store_mu;
  std::unique_ptr<RecordStore> store;
  QueryEngine queries;
  OAuthServer oauth;
  ApiUsage usage;
  std::atomic<int64_t> page_size;
  std::string base_url;
};

// What one REST call is about, once authenticated and counted.
struct RestCall {
  const net::HttpRequest* request = nullptr;
  Session session;
  int version = kLatestApiVersion;
  std::string version_path;           // "/services/data/v60.0"
  std::vector<std::string> segments;  // decoded path segments after the version: {"sobjects","Contact","003…"}
};

// [{"message":…,"errorCode":…,"fields":[…]}] with the given status.
net::HttpResponse ErrorArray(int status, const std::string& code, const std::string& message,
                             const std::vector<std::string>& fields = {}, bool with_fields = false);
// The Salesforce-shaped JSON response (application/json;charset=UTF-8).
net::HttpResponse JsonResponse(int status, const nlohmann::json& body);
// Keys in insertion order, where Salesforce's order is part of the shape (records, error objects).
net::HttpResponse OrderedJsonResponse(int status, const nlohmann::ordered_json& body);
net::HttpResponse JsonText(int status, std::string body);
// "Label" of an API version: 60 -> "Spring '24".
std::string ReleaseLabel(int version);
nlohmann::json VersionsJson();

// Read endpoints (salesforce_rest.cc) and writes (salesforce_writes.cc); both return nullopt when the
// path is not theirs.
std::optional<net::HttpResponse> HandleRead(SalesforceOrg& org, const RestCall& call);
std::optional<net::HttpResponse> HandleWrite(SalesforceOrg& org, const RestCall& call);
// The record as the REST API prints it: attributes first, then `fields` (all when empty).
nlohmann::ordered_json RecordJson(const Record& record, const std::string& version_path, const std::vector<int>& fields = {});

}  // namespace salesync::sandbox::salesforce
