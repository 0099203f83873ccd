#include "sandbox/marketo/marketo_list_store.h"

#include <algorithm>

#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

nlohmann::json StaticListJson(const StaticList& l) {
  return {{"id", l.id},
          {"name", l.name},
          {"description", l.description},
          {"programName", l.program_name},
          {"workspaceName", "Default"},
          {"createdAt", FormatLeadDatetime(l.created_millis)},
          {"updatedAt", FormatLeadDatetime(l.updated_millis)}};
}

ListStore::ListStore(const PeopleUniverse* universe, const LeadStore* leads) : universe_(universe), leads_(leads) {
  int64_t t = universe->now_millis() - 400LL * 86400000;
  lists_ = {
      {1001, "Newsletter Subscribers", "Everyone who opted in to the monthly newsletter", "Newsletter", t, t, 3},
      {1002, "Webinar Attendees 2026", "Attended at least one 2026 webinar", "2026 Webinar Series", t, t, 20},
      {1003, "Sales Qualified", "Handed over to sales", "Lead Lifecycle", t, t, 50},
      {1004, "Do Not Sync", "Leads kept out of the CRM sync", "Operations", t, t, 200},
      {1005, "Salesync Export", "Filled by the sync daemon", "Operations", t, t, 0},
  };
}

const StaticList* ListStore::Find(int64_t id) const {
  for (const auto& l : lists_) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

const StaticList* ListStore::FindByName(const std::string& name) const {
  for (const auto& l : lists_) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

bool ListStore::BaseMember(const StaticList& list, int64_t lead_id) const {
  if (list.density <= 0 || lead_id < 1 || lead_id > universe_->people()) return false;
  return universe_->Hash(300 + static_cast<uint64_t>(list.id), static_cast<uint64_t>(lead_id - 1)) %
             static_cast<uint64_t>(list.density) ==
         0;
}

bool ListStore::IsMember(int64_t list_id, int64_t lead_id) const {
  const StaticList* list = Find(list_id);
  if (!list || !leads_->Exists(lead_id)) return false;
  if (auto o = overrides_.find(list_id); o != overrides_.end()) {
    if (auto m = o->second.find(lead_id); m != o->second.end()) return m->second;
  }
  return BaseMember(*list, lead_id);
}

void ListStore::SetMember(int64_t list_id, int64_t lead_id, bool member, int64_t now) {
  overrides_[list_id][lead_id] = member;
  for (auto& l : lists_) {
    if (l.id == list_id) l.updated_millis = std::max(l.updated_millis, now);
  }
}

std::vector<int64_t> ListStore::Members(int64_t list_id, int64_t from_id, size_t max, int64_t scan_budget,
                                        int64_t* next, bool* done) const {
  std::vector<int64_t> out;
  *done = false;
  const StaticList* list = Find(list_id);
  if (!list) {
    *done = true;
    return out;
  }
  const auto* overrides = overrides_.count(list_id) ? &overrides_.at(list_id) : nullptr;
  int64_t id = std::max<int64_t>(1, from_id);
  int64_t people = universe_->people();
  int64_t scanned = 0;
  // Generated leads: the hash first (cheap), then whether the lead still exists.
  for (; id <= people && out.size() < max && scanned < scan_budget; ++id, ++scanned) {
    bool member = false;
    bool overridden = false;
    if (overrides) {
      if (auto m = overrides->find(id); m != overrides->end()) {
        member = m->second;
        overridden = true;
      }
    }
    if (!overridden) member = BaseMember(*list, id);
    if (member && leads_->Exists(id)) out.push_back(id);
  }
  if (id <= people) {
    *next = id;
    return out;
  }
  // Leads created since start: only explicit adds.
  if (overrides) {
    for (auto m = overrides->lower_bound(id); m != overrides->end(); ++m) {
      if (out.size() >= max) {
        *next = m->first;
        return out;
      }
      if (m->second && leads_->Exists(m->first)) out.push_back(m->first);
    }
  }
  *next = leads_->next_id();
  *done = true;
  return out;
}

std::vector<int64_t> ListStore::ListsOf(int64_t lead_id) const {
  std::vector<int64_t> out;
  for (const auto& l : lists_) {
    if (IsMember(l.id, lead_id)) out.push_back(l.id);
  }
  return out;
}

}  // namespace salesync::sandbox::marketo
