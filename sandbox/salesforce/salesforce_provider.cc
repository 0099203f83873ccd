#include "sandbox/salesforce/salesforce_provider.h"

#include "base/log.h"
#include "base/strings.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::salesforce {

namespace {

// The raw path split at '/', each segment percent-decoded on its own (so an upsert value may hold "%2F").
std::vector<std::string> Segments(const net::HttpRequest& r) {
  std::string raw = r.target.substr(0, r.target.find('?'));
  if (raw.empty()) raw = r.path;
  std::vector<std::string> out;
  for (const auto& piece : SplitString(raw, '/')) {
    out.push_back(net::PercentDecode(piece, false).value_or(piece));
  }
  if (!out.empty() && out.front().empty()) out.erase(out.begin());
  return out;
}

// "v60.0" -> 60; "latest" -> the newest; -1 when malformed.
int ParseVersion(const std::string& s) {
  if (s == "latest") return kLatestApiVersion;
  if (s.size() < 4 || s[0] != 'v' || s.substr(s.size() - 2) != ".0") return -1;
  std::string digits = s.substr(1, s.size() - 3);
  if (digits.empty() || digits.size() > 3) return -1;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
  }
  return std::stoi(digits);
}

std::string MessageFor(const std::string& code) {
  if (code == "REQUEST_LIMIT_EXCEEDED") return "TotalRequests Limit exceeded.";
  if (code == "QUERY_TIMEOUT") return "Your query request was running for too long.";
  if (code == "INVALID_SESSION_ID") return "Session expired or invalid";
  if (code == "SERVER_UNAVAILABLE") return "Server temporarily unavailable. Please try again.";
  if (code == "UNABLE_TO_LOCK_ROW") return "unable to obtain exclusive access to this record or 1 records";
  if (code == "INVALID_QUERY_LOCATOR") return "invalid query locator";
  return "An unexpected error occurred. Please include this ErrorId if you contact support: 1793491200-4242 (-1)";
}

std::string CodeForStatus(int status) {
  switch (status) {
    case 401: return "INVALID_SESSION_ID";
    case 403: return "REQUEST_LIMIT_EXCEEDED";
    case 404: return "NOT_FOUND";
    case 503: return "SERVER_UNAVAILABLE";
    default: return "UNKNOWN_EXCEPTION";
  }
}

}  // namespace

SalesforceProvider::SalesforceProvider(std::shared_ptr<SandboxEnvironment> env)
    : org_(std::make_unique<SalesforceOrg>(env)) {
  if (!env->options.salesforce_jwt_cert_file.empty()) {
    std::FILE* f = std::fopen(env->options.salesforce_jwt_cert_file.c_str(), "rb");
    std::string pem;
    if (f != nullptr) {
      char buf[4096];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) pem.append(buf, n);
      std::fclose(f);
    }
    // A bad file leaves JWT bearer refusing every assertion ("invalid assertion"), as an app without a
    // certificate does; the operator is told why.
    if (Status s = org_->oauth.SetJwtCertificate(pem); !s.ok()) {
      LogError("The Salesforce JWT certificate cannot be used.",
               {{"file", env->options.salesforce_jwt_cert_file}, {"reason", s.error().message}});
    }
  }
}

void SalesforceProvider::SetBaseUrl(const std::string& base_url) {
  org_->base_url = base_url;
  org_->oauth.SetBaseUrl(base_url);
}

net::HttpResponse SalesforceProvider::Handle(const net::HttpRequest& r) {
  const std::string& p = r.path;
  if (p == "/services/oauth2/authorize") return org_->oauth.Authorize(r);
  if (p == "/services/oauth2/token") return org_->oauth.Token(r);
  if (p == "/services/oauth2/revoke") return org_->oauth.Revoke(r);
  if (p == "/services/oauth2/introspect") return org_->oauth.Introspect(r);
  if (p == "/services/oauth2/userinfo" || StartsWith(p, "/id/")) {
    return org_->oauth.Identity(r, std::to_string(kLatestApiVersion) + ".0");
  }
  if (p == "/services/data" || StartsWith(p, "/services/data/")) return Rest(r);
  return ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
}

net::HttpResponse SalesforceProvider::Rest(const net::HttpRequest& r) {
  if (r.target.size() > kMaxUriBytes) {
    return ErrorArray(414, "URI_TOO_LONG", "The request URI is longer than 16,384 bytes.");
  }
  std::vector<std::string> s = Segments(r);  // {"services","data","v60.0",...}
  if (s.size() <= 2 || (s.size() == 3 && s[2].empty())) {
    if (r.method != "GET" && r.method != "HEAD") return ErrorArray(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + r.method + "' not allowed. Allowed are GET,HEAD");
    return JsonResponse(200, VersionsJson());
  }
  int version = ParseVersion(s[2]);
  if (version < 0 || version > kLatestApiVersion) return ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
  if (version < kOldestApiVersion) {
    return ErrorArray(410, "UNSUPPORTED_API_VERSION", "This API version (" + std::to_string(version) +
                                                          ".0) has been retired. Use a newer version.");
  }
  auto session = org_->oauth.Authenticate(r);
  if (!session) return ExpiredTokenResponse();

  SalesforceOrg& org = *org_;
  const int64_t now = org.env->clock.NowUnixMillis();
  int64_t used = org.usage.TryCount(now);
  auto limit_info = [&](net::HttpResponse res, int64_t n) {
    res.headers.push_back({"Sforce-Limit-Info", "api-usage=" + std::to_string(n) + "/" + std::to_string(org.usage.limit())});
    return res;
  };
  if (used < 0) {
    org.env->effects.RecordLimitViolation("salesforce", "DailyApiRequests", now);
    return limit_info(ErrorArray(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), org.usage.Used(now));
  }
  RestCall call;
  call.request = &r;
  call.session = *session;
  call.version = version;
  call.version_path = "/services/data/v" + std::to_string(version) + ".0";
  call.segments.assign(s.begin() + 3, s.end());
  if (!call.segments.empty() && call.segments.back().empty() && call.segments.size() == 1) call.segments.clear();
  std::optional<net::HttpResponse> res = HandleRead(org, call);
  if (!res) res = HandleWrite(org, call);
  if (!res) res = ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
  return limit_info(std::move(*res), used);
}

std::string SalesforceProvider::EndpointKey(const net::HttpRequest& r) const {
  if (StartsWith(r.path, "/id/")) return r.method + " /id/{org}/{user}";
  if (!StartsWith(r.path, "/services/data/")) return r.method + " " + r.path;
  std::vector<std::string> s = Segments(r);
  std::string key = r.method;
  for (size_t i = 0; i < s.size(); ++i) {
    std::string seg = s[i];
    if (i >= 3) {
      if (ParseSalesforceId(seg)) seg = "{id}";
      else if (StartsWith(seg, "01g") && seg.find('-') != std::string::npos) seg = "{locator}";
      else if (i == 6 && s[3] == "sobjects") seg = "{value}";
    }
    key += (i == 0 ? " /" : "/") + seg;
  }
  return key;
}

net::HttpResponse SalesforceProvider::ControlRecords(const net::HttpRequest& r, const std::vector<std::string>& parts,
                                                     const nlohmann::json& body) {
  SalesforceOrg& org = *org_;
  if (parts.size() < 2) return SandboxJson(404, {{"error", "Name the object: /_sandbox/records/{Type}[/{Id}]"}});
  const ObjectSpec* object = Schema().Find(parts[1]);
  if (object == nullptr) return SandboxJson(404, {{"error", "The org has no object " + parts[1] + "."}});
  const std::string admin = PeopleUniverse::SalesforceId("005", 1);
  const int64_t now = org.env->clock.NowUnixMillis();
  auto effect = [&](const std::string& verb, const std::string& id, const nlohmann::json& result) {
    Effect e;
    e.at_unix_millis = now;
    e.provider = "salesforce";
    e.actor = "control";
    e.operation = ToLowerAscii(object->name) + "." + verb;
    e.endpoint = r.method + " " + r.path;
    if (!id.empty()) e.records.push_back(id);
    e.result = result;
    org.env->effects.Record(std::move(e));
  };
  std::unique_lock<std::shared_mutex> lock(org.store_mu);
  RecordStore& store = *org.store;
  if (parts.size() == 2 && r.method == "POST") {
    auto w = store.PrepareCreate(*object, body.is_null() ? nlohmann::json::object() : body, WriteMode::kControl, admin, nullptr);
    if (auto* e = std::get_if<WriteError>(&w)) {
      return SandboxJson(400, {{"errorCode", e->code}, {"message", e->message}, {"fields", e->fields}});
    }
    std::string id = store.Apply(std::move(std::get<PreparedWrite>(w)), now);
    effect("create", id, {{"status", 201}});
    return SandboxJson(201, {{"id", id}, {"record", nlohmann::json::parse(RecordJson(*store.FindById(id), "/services/data/v" + std::to_string(kLatestApiVersion) + ".0").dump())}});
  }
  if (parts.size() != 3) return SandboxJson(405, {{"error", "Use POST records/{Type} or GET|PATCH|DELETE records/{Type}/{Id}."}});
  auto id = ParseSalesforceId(parts[2]);
  if (!id || id->spec != object) return SandboxJson(404, {{"error", parts[2] + " is not an id of " + object->name + "."}});
  const std::string version_path = "/services/data/v" + std::to_string(kLatestApiVersion) + ".0";
  if (r.method == "GET") {
    auto row = store.Find(*object, id->number);
    if (!row) return SandboxJson(404, {{"error", "No " + object->name + " " + parts[2] + "."}});
    return SandboxJson(200, {{"record", nlohmann::json::parse(RecordJson(*row, version_path).dump())}});
  }
  std::variant<PreparedWrite, WriteError> w = WriteError{};
  if (r.method == "PATCH") w = store.PrepareUpdate(*object, id->number, body.is_null() ? nlohmann::json::object() : body, WriteMode::kControl, admin, nullptr);
  else if (r.method == "DELETE") w = store.PrepareDelete(*object, id->number);
  else return SandboxJson(405, {{"error", "Use GET, PATCH or DELETE on a record."}});
  if (auto* e = std::get_if<WriteError>(&w)) {
    return SandboxJson(e->code == "NOT_FOUND" ? 404 : 400, {{"errorCode", e->code}, {"message", e->message}, {"fields", e->fields}});
  }
  std::string applied = store.Apply(std::move(std::get<PreparedWrite>(w)), now);
  effect(r.method == "PATCH" ? "update" : "delete", applied, {{"status", 200}});
  return SandboxJson(200, {{"id", applied}, {"record", nlohmann::json::parse(RecordJson(*store.FindById(applied), version_path).dump())}});
}

std::optional<net::HttpResponse> SalesforceProvider::HandleControl(const net::HttpRequest& r, const std::string& subpath) {
  std::vector<std::string> parts = SplitString(subpath, '/');
  nlohmann::json body;
  if (!r.body.empty()) {
    try {
      body = nlohmann::json::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      return SandboxJson(400, {{"error", "The body is not JSON."}});
    }
  }
  SalesforceOrg& org = *org_;
  if (parts[0] == "records") return ControlRecords(r, parts, body);
  if (subpath == "tokens/expire" && r.method == "POST") {
    if (body.value("all", false)) return SandboxJson(200, {{"expired", org.oauth.ExpireAllAccessTokens()}});
    bool ok = org.oauth.ExpireToken(body.value("token", ""));
    return SandboxJson(ok ? 200 : 404, {{"expired", ok ? 1 : 0}});
  }
  if (subpath == "tokens/revoke" && r.method == "POST") {
    bool ok = org.oauth.RevokeToken(body.value("token", ""));
    return SandboxJson(ok ? 200 : 404, {{"revoked", ok}});
  }
  if (subpath == "jwt-certificate" && r.method == "POST") {
    Status s = org.oauth.SetJwtCertificate(body.value("pem", ""));
    if (!s.ok()) return SandboxJson(400, {{"error", s.error().message}});
    return SandboxJson(200, {{"registered", true}});
  }
  if (subpath == "settings") {
    OAuthSettings s = org.oauth.settings();
    if (r.method == "POST") {
      s.rotate_refresh_tokens = body.value("rotate_refresh_tokens", s.rotate_refresh_tokens);
      s.auto_approve = body.value("auto_approve", s.auto_approve);
      s.token_ttl_secs = body.value("token_ttl_secs", s.token_ttl_secs);
      if (body.contains("redirect_uris")) s.redirect_uris = body["redirect_uris"].get<std::vector<std::string>>();
      org.oauth.UpdateSettings(s);
      if (body.contains("daily_limit")) org.usage.set_limit(body["daily_limit"].get<int64_t>());
      if (body.contains("page_size")) org.page_size = std::max<int64_t>(1, body["page_size"].get<int64_t>());
    }
    return SandboxJson(200, {{"rotate_refresh_tokens", s.rotate_refresh_tokens}, {"auto_approve", s.auto_approve},
                             {"token_ttl_secs", s.token_ttl_secs}, {"redirect_uris", s.redirect_uris},
                             {"daily_limit", org.usage.limit()}, {"page_size", org.page_size.load()}});
  }
  if (subpath == "usage" && r.method == "GET") {
    return SandboxJson(200, {{"used", org.usage.Used(org.env->clock.NowUnixMillis())}, {"max", org.usage.limit()}});
  }
  return std::nullopt;
}

void SalesforceProvider::Reset(const SeedOptions& seed) {
  auto fresh = std::make_unique<RecordStore>(seed);
  std::unique_lock<std::shared_mutex> lock(org_->store_mu);
  org_->store = std::move(fresh);
  org_->queries.Clear();
  org_->oauth.Reset();
  org_->usage.Reset();
}

nlohmann::json SalesforceProvider::Describe() const {
  OAuthSettings s = org_->oauth.settings();
  nlohmann::json users = nlohmann::json::array();
  for (const auto& u : SandboxUsers()) users.push_back(u.username);
  return {{"login_url", org_->base_url},
          {"instance_url", org_->base_url},
          {"client_id", kClientId},
          {"client_secret", kClientSecret},
          {"org_id", org_->oauth.org_id()},
          {"api_version", std::to_string(kLatestApiVersion) + ".0"},
          {"usernames", users},
          {"integration_username", SandboxUsers()[1].username},
          {"redirect_uris", s.redirect_uris},
          {"auto_approve", s.auto_approve},
          {"rotate_refresh_tokens", s.rotate_refresh_tokens},
          {"token_ttl_secs", s.token_ttl_secs},
          {"daily_limit", org_->usage.limit()},
          {"page_size", org_->page_size.load()}};
}

net::HttpResponse SalesforceProvider::ProviderError(const std::string& code, int http_status) const {
  std::string c = code.empty() ? CodeForStatus(http_status) : code;
  return ErrorArray(http_status, c, MessageFor(c));
}

net::HttpResponse SalesforceProvider::ExpiredTokenResponse() const {
  return ErrorArray(401, "INVALID_SESSION_ID", "Session expired or invalid");
}

std::unique_ptr<Provider> MakeSalesforceProvider(std::shared_ptr<SandboxEnvironment> env) {
  return std::make_unique<SalesforceProvider>(std::move(env));
}

}  // namespace salesync::sandbox::salesforce
