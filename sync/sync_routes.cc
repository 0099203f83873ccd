#include "sync/sync_routes.h"

#include "admin/json_response.h"

namespace salesync::sync {

using admin::JsonError;
using admin::JsonResponse;
using admin::PathParams;
using net::HttpRequest;

void RegisterSyncRoutes(admin::Router& router, SyncScheduler* scheduler, store::SyncStore* store) {
  router.Add("GET", "/api/v1/syncs", true, [scheduler](const HttpRequest&, const PathParams&) {
    return JsonResponse(200, {{"syncs", scheduler->List()}});
  });
  router.Add("GET", "/api/v1/syncs/{name}", true, [scheduler](const HttpRequest&, const PathParams& p) {
    auto j = scheduler->Describe(p.at("name"));
    if (j.is_null()) return JsonError(404, "not_found", "No sync named \"" + p.at("name") + "\" is configured.");
    return JsonResponse(200, j);
  });
  router.Add("POST", "/api/v1/syncs/{name}/start", true, [scheduler](const HttpRequest&, const PathParams& p) {
    int64_t before = scheduler->RunsCompleted(p.at("name"));
    Status s = scheduler->StartSync(p.at("name"));
    if (!s.ok()) return admin::ErrorResponse(s.error());
    return JsonResponse(202, {{"sync", p.at("name")}, {"started", true}, {"runs_completed", before},
                              {"message", "Started; the first run begins now and later runs follow the schedule."}});
  });
  router.Add("POST", "/api/v1/syncs/{name}/run", true, [scheduler](const HttpRequest&, const PathParams& p) {
    int64_t before = scheduler->RunsCompleted(p.at("name"));
    Status s = scheduler->RunNow(p.at("name"));
    if (!s.ok()) return admin::ErrorResponse(s.error());
    return JsonResponse(202, {{"sync", p.at("name")}, {"runs_completed", before}, {"message", "A run was requested."}});
  });
  router.Add("GET", "/api/v1/people", true, [store](const HttpRequest&, const PathParams&) {
    auto totals = store->Totals();
    if (!totals.ok()) return admin::ErrorResponse(totals.error());
    return JsonResponse(200, *totals);
  });
  router.Add("GET", "/api/v1/people/{email}", true, [store](const HttpRequest& r, const PathParams& p) {
    int64_t limit = 20;
    if (auto l = r.QueryParam("activities")) limit = std::clamp<int64_t>(std::atoll(l->c_str()), 0, 1000);
    auto people = store->PeopleByEmail(p.at("email"), limit);
    if (!people.ok()) return admin::ErrorResponse(people.error());
    if (people->empty()) return JsonError(404, "not_found", "Nobody with the e-mail " + p.at("email") + " has been synced.");
    return JsonResponse(200, {{"people", *people}});
  });
}

}  // namespace salesync::sync
