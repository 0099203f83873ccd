// ActivityStore: the activity log, as one sequence of positions that paging tokens point into.
//
// Positions [0, people*K) are the generated activities: position p belongs to universe person p / K
// (skipped when that person is not a Marketo lead or the lead is gone), its date grows with p with
// ties (7 activities share each second, across page boundaries too), and everything else is a pure
// function of (seed, p). Positions from people*K on are activities appended since start (New Lead,
// Change Data Value, Delete Lead, list changes, merges, custom activities...), in insertion order.
// A paging token is (sinceDatetime, position); "since" finds the first generated activity at or after
// the time, else the first appended one inserted at or after it.
//   - marketoGUID is unique (a string); the integer `id` repeats every 1000th activity, as Adobe warns
//     it may, so clients must deduplicate on marketoGUID.
// Thread-safety: not thread-safe; MarketoProvider guards it with its data lock.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/marketo/marketo_lead_store.h"
#include "sandbox/people_universe.h"

namespace salesync::sandbox::marketo {

struct Activity {
  int64_t position = 0;
  int64_t id = 0;
  std::string guid;
  int64_t lead_id = 0;
  int64_t date_millis = 0;
  int64_t type_id = 0;
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> primary_id;
  nlohmann::json primary_value;                                // string or null
  std::vector<std::pair<std::string, nlohmann::json>> attributes;
  nlohmann::json fields;          // Change Data Value / New Lead: [{id,name,newValue,oldValue}]
  int64_t inserted_millis = 0;    // appended activities: when they entered the log
  std::string action_result = "succeeded";
};

// Appends {"activityDate","activityTypeId","attributes":[{"name","value"}],"campaignId"?,"id","leadId",
//  "marketoGUID","primaryAttributeValue"?,"primaryAttributeValueId"?}.
void AppendActivityJson(std::string& out, const Activity& a);
// Lead changes shape: {"activityDate","activityTypeId","attributes","campaignId"?,"fields","id","leadId",
//  "marketoGUID"} with fields [{id,name,newValue,oldValue}].
void AppendLeadChangeJson(std::string& out, const Activity& a);

class ActivityStore {
 public:
  ActivityStore(const PeopleUniverse* universe, const LeadStore* leads);

  int64_t base_count() const { return base_count_; }
  int64_t end_position() const { return base_count_ + static_cast<int64_t>(appended_.size()); }

  // The activity at a position; nullopt when the position holds none (person not a lead, lead gone).
  std::optional<Activity> At(int64_t position) const;
  // Type of a generated activity without building it (cheap filter); 0 when out of range.
  int64_t BaseTypeAt(int64_t position) const;
  int64_t BaseDate(int64_t position) const;

  // First position whose activity is at or after `since_millis` (see the header comment).
  int64_t FirstPositionSince(int64_t since_millis) const;

  // Appends (filling position, id, guid, inserted_millis); returns the position.
  int64_t Append(Activity a, int64_t now_millis);

  // Positions of the generated activities of a universe person.
  std::pair<int64_t, int64_t> BaseRangeOf(int64_t person_index) const;
  // Appended activities of a lead id (positions ascending).
  std::vector<int64_t> AppendedPositionsOf(int64_t lead_id) const;
  size_t appended_count() const { return appended_.size(); }

 private:
  const PeopleUniverse* universe_;
  const LeadStore* leads_;
  int64_t per_person_;
  int64_t base_count_;
  int64_t start_millis_;
  int64_t step_millis_;
  std::vector<Activity> appended_;
  int64_t last_inserted_ = 0;
};

}  // namespace salesync::sandbox::marketo
