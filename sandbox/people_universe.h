// PeopleUniverse: the deterministic population both emulated providers are seeded from.
//
// Person(i) and Account(i) are pure functions of (seed, i): the same seed always gives the same people,
// and a provider can generate a million records lazily without storing them. The universe decides who
// exists where, so Marketo and Salesforce data overlap the way real instances do:
//   - ~90% of people are Marketo leads; ~35% are Salesforce Leads and ~40% Salesforce Contacts (of an
//     Account), the rest only in Marketo;
//   - most overlapping people are linked by sfdcLeadId/sfdcContactId on the Marketo lead, some only by
//     e-mail (with different case or stray spaces), and ~1% are conflicts: a second Salesforce Contact
//     with the same e-mail;
//   - modification times grow with the index, several people share each timestamp (ties, also across
//     page boundaries), spread over the two years before the universe's `now`.
// Thread-safety: immutable; all methods are const and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sandbox/sandbox_options.h"

namespace salesync::sandbox {

enum class SalesforceKind { kNone, kLead, kContact };

struct PersonSeed {
  int64_t index = 0;
  std::string first_name;
  std::string last_name;
  std::string email;           // canonical, lower case ASCII
  std::string marketo_email;   // as stored in Marketo (sometimes different case / spaces)
  std::string title;
  std::string phone;
  std::string city;
  std::string country;
  std::string lead_status;     // "Open - Not Contacted", "Working - Contacted", ...
  std::string lead_source;
  int64_t account_index = 0;   // the company; for Contacts, their Account
  int64_t score = 0;           // Marketo leadScore
  bool in_marketo = false;
  SalesforceKind salesforce = SalesforceKind::kNone;
  bool linked_by_id = false;   // Marketo lead carries sfdcLeadId / sfdcContactId
  bool duplicate_contact = false;  // a second Salesforce Contact shares this e-mail (a conflict)
  int64_t created_millis = 0;
  int64_t updated_millis = 0;  // SystemModstamp / updatedAt
};

struct AccountSeed {
  int64_t index = 0;
  std::string name;
  std::string industry;
  std::string website;
  std::string city;
  std::string country;
  int64_t employees = 0;
  int64_t created_millis = 0;
  int64_t updated_millis = 0;
};

class PeopleUniverse {
 public:
  explicit PeopleUniverse(const SeedOptions& options);

  int64_t people() const { return options_.people; }
  int64_t accounts() const { return account_count_; }
  int64_t activities_per_person() const { return options_.activities_per_person; }
  uint64_t seed() const { return options_.seed; }
  // The "now" of the generated data: every generated timestamp is before it.
  int64_t now_millis() const { return now_millis_; }

  PersonSeed Person(int64_t index) const;
  AccountSeed Account(int64_t index) const;
  // Modification time of person `index`; non-decreasing in the index, with ties.
  int64_t PersonUpdatedMillis(int64_t index) const;

  // Salesforce 18-character case-safe id: 3-character key prefix ("00Q" Lead, "003" Contact,
  // "001" Account, "005" User, "00T" Task), then `number` in base 62, then the checksum suffix.
  // Ids of one prefix sort in the order of their numbers.
  static std::string SalesforceId(std::string_view prefix, int64_t number);

  // A 64-bit mix of (seed, stream, index): the randomness source of every generated field.
  uint64_t Hash(uint64_t stream, uint64_t index) const;

 private:
  SeedOptions options_;
  int64_t account_count_ = 1;
  int64_t now_millis_ = 0;
  int64_t span_millis_ = 0;
};

}  // namespace salesync::sandbox
