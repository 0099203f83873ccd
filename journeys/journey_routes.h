// The admin API of journeys and jobs, registered into the admin router:
//
//   GET    /api/v1/journeys?search=TEXT&sort=status   the list (features.md §2 columns)
//   POST   /api/v1/journeys                           create a draft from a JSON document
//   GET    /api/v1/journeys/{name}                    the journey, its document and entry counts
//   PUT    /api/v1/journeys/{name}                    edit a draft (the whole document)
//   DELETE /api/v1/journeys/{name}                    delete (draft, aborted, completed)
//   POST   /api/v1/journeys/{name}/publish|close|abort
//   POST   /api/v1/journeys/{name}/duplicate          {"name","description","type":"partial|without_details"}
//   GET    /api/v1/journeys/{name}/simulate           the dry run
//   POST   /api/v1/journeys/run                       one scheduler pass now; answers its counts
//   GET    /api/v1/jobs?state=S&limit=N               jobs, newest first
//   GET    /api/v1/jobs/{id}
//   POST   /api/v1/jobs/{id}/retry|cancel
// Lifecycle refusals are 409 with the sentence that says why; document problems 400, each naming the
// node and the setting.
// Thread-safety: handlers are thread-safe.
#pragma once

#include "admin/router.h"
#include "journeys/journey_scheduler.h"
#include "journeys/journey_service.h"

namespace salesync::journeys {

void RegisterJourneyRoutes(admin::Router& router, JourneyService* service, JourneyScheduler* scheduler,
                           std::function<int64_t()> now_ms);

nlohmann::json JobToJson(const store::JobRow& job);

}  // namespace salesync::journeys
