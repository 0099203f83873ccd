#include "sandbox/marketo/marketo_provider.h"

#include <mutex>

#include "base/random.h"
#include "base/strings.h"
#include "sandbox/marketo/marketo_activities.h"
#include "sandbox/marketo/marketo_campaigns.h"
#include "sandbox/marketo/marketo_control.h"
#include "sandbox/marketo/marketo_custom_activities.h"
#include "sandbox/marketo/marketo_envelope.h"
#include "sandbox/marketo/marketo_leads.h"
#include "sandbox/marketo/marketo_lists.h"
#include "sandbox/marketo/marketo_time.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::marketo {

namespace {

std::string RandomOr(size_t n, const std::string& fallback) {
  auto r = RandomHex(n);
  return r.ok() ? *r : fallback;
}

std::string NewClientId() {
  std::string h = RandomOr(16, std::string(32, '1'));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

net::HttpResponse HtmlError(int status, const std::string& title) {
  return net::HttpResponse::Text(status, "<html><head><title>" + title + "</title></head><body><h1>" + title +
                                             "</h1></body></html>\n",
                                 "text/html");
}

// The error code of a Marketo error envelope, "" otherwise.
std::string ErrorCodeOf(const net::HttpResponse& r) {
  if (r.stream || r.body.find("\"success\":false") == std::string::npos) return "";
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("errors") || !j["errors"].is_array() || j["errors"].empty()) return "";
  return j["errors"][0].value("code", std::string());
}

}  // namespace

MarketoProvider::MarketoProvider(std::shared_ptr<SandboxEnvironment> env)
    : env_(std::move(env)),
      auth_(NewClientId(), RandomOr(16, "sandbox-secret"), env_->options.marketo_token_ttl_secs,
            env_->options.marketo_reject_query_token),
      limits_(LimitSettings{env_->options.marketo_rate_per_20s, env_->options.marketo_concurrency,
                            env_->options.marketo_daily_quota},
              &env_->effects),
      data_(std::make_unique<MarketoData>(env_->options.seed)),
      bulk_(std::make_unique<BulkExports>(env_->options.marketo_bulk_daily_mb)) {
  AddLeadRoutes(routes_);
  AddActivityRoutes(routes_);
  AddCustomActivityRoutes(routes_);
  AddListRoutes(routes_);
  AddCampaignRoutes(routes_);
  AddStatsRoutes();
  bulk_->AddRoutes(routes_);
}

MarketoProvider::~MarketoProvider() = default;

void MarketoProvider::SetBaseUrl(const std::string& base_url) { base_url_ = base_url; }

void MarketoProvider::AddStatsRoutes() {
  auto usage = [this](int64_t day) {
    MarketoLimits::DayUsage u = limits_.Usage(day);
    nlohmann::json users = nlohmann::json::array();
    for (const auto& [client, count] : u.by_user) users.push_back({{"userId", auth_.scope()}, {"count", count}});
    return nlohmann::json{{"date", FormatDay(day)}, {"total", u.total}, {"users", users}};
  };
  auto errors = [this](int64_t day) {
    MarketoLimits::DayUsage u = limits_.Usage(day);
    nlohmann::json list = nlohmann::json::array();
    int64_t total = 0;
    for (const auto& [code, count] : u.errors) {
      list.push_back({{"errorCode", code}, {"count", count}});
      total += count;
    }
    return nlohmann::json{{"date", FormatDay(day)}, {"total", total}, {"errors", list}};
  };
  routes_.Add("GET", "/rest/v1/stats/usage.json", DataAccess::kNone,
              [usage](MarketoCall& c) { return c.Ok(nlohmann::json::array({usage(CentralDay(c.now))})); });
  routes_.Add("GET", "/rest/v1/stats/usage/last7days.json", DataAccess::kNone, [usage](MarketoCall& c) {
    nlohmann::json out = nlohmann::json::array();
    int64_t today = CentralDay(c.now);
    for (int64_t d = today - 6; d <= today; ++d) out.push_back(usage(d));
    return c.Ok(out);
  });
  routes_.Add("GET", "/rest/v1/stats/errors.json", DataAccess::kNone,
              [errors](MarketoCall& c) { return c.Ok(nlohmann::json::array({errors(CentralDay(c.now))})); });
  routes_.Add("GET", "/rest/v1/stats/errors/last7days.json", DataAccess::kNone, [errors](MarketoCall& c) {
    nlohmann::json out = nlohmann::json::array();
    int64_t today = CentralDay(c.now);
    for (int64_t d = today - 6; d <= today; ++d) out.push_back(errors(d));
    return c.Ok(out);
  });
}

net::HttpResponse MarketoProvider::Counted(net::HttpResponse response, int64_t now) {
  std::string code = ErrorCodeOf(response);
  if (!code.empty()) limits_.CountError(now, code);
  return response;
}

net::HttpResponse MarketoProvider::Handle(const net::HttpRequest& raw) {
  int64_t now = env_->clock.NowUnixMillis();
  // Real HTTP errors first, as the service's front end answers them.
  if (raw.target.size() > kMaxUriBytes) return HtmlError(414, "414 Request-URI Too Large");
  if (raw.body.size() > kMaxBodyBytes) return HtmlError(413, "413 Request Entity Too Large");
  std::string path = NormalizePath(raw.path);
  if (path == "/identity/oauth/token") return auth_.HandleTokenRequest(raw, now);
  if (StartsWith(path, "/identity")) return HtmlError(404, "404 Not Found");
  return Counted(Dispatch(raw, now), now);
}

net::HttpResponse MarketoProvider::Dispatch(const net::HttpRequest& raw, int64_t now) {
  TokenCheck token = auth_.Check(raw, now);
  if (!token.error_code.empty()) return Failure(token.error_code, "", now);

  ParseOutcome parsed = ParseMarketoRequest(raw);
  RouteMatch match = routes_.Match(parsed.request.method, parsed.request.path);
  if (!match.route && match.method_mismatch) {
    return Failure("605", "Request method '" + parsed.request.method + "' not supported", now);
  }
  std::string rejected = limits_.Admit(now, env_->effects.InFlight("marketo"), token.client_id);
  if (!rejected.empty()) return Failure(rejected, limits_.Message(rejected), now);
  if (!match.route) return Failure("610", "Requested resource not found", now);
  if (parsed.failure) return Failure(parsed.failure->code, parsed.failure->message, now);

  MarketoCall call{parsed.request, std::move(match.captures), token.client_id,
                   match.route->method + " " + match.route->pattern, now, env_.get(), nullptr};
  switch (match.route->access) {
    case DataAccess::kNone:
      return match.route->handler(call);
    case DataAccess::kRead: {
      std::shared_lock<std::shared_mutex> lock(data_mu_);
      call.data = data_.get();
      return match.route->handler(call);
    }
    case DataAccess::kWrite: {
      std::unique_lock<std::shared_mutex> lock(data_mu_);
      call.data = data_.get();
      return match.route->handler(call);
    }
  }
  return Failure("611", "", now);
}

std::string MarketoProvider::EndpointKey(const net::HttpRequest& raw) const {
  std::string path = NormalizePath(raw.path);
  std::string method = raw.method;
  if (method == "POST") {
    // _method=GET travels in the query or the form body; count the call as the read it is.
    auto m = raw.QueryParam("_method");
    auto ct = raw.Header("Content-Type");
    if (!m && ct && StartsWith(ToLowerAscii(*ct), "application/x-www-form-urlencoded")) {
      for (auto& [k, v] : net::ParseQueryString(raw.body)) {
        if (k == "_method") m = v;
      }
    }
    if (m && (*m == "GET" || *m == "get")) method = "GET";
  }
  RouteMatch match = routes_.Match(method, path);
  if (match.route) return match.route->method + " " + match.route->pattern;
  return method + " " + path;
}

std::optional<net::HttpResponse> MarketoProvider::HandleControl(const net::HttpRequest& request,
                                                                const std::string& subpath) {
  int64_t now = env_->clock.NowUnixMillis();
  if (subpath == "tokens/expire" && request.method == "POST") {
    auth_.ExpireAll(now);
    return SandboxJson(200, {{"expired", true}});
  }
  if (subpath == "bulk/jobs" && request.method == "GET") return SandboxJson(200, {{"jobs", bulk_->JobsJson()}});
  if (subpath == "routes" && request.method == "GET") return SandboxJson(200, {{"routes", routes_.Describe()}});
  std::unique_lock<std::shared_mutex> lock(data_mu_);
  return HandleMarketoControl(request, subpath, *data_, *env_, now);
}

void MarketoProvider::Reset(const SeedOptions& seed) {
  std::unique_lock<std::shared_mutex> lock(data_mu_);
  data_ = std::make_unique<MarketoData>(seed);
  bulk_->Reset();
  limits_.Reset();
}

nlohmann::json MarketoProvider::Describe() const {
  std::shared_lock<std::shared_mutex> lock(data_mu_);
  const SandboxOptions& o = env_->options;
  const PeopleUniverse& u = data_->universe();
  return {{"client_id", auth_.client_id()},
          {"client_secret", auth_.client_secret()},
          {"identity_url", base_url_ + "/identity"},
          {"rest_url", base_url_ + "/rest"},
          {"bulk_url", base_url_ + "/bulk"},
          {"people", u.people()},
          {"activities_per_person", u.activities_per_person()},
          {"seed", u.seed()},
          {"static_lists", {1001, 1002, 1003, 1004, 1005}},
          {"trigger_campaigns", {2001, 2002, 2003}},
          {"limits",
           {{"rate_per_20s", o.marketo_rate_per_20s},
            {"concurrency", o.marketo_concurrency},
            {"daily_quota", o.marketo_daily_quota},
            {"token_ttl_secs", o.marketo_token_ttl_secs},
            {"bulk_daily_mb", o.marketo_bulk_daily_mb},
            {"reject_query_token", o.marketo_reject_query_token},
            {"batch_size", 300},
            {"max_body_bytes", kMaxBodyBytes},
            {"max_uri_bytes", kMaxUriBytes}}}};
}

net::HttpResponse MarketoProvider::ProviderError(const std::string& code, int http_status) const {
  int64_t now = env_->clock.NowUnixMillis();
  if (code.empty()) {
    return HtmlError(http_status, std::to_string(http_status) + (http_status == 503 ? " Service Unavailable" : " Error"));
  }
  // Marketo's errors travel in an HTTP 200 envelope whatever status the rule names.
  std::string message = limits_.Message(code);
  return Failure(code, message.empty() ? DefaultMessage(code) : message, now);
}

net::HttpResponse MarketoProvider::ExpiredTokenResponse() const {
  return Failure("602", "", env_->clock.NowUnixMillis());
}

std::unique_ptr<Provider> MakeMarketoProvider(std::shared_ptr<SandboxEnvironment> env) {
  return std::make_unique<MarketoProvider>(std::move(env));
}

}  // namespace salesync::sandbox::marketo
