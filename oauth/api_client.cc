#include "oauth/api_client.h"

#include <random>
#include <thread>

#include "base/log.h"

namespace salesync::oauth {

namespace {

net::HttpClient& ThreadClient() {
  thread_local net::HttpClient client;
  return client;
}

std::mt19937_64& ThreadRng() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return rng;
}

}  // namespace

bool BlockingSleep(std::chrono::milliseconds d) {
  std::this_thread::sleep_for(d);
  return true;
}

std::optional<std::pair<int64_t, int64_t>> ParseApiUsage(const std::string& header) {
  auto at = header.find("api-usage=");
  if (at == std::string::npos) return std::nullopt;
  const char* p = header.c_str() + at + 10;
  char* end = nullptr;
  long long used = std::strtoll(p, &end, 10);
  if (end == p || *end != '/') return std::nullopt;
  const char* q = end + 1;
  long long max = std::strtoll(q, &end, 10);
  if (end == q || max <= 0 || used < 0) return std::nullopt;
  return std::make_pair(static_cast<int64_t>(used), static_cast<int64_t>(max));
}

ApiClient::ApiClient(ConnectionManager* connections, MetricsRegistry* metrics, RetryPolicy policy, Sleeper sleep,
                     RateBudget* budget)
    : connections_(connections), metrics_(metrics), policy_(policy), sleep_(std::move(sleep)), budget_(budget) {
  metrics_->DeclareCounter("salesync_connection_calls_total", "Outbound API calls by connection and outcome class.");
  metrics_->DeclareCounter("salesync_connection_waits_seconds_total", "Seconds spent waiting for rate limits and backoff.");
}

Result<std::string> ApiClient::BaseUrl(const std::string& connection) {
  const auto* c = connections_->Config(connection);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + connection + "\" is configured.");
  if (c->type == "salesforce") {
    auto token = connections_->Token(connection);
    if (!token.ok()) return token.error();
    if (!token->instance_url.empty()) return token->instance_url;
  }
  std::string base = c->base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

Result<ApiResponse> ApiClient::Call(const std::string& connection, net::ClientRequest request, bool idempotent) {
  const auto* c = connections_->Config(connection);
  if (!c) return MakeError(ErrorCode::kNotFound, "No connection named \"" + connection + "\" is configured.");
  if (request.ca_file.empty()) request.ca_file = c->ca_file;
  if (!idempotent) request.fresh_connection = true;
  request.connect_timeout = std::chrono::seconds(c->connect_timeout_secs);
  request.timeout = std::chrono::seconds(c->timeout_secs);
  std::string path = request.url;
  bool refreshed = false;
  int rate_limited = 0;
  for (int attempt = 0;; ++attempt) {
    auto token = connections_->Token(connection);
    if (!token.ok()) {
      if (token.error().code != ErrorCode::kTransient || attempt + 1 >= policy_.max_attempts) return token.error();
      auto wait = FullJitterBackoff(attempt, policy_.base, policy_.cap, ThreadRng());
      if (!sleep_(wait)) return MakeError(ErrorCode::kTransient, "Shutting down.", connection);
      continue;
    }
    net::ClientRequest r = request;
    if (!path.empty() && path.front() == '/') {
      std::string base = c->type == "salesforce" && !token->instance_url.empty() ? token->instance_url : c->base_url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      r.url = base + path;
    }
    r.headers.push_back({"Authorization", "Bearer " + token->value.Reveal()});
    RateBudget::Ticket ticket;
    if (budget_) {
      auto t = budget_->Acquire(connection);
      if (!t.ok()) return t.error();
      ticket = std::move(t).value();
    }
    auto response = ThreadClient().Send(r);
    ticket.Release();
    if (budget_ && response.ok()) {
      auto usage = response->headers.find("Sforce-Limit-Info");
      if (usage != response->headers.end()) {
        if (auto u = ParseApiUsage(usage->second)) budget_->ObserveDailyUsage(connection, u->first, u->second);
      }
    }
    CallOutcome outcome = response.ok() ? ClassifyResponse(c->type, *response) : ClassifyTransportError(response.error());
    metrics_->AddCounter("salesync_connection_calls_total", {{"connection", connection}, {"class", CallClassName(outcome.cls)}});
    std::string where = connection + " " + r.method + " " + path.substr(0, path.find('?'));
    LogDebug("API call.", {{"connection", connection}, {"method", r.method}, {"path", path.substr(0, path.find('?'))},
                           {"class", CallClassName(outcome.cls)}, {"code", outcome.code}});
    switch (outcome.cls) {
      case CallClass::kSuccess:
        connections_->RecordSuccess(connection);
        return ApiResponse{std::move(*response), outcome};
      case CallClass::kAuthExpired: {
        if (refreshed) return OutcomeToError(outcome, where);
        refreshed = true;
        auto fresh = connections_->RefreshAfterRejection(connection, token->generation);
        if (!fresh.ok()) return fresh.error();
        --attempt;  // the retry after a refresh is not a failure attempt
        continue;
      }
      case CallClass::kRateLimited:
        if (budget_) {
          // The budget should have prevented this (another integration shares the limit, or the
          // configured limits are too generous): the whole connection waits out the provider's window.
          auto wait = std::max(outcome.retry_after, std::chrono::milliseconds(1000));
          if (wait > policy_.max_inline_wait || ++rate_limited > policy_.max_rate_limited) {
            return OutcomeToError(outcome, where);
          }
          budget_->Pause(connection, wait);
          metrics_->AddCounter("salesync_connection_waits_seconds_total", {{"connection", connection}},
                               std::chrono::duration<double>(wait).count());
          --attempt;  // waiting out a window is not a failed attempt
          continue;
        }
        [[fallthrough]];
      case CallClass::kTransient: {
        bool ambiguous = outcome.cls == CallClass::kTransient && !idempotent &&
                         (!response.ok() || response->status >= 500 || outcome.code == "malformed");
        if (ambiguous) {
          Error e = OutcomeToError(outcome, where);
          e.context = "ambiguous: " + where;
          return e;
        }
        if (attempt + 1 >= policy_.max_attempts) return OutcomeToError(outcome, where);
        auto wait = std::max(outcome.retry_after, FullJitterBackoff(attempt, policy_.base, policy_.cap, ThreadRng()));
        metrics_->AddCounter("salesync_connection_waits_seconds_total", {{"connection", connection}},
                             std::chrono::duration<double>(wait).count());
        LogInfo("Waiting before retrying an API call.", {{"connection", connection}, {"class", CallClassName(outcome.cls)},
                                                        {"code", outcome.code}, {"wait_ms", static_cast<int64_t>(wait.count())}});
        if (!sleep_(wait)) return MakeError(ErrorCode::kTransient, "Shutting down.", connection);
        continue;
      }
      case CallClass::kPermanent:
        return OutcomeToError(outcome, where);
    }
  }
}

}  // namespace salesync::oauth
