// The admin API of syncs and people, registered into the admin router:
//
//   GET  /api/v1/syncs                 every sync: streams, progress, checkpoints, budget, write-back queue
//   GET  /api/v1/syncs/{name}          one sync, the same shape
//   POST /api/v1/syncs/{name}/start    start it (remembered; it then runs on its schedule) and run it now
//   POST /api/v1/syncs/{name}/run      run it now
//   GET  /api/v1/people/{email}        the unified person(s) with that e-mail: links, conflicts, activities
//   GET  /api/v1/people                totals: people, records by connection and object, activities
// Thread-safety: handlers are thread-safe.
#pragma once

#include "admin/router.h"
#include "store/sync_store.h"
#include "sync/scheduler.h"

namespace salesync::sync {

void RegisterSyncRoutes(admin::Router& router, SyncScheduler* scheduler, store::SyncStore* store);

}  // namespace salesync::sync
