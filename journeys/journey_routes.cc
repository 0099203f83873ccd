#include "journeys/journey_routes.h"

#include <algorithm>
#include <set>

#include "admin/json_response.h"
#include "journeys/journey_simulate.h"

namespace salesync::journeys {

namespace {

using admin::PathParams;
using net::HttpRequest;
using net::HttpResponse;

// The admin API has one bearer token and no per-user identity yet; the CLI may name who acts.
std::string Actor(const HttpRequest& r) {
  auto who = r.Header("X-Salesync-Actor");
  return who && !who->empty() ? *who : "admin";
}

HttpResponse RowOr(const Result<store::JourneyRow>& row, int status = 200) {
  if (!row.ok()) return admin::ErrorResponse(row.error());
  return admin::JsonResponse(status, RowToJson(*row, true));
}

std::optional<int64_t> JobId(const PathParams& p) {
  const std::string& s = p.at("id");
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 18) return std::nullopt;
  return std::stoll(s);
}

}  // namespace

nlohmann::json JobToJson(const store::JobRow& j) {
  nlohmann::json out = {{"id", j.id},
                        {"key", j.key},
                        {"journey", j.journey},
                        {"node", j.node},
                        {"subject", j.subject},
                        {"action", j.action},
                        {"connection", j.connection},
                        {"state", j.state},
                        {"attempts", j.attempts},
                        {"next_attempt_ms", j.next_attempt_ms},
                        {"outcome", j.outcome},
                        {"last_error", j.last_error},
                        {"created_ms", j.created_ms},
                        {"updated_ms", j.updated_ms},
                        {"settings", j.payload.value("settings", nlohmann::json::object())}};
  if (j.intent_ms) out["intent_ms"] = *j.intent_ms;
  return out;
}

void RegisterJourneyRoutes(admin::Router& router, JourneyService* service, JourneyScheduler* scheduler,
                           std::function<int64_t()> now_ms) {
  router.Add("GET", "/api/v1/journeys", true, [service](const HttpRequest& r, const PathParams&) {
    auto rows = service->List(r.QueryParam("search").value_or(""), r.QueryParam("sort").value_or(""));
    if (!rows.ok()) return admin::ErrorResponse(rows.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& row : *rows) list.push_back(RowToJson(row, false));
    return admin::JsonResponse(200, {{"journeys", list}});
  });
  router.Add("POST", "/api/v1/journeys", true, [service](const HttpRequest& r, const PathParams&) {
    nlohmann::json body;
    HttpResponse bad;
    if (!admin::ParseJsonBody(r, body, bad)) return bad;
    return RowOr(service->Create(body, Actor(r)), 201);
  });
  router.Add("POST", "/api/v1/journeys/run", true, [scheduler](const HttpRequest&, const PathParams&) {
    auto stats = scheduler->RunOnce();
    if (!stats.ok()) return admin::ErrorResponse(stats.error());
    return admin::JsonResponse(200, ToJson(*stats));
  });
  router.Add("GET", "/api/v1/journeys/{name}", true, [service](const HttpRequest&, const PathParams& p) {
    auto j = service->Show(p.at("name"));
    if (!j.ok()) return admin::ErrorResponse(j.error());
    return admin::JsonResponse(200, *j);
  });
  router.Add("PUT", "/api/v1/journeys/{name}", true, [service](const HttpRequest& r, const PathParams& p) {
    nlohmann::json body;
    HttpResponse bad;
    if (!admin::ParseJsonBody(r, body, bad)) return bad;
    return RowOr(service->Edit(p.at("name"), body, Actor(r)));
  });
  router.Add("DELETE", "/api/v1/journeys/{name}", true, [service](const HttpRequest&, const PathParams& p) {
    Status s = service->Delete(p.at("name"));
    if (!s.ok()) return admin::ErrorResponse(s.error());
    return admin::JsonResponse(200, {{"deleted", p.at("name")}});
  });
  router.Add("POST", "/api/v1/journeys/{name}/publish", true, [service, scheduler](const HttpRequest& r, const PathParams& p) {
    auto row = service->Publish(p.at("name"), Actor(r));
    if (row.ok() && scheduler) scheduler->Wake();
    return RowOr(row);
  });
  router.Add("POST", "/api/v1/journeys/{name}/close", true, [service](const HttpRequest& r, const PathParams& p) {
    return RowOr(service->Close(p.at("name"), Actor(r)));
  });
  router.Add("POST", "/api/v1/journeys/{name}/abort", true, [service](const HttpRequest& r, const PathParams& p) {
    return RowOr(service->Abort(p.at("name"), Actor(r)));
  });
  router.Add("POST", "/api/v1/journeys/{name}/duplicate", true, [service](const HttpRequest& r, const PathParams& p) {
    nlohmann::json body = nlohmann::json::object();
    HttpResponse bad;
    if (!r.body.empty() && !admin::ParseJsonBody(r, body, bad)) return bad;
    DuplicateRequest d;
    d.name = body.value("name", "");
    if (body.contains("description") && body["description"].is_string()) d.description = body["description"];
    d.type = body.value("type", "partial");
    return RowOr(service->Duplicate(p.at("name"), d, Actor(r)), 201);
  });
  router.Add("GET", "/api/v1/journeys/{name}/simulate", true, [service](const HttpRequest&, const PathParams& p) {
    auto row = service->store()->GetJourney(p.at("name"));
    if (!row.ok()) return admin::ErrorResponse(row.error());
    auto journey = ParseJourney(row->document, service->connection_types());
    if (!journey.ok()) return admin::ErrorResponse(journey.error());
    auto sim = Simulate(service->store(), *journey, service->api() ? service->api()->budget() : nullptr);
    if (!sim.ok()) return admin::ErrorResponse(sim.error());
    return admin::JsonResponse(200, *sim);
  });

  router.Add("GET", "/api/v1/jobs", true, [service](const HttpRequest& r, const PathParams&) {
    std::string state = r.QueryParam("state").value_or("");
    static const std::set<std::string> kStates = {"",     "queued", "in_flight", "reconciling", "done",
                                                  "dead", "paused", "cancelled"};
    if (!kStates.count(state)) {
      return admin::JsonError(400, "invalid_argument",
                              "Unknown job state \"" + state +
                                  "\"; use queued, in_flight, reconciling, done, dead, paused or cancelled.");
    }
    int64_t limit = std::clamp<int64_t>(std::atoll(r.QueryParam("limit").value_or("200").c_str()), 1, 10000);
    auto jobs = service->store()->ListJobs(state, static_cast<int>(limit));
    if (!jobs.ok()) return admin::ErrorResponse(jobs.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& j : *jobs) list.push_back(JobToJson(j));
    return admin::JsonResponse(200, {{"jobs", list}});
  });
  router.Add("GET", "/api/v1/jobs/{id}", true, [service](const HttpRequest&, const PathParams& p) {
    auto id = JobId(p);
    if (!id) return admin::JsonError(400, "invalid_argument", "A job id is a number.");
    auto job = service->store()->GetJob(*id);
    if (!job.ok()) return admin::ErrorResponse(job.error());
    if (!*job) return admin::JsonError(404, "not_found", "There is no job " + p.at("id") + ".");
    return admin::JsonResponse(200, JobToJson(**job));
  });
  router.Add("POST", "/api/v1/jobs/{id}/retry", true, [service, scheduler, now_ms](const HttpRequest&, const PathParams& p) {
    auto id = JobId(p);
    if (!id) return admin::JsonError(400, "invalid_argument", "A job id is a number.");
    auto job = service->store()->RetryJob(*id, now_ms());
    if (!job.ok()) return admin::ErrorResponse(job.error());
    if (scheduler) scheduler->Wake();
    return admin::JsonResponse(200, JobToJson(*job));
  });
  router.Add("POST", "/api/v1/jobs/{id}/cancel", true, [service, now_ms](const HttpRequest&, const PathParams& p) {
    auto id = JobId(p);
    if (!id) return admin::JsonError(400, "invalid_argument", "A job id is a number.");
    auto job = service->store()->CancelJob(*id, now_ms());
    if (!job.ok()) return admin::ErrorResponse(job.error());
    return admin::JsonResponse(200, JobToJson(*job));
  });
}

}  // namespace salesync::journeys
