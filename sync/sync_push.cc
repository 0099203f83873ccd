#include "sync/sync_push.h"

#include "base/log.h"
#include "mapping/plan.h"
#include "store/push_store.h"

namespace salesync::sync {

namespace {

PushRunResult NotRun(const RunDeps& deps, const std::string& sync, std::string status, std::string why) {
  deps.progress->Update(sync, "push", [&](StreamProgress& p) {
    p.state = status;
    p.run_finished_ms = deps.now_ms();
    p.last_error = why;
  });
  if (status == "failed") LogError("Push could not run.", {{"sync", sync}, {"error", why}});
  else LogWarning("Push paused.", {{"sync", sync}, {"reason", why}});
  PushRunResult r;
  r.status = std::move(status);
  r.error = std::move(why);
  return r;
}

}  // namespace

PushRunResult RunSyncPush(const RunDeps& deps, store::Store* store, const config::SyncConfig& sync,
                          const MappingAccess& access, const std::map<std::string, config::ConnectionConfig>& connections) {
  PushRunResult skipped;
  skipped.status = "skipped";
  if (sync.mapping.empty() || !access.spec || !access.describe) return skipped;
  std::optional<config::MappingSpec> spec = access.spec(sync.mapping);
  if (!spec) return skipped;
  auto conn = connections.find(spec->target.connection);
  if (conn == connections.end()) {
    return NotRun(deps, sync.name, "failed", "The mapping's target connection " + spec->target.connection + " is not configured.");
  }
  auto target = MakePushTarget(deps.api, conn->first, conn->second.type, spec->target.object);
  if (!target) {
    return NotRun(deps, sync.name, "failed", "Pushing mapped records to " + conn->second.type + " is not supported yet.");
  }
  auto describe = [&](const config::ObjectRefSpec& ref) { return access.describe(ref.connection, ref.object); };
  auto source = describe(spec->source);
  auto target_meta = source.ok() ? describe(spec->target) : Result<connectors::ObjectMetadata>(source.error());
  if (!target_meta.ok()) {
    const Error& e = target_meta.error();
    bool wait = e.code == ErrorCode::kUnauthenticated || e.code == ErrorCode::kRateLimited || e.code == ErrorCode::kTransient;
    return NotRun(deps, sync.name, wait ? "paused" : "failed", "Describe for the mapping " + sync.mapping + " failed: " + e.message);
  }
  auto plan = mapping::Plan::Compile(*spec, &*source, &*target_meta);
  if (!plan.ok()) return NotRun(deps, sync.name, "failed", plan.error().message);
  store::PushStore pushes(store);
  store::PushRoute route{sync.name, spec->source.connection, spec->source.object, spec->target.connection,
                         spec->target.object};
  return RunPush(deps, pushes, route, *plan, *target);
}

nlohmann::json PushStatusJson(store::Store* store, const config::SyncConfig& sync,
                              const std::optional<config::MappingSpec>& spec) {
  store::PushStore pushes(store);
  auto counts = pushes.Counts(sync.name);
  if (!counts.ok()) return nullptr;
  nlohmann::json j = {{"mapping", sync.mapping},
                      {"pending", counts->pending},
                      {"done", counts->done},
                      {"rejected", counts->rejected},
                      {"failed", counts->failed}};
  if (spec) j["target"] = {{"connection", spec->target.connection}, {"object", spec->target.object}};
  auto list = [](const std::vector<store::PushRejection>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) out.push_back({{"id", r.remote_id}, {"reason", r.reason}});
    return out;
  };
  j["last_rejections"] = list(counts->recent_rejections);
  j["last_failures"] = list(counts->recent_failures);
  return j;
}

}  // namespace salesync::sync
