// Simulate: a dry run of a journey over the current store — which accounts and people would reach which
// action, how many provider calls each action node would take (⌈subjects / batch limit⌉, as the job runner
// batches them) and how much of each connection's rate budget that is. Reads only; calls nothing.
// Waits are passed through (the dry run shows where every account would end up); splits are evaluated on
// the stored attributes now.
// Thread-safety: pure function over the store and a budget snapshot.
#pragma once

#include <nlohmann/json.hpp>

#include "journeys/journey_model.h"
#include "oauth/rate_budget.h"
#include "store/journey_store.h"

namespace salesync::journeys {

// `budget` may be null (no budget information).
Result<nlohmann::json> Simulate(store::JourneyStore* store, const Journey& journey, oauth::RateBudget* budget,
                                size_t max_accounts_listed = 50);

}  // namespace salesync::journeys
