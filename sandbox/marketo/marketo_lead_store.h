// LeadStore: the emulated instance's leads, generated lazily from the people universe plus overrides.
//
// Person i of the universe is lead id i+1 when it has `in_marketo`; its fields are a pure function of
// (seed, i), so a million leads cost nothing until read. Only changes are stored: leads created through
// the API or the control routes (ids after the universe), base leads that were updated (a full copy),
// and deletions. Memory therefore grows with writes, not with --people.
//   - sfdcLeadId / sfdcContactId are PeopleUniverse::SalesforceId("00Q"|"003", i) when the person is
//     linked by id, sfdcAccountId SalesforceId("001", account) for linked Contacts: the same ids the
//     Salesforce emulator gives those records.
//   - partitions: 1 "Default" (the Americas and created leads), 2 "Europe", 3 "Asia Pacific", by country.
//   - e-mail lookups trim and ignore ASCII case (the universe stores some addresses with a capital or a
//     leading space to exercise identity matching downstream).
// Thread-safety: not thread-safe; MarketoProvider guards it with its data lock.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sandbox/marketo/marketo_schema.h"
#include "sandbox/people_universe.h"

namespace salesync::sandbox::marketo {

struct Lead {
  int64_t id = 0;
  int64_t person_index = -1;  // -1: created through the API
  // One value per LeadFields() entry (null when empty). Datetimes are unix milliseconds.
  std::vector<nlohmann::json> values = std::vector<nlohmann::json>(kLeadFieldCount);

  const nlohmann::json& at(int field) const { return values[static_cast<size_t>(field)]; }
  nlohmann::json& at(int field) { return values[static_cast<size_t>(field)]; }
  int64_t partition_id() const { return at(kFieldLeadPartitionId).is_number() ? at(kFieldLeadPartitionId).get<int64_t>() : 1; }
  std::string DisplayName() const;
};

struct Partition {
  int64_t id = 0;
  std::string name;
  std::string description;
};

// Serializes the named fields of a lead; datetimes as "2016-05-17T22:11:45Z", empty ones as null.
nlohmann::json LeadJson(const Lead& lead, const std::vector<int>& fields);
// The same as text, appended to `out` (the paged-read path).
void AppendLeadJson(std::string& out, const Lead& lead, const std::vector<int>& fields);
// A field value as text (CSV cells, change activities).
std::string LeadValueText(const Lead& lead, int field);
std::string NormalizeEmail(std::string_view email);

class LeadStore {
 public:
  explicit LeadStore(const PeopleUniverse* universe);

  // The current lead, nullopt when it does not exist (never existed, deleted or merged away).
  std::optional<Lead> Get(int64_t id) const;
  bool Exists(int64_t id) const;
  // The lead a (possibly merged-away) id now lives in, nullopt when deleted/unknown.
  std::optional<int64_t> Resolve(int64_t id) const;
  // Resolve() for an id already known to be a generated lead (skips regenerating the person).
  std::optional<int64_t> ResolveGenerated(int64_t id) const;

  // Ids of leads whose `filter_type` equals one of `values`, ascending, at most `cap` + 1 of them
  // (so callers can tell "more than cap"). `filter_type` is a searchable field or a filter-only type.
  std::vector<int64_t> Find(const std::string& filter_type, const std::vector<std::string>& values, size_t cap,
                            std::optional<int64_t> partition = std::nullopt) const;

  // Stores a new lead with the next id (values[kFieldId] is set); returns the id.
  int64_t Create(Lead lead);
  // Replaces a lead's stored state. REQUIRES: Exists(lead.id).
  void Put(const Lead& lead);
  void Delete(int64_t id);
  void MarkMerged(int64_t loser, int64_t winner);

  const std::vector<Partition>& partitions() const { return partitions_; }
  const Partition* PartitionByName(const std::string& name) const;
  const Partition* PartitionById(int64_t id) const;

  // Every lead id that exists: base ones from 1..people, then created ones. For scans.
  int64_t max_base_id() const { return universe_->people(); }
  int64_t next_id() const { return next_id_; }
  // Stored leads with ids above the universe (created), ascending.
  std::vector<int64_t> CreatedIdsFrom(int64_t from_id) const;
  size_t override_count() const { return overrides_.size(); }
  // Ids with stored state (created, updated or deleted), for scans that must see every change.
  std::vector<int64_t> StoredIds() const;
  bool IsStored(int64_t id) const { return overrides_.count(id) > 0; }

  // The lead of universe person `index` as generated (ignores overrides); nullopt if not in Marketo.
  std::optional<Lead> BaseLead(int64_t index) const;

 private:
  void IndexEmail(const Lead& lead);
  void UnindexEmail(int64_t id);
  bool MatchesValue(const Lead& lead, int field, const std::string& value) const;

  const PeopleUniverse* universe_;
  std::vector<Partition> partitions_;
  // id -> current state; nullopt = deleted.
  std::unordered_map<int64_t, std::optional<Lead>> overrides_;
  std::unordered_map<int64_t, int64_t> merged_into_;
  std::unordered_multimap<std::string, int64_t> email_index_;  // stored leads only
  std::unordered_map<int64_t, std::string> indexed_email_;
  std::map<int64_t, bool> created_ids_;
  int64_t next_id_;
};

// Partition of a universe person's country.
int64_t PartitionForCountry(std::string_view country);

}  // namespace salesync::sandbox::marketo
