// MarketoData: everything one emulated Marketo instance holds, and the writes that keep its parts
// consistent (a field change bumps updatedAt and logs Change Data Value / Change Score; a create logs
// New Lead; a delete logs Delete Lead; list changes log Add to / Remove from List; a merge logs Merge
// Leads). Handlers and control routes write only through these operations.
// Thread-safety: not thread-safe; MarketoProvider holds its data lock around every use.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sandbox/marketo/marketo_activity_store.h"
#include "sandbox/marketo/marketo_lead_store.h"
#include "sandbox/marketo/marketo_list_store.h"
#include "sandbox/people_universe.h"

namespace salesync::sandbox::marketo {

struct FieldChange {
  int field = 0;
  nlohmann::json value;
};

struct RecordProblem {
  std::string code;
  std::string message;
};

// Converts one input record ({"email":..,"leadScore":30}) to typed changes. Keys in `skip` are ignored
// (the lookup field). Unknown fields: 1006; read-only fields (unless allow_read_only): 1006 as well, as
// the service treats them as not writable; type mismatches and non-ASCII e-mail: 1001.
std::variant<std::vector<FieldChange>, RecordProblem> ConvertLeadInput(const nlohmann::json& record,
                                                                      const std::vector<std::string>& skip,
                                                                      bool allow_read_only);

struct CustomAttribute {
  std::string api_name;
  std::string name;
  std::string data_type;
};

struct CustomActivityType {
  int64_t id = 0;
  std::string api_name;
  std::string name;
  std::string description;
  std::string trigger_name;
  std::string filter_name;
  CustomAttribute primary;
  std::vector<CustomAttribute> attributes;
  bool approved = false;
  int64_t created_millis = 0;
  int64_t updated_millis = 0;
};

class MarketoData {
 public:
  explicit MarketoData(const SeedOptions& seed);
  MarketoData(const MarketoData&) = delete;
  MarketoData& operator=(const MarketoData&) = delete;

  const PeopleUniverse& universe() const { return universe_; }
  LeadStore& leads() { return leads_; }
  const LeadStore& leads() const { return leads_; }
  ActivityStore& activities() { return activities_; }
  const ActivityStore& activities() const { return activities_; }
  ListStore& lists() { return lists_; }
  const ListStore& lists() const { return lists_; }
  std::vector<CustomActivityType>& custom_types() { return custom_types_; }
  const std::vector<CustomActivityType>& custom_types() const { return custom_types_; }
  std::map<int64_t, int64_t>& clone_calls_by_day() { return clone_calls_by_day_; }

  // Creates a lead with `changes` in `partition_id`; logs New Lead. Returns the id.
  int64_t CreateLead(const std::vector<FieldChange>& changes, int64_t partition_id, int64_t now_millis,
                     const std::string& source);
  // Applies changes to an existing lead; logs one Change Data Value per changed field (Change Score
  // for leadScore) and bumps updatedAt when anything changed. Returns the number of fields changed.
  int UpdateLead(int64_t id, const std::vector<FieldChange>& changes, int64_t now_millis, const std::string& source,
                 std::optional<int64_t> campaign_id = std::nullopt);
  // REQUIRES: the lead exists. Logs Delete Lead.
  void DeleteLead(int64_t id, int64_t now_millis);
  // Adds or removes a list member and logs it.
  void SetListMember(int64_t list_id, int64_t lead_id, bool member, int64_t now_millis, const std::string& source);
  // Merges losers into winner: empty winner fields take the losers' values, list memberships are
  // united, losers disappear (their activities follow the winner). REQUIRES: all exist.
  void MergeLeads(int64_t winner, const std::vector<int64_t>& losers, bool merge_in_crm, int64_t now_millis);
  int64_t AddActivity(Activity a, int64_t now_millis) { return activities_.Append(std::move(a), now_millis); }

 private:
  PeopleUniverse universe_;
  LeadStore leads_;
  ActivityStore activities_;
  ListStore lists_;
  std::vector<CustomActivityType> custom_types_;
  std::map<int64_t, int64_t> clone_calls_by_day_;
};

}  // namespace salesync::sandbox::marketo
