#include "sync/sync_routes.h"

#include "admin/json_response.h"
#include "mapping/spec_version.h"

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
  router.Add("POST", "/api/v1/syncs/{name}/start", true, [scheduler](const HttpRequest& r, const PathParams& p) {
    // {"accepted_version": V}: the mapping version whose preview the admin accepted (syncs with a mapping).
    std::string accepted;
    if (!r.body.empty()) {
      nlohmann::json body;
      net::HttpResponse bad;
      if (!admin::ParseJsonBody(r, body, bad)) return bad;
      if (body.is_object()) accepted = body.value("accepted_version", "");
    }
    int64_t before = scheduler->RunsCompleted(p.at("name"));
    Status s = scheduler->StartSync(p.at("name"), accepted);
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

void RegisterMappingRoutes(admin::Router& router, LiveMappingPreview* previews,
                           std::function<std::map<std::string, config::MappingSpec>()> mappings) {
  router.Add("GET", "/api/v1/mappings", true, [mappings](const HttpRequest&, const PathParams&) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, spec] : mappings()) {
      out.push_back({{"name", name},
                     {"version", mapping::SpecVersion(spec)},
                     {"source", spec.source.connection + "/" + spec.source.object},
                     {"target", spec.target.connection + "/" + spec.target.object},
                     {"fields", spec.fields.size()}});
    }
    return JsonResponse(200, {{"mappings", out}});
  });
  router.Add("GET", "/api/v1/mappings/{name}/preview", true,
             [previews, mappings](const HttpRequest& r, const PathParams& p) {
               auto all = mappings();
               auto it = all.find(p.at("name"));
               if (it == all.end()) {
                 return JsonError(404, "not_found", "No mapping named \"" + p.at("name") + "\" is configured.");
               }
               size_t limit = 20;
               if (auto l = r.QueryParam("limit")) limit = static_cast<size_t>(std::clamp<int64_t>(std::atoll(l->c_str()), 1, 200));
               bool refresh = r.QueryParam("refresh").value_or("") == "1";
               auto preview = previews->Build(it->second, limit, refresh);
               if (!preview.ok()) return admin::ErrorResponse(preview.error());
               if (r.QueryParam("format").value_or("") == "text") {
                 size_t width = 120;
                 if (auto w = r.QueryParam("width")) width = static_cast<size_t>(std::clamp<int64_t>(std::atoll(w->c_str()), 40, 400));
                 return net::HttpResponse::Text(200, mapping::RenderPreviewTable(*preview, width), "text/plain;charset=UTF-8");
               }
               return JsonResponse(200, mapping::ToJson(*preview));
             });
}

}  // namespace salesync::sync
