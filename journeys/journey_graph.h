// What the scheduler and simulate share: the accounts of a journey's entry audience, the subjects an
// action node acts on for one account, and a split's decision. Reads the store, writes nothing.
//
// Subjects: an account action acts on the account (subject = account id); a Marketo people action on the
// account's people that have a lead on the action's connection (subject = lead id; people without one are
// skipped); other people actions on the people (subject = person id).
// A people split sends the account down `yes` when any of its people matches the condition (the account
// travels as one; per-person paths are not modelled in this version).
// Thread-safety: pure functions over the store.
#pragma once

#include <string>
#include <vector>

#include "journeys/journey_model.h"
#include "store/journey_store.h"

namespace salesync::journeys {

struct Subject {
  std::string id;              // account id, lead id or person id
  nlohmann::json data;         // what the job needs besides the settings (the account's fields)
};

// The accounts the audience names (static) or selects (filter over the stored Account fields).
Result<std::vector<store::AccountRecord>> AudienceAccounts(store::JourneyStore* store, const Journey& journey);

// REQUIRES: node.type == "action".
Result<std::vector<Subject>> ActionSubjects(store::JourneyStore* store, const Node& node,
                                            const store::AccountRecord& account);

// The next node of a split for this account.
Result<std::string> SplitNext(store::JourneyStore* store, const Node& node, const store::AccountRecord& account);

}  // namespace salesync::journeys
