// ListStore: static lists and their members.
//
// Five seeded lists; a generated lead belongs to a seeded list when a hash of (seed, list, person) says
// so (densities 1/3 .. 1/200, one list starts empty), which keeps a million memberships free. Adds and
// removes are stored as overrides per (list, lead). Members are listed in lead id order.
// Thread-safety: not thread-safe; MarketoProvider guards it with its data lock.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/marketo/marketo_lead_store.h"
#include "sandbox/people_universe.h"

namespace salesync::sandbox::marketo {

struct StaticList {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::string program_name;
  int64_t created_millis = 0;
  int64_t updated_millis = 0;
  int64_t density = 0;  // a generated lead is a member when hash % density == 0; 0: none are
};

// {"id","name","description","programName","workspaceName","createdAt","updatedAt"}
nlohmann::json StaticListJson(const StaticList& list);

class ListStore {
 public:
  ListStore(const PeopleUniverse* universe, const LeadStore* leads);

  const std::vector<StaticList>& lists() const { return lists_; }
  const StaticList* Find(int64_t id) const;
  const StaticList* FindByName(const std::string& name) const;

  // REQUIRES: the list exists. False for leads that do not exist.
  bool IsMember(int64_t list_id, int64_t lead_id) const;
  void SetMember(int64_t list_id, int64_t lead_id, bool member, int64_t now_millis);

  // Members with id >= from_id, ascending: at most `max` of them, scanning at most `scan_budget`
  // generated leads. *next is where to continue; *done is true when nothing is left after *next.
  std::vector<int64_t> Members(int64_t list_id, int64_t from_id, size_t max, int64_t scan_budget, int64_t* next,
                               bool* done) const;
  // Lists a lead belongs to.
  std::vector<int64_t> ListsOf(int64_t lead_id) const;

 private:
  bool BaseMember(const StaticList& list, int64_t lead_id) const;

  const PeopleUniverse* universe_;
  const LeadStore* leads_;
  std::vector<StaticList> lists_;
  std::map<int64_t, std::map<int64_t, bool>> overrides_;  // list -> lead -> member
};

}  // namespace salesync::sandbox::marketo
