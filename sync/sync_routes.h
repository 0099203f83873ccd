// The admin API of syncs and people, registered into the admin router:
//
//   GET  /api/v1/syncs                 every sync: streams, progress, checkpoints, budget, write-back queue
//   GET  /api/v1/syncs/{name}          one sync, the same shape
//   POST /api/v1/syncs/{name}/start    start it (remembered; it then runs on its schedule) and run it now
//   POST /api/v1/syncs/{name}/run      run it now
//   GET  /api/v1/people/{email}        the unified person(s) with that e-mail: links, conflicts, activities
//   GET  /api/v1/people                totals: people, records by connection and object, activities
//   GET  /api/v1/mappings              the configured mappings and their versions
//   GET  /api/v1/mappings/{name}/preview?limit=N&refresh=1&format=text&width=W
//                                      the field table, sample records and summary on live data (JSON, or
//                                      the terminal rendering with format=text)
// Thread-safety: handlers are thread-safe.
#pragma once

#include "admin/router.h"
#include "store/sync_store.h"
#include "sync/mapping_preview.h"
#include "sync/scheduler.h"

namespace salesync::sync {

void RegisterSyncRoutes(admin::Router& router, SyncScheduler* scheduler, store::SyncStore* store);
// `mappings` is read at each request, so a reload's mappings apply at once.
void RegisterMappingRoutes(admin::Router& router, LiveMappingPreview* previews,
                           std::function<std::map<std::string, config::MappingSpec>()> mappings);

}  // namespace salesync::sync
