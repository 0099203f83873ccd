#include "journeys/journey_graph.h"

namespace salesync::journeys {

namespace {

std::string FieldText(const nlohmann::json& fields, const std::string& key) {
  if (!fields.contains(key)) return "";
  const auto& v = fields[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

}  // namespace

Result<std::vector<store::AccountRecord>> AudienceAccounts(store::JourneyStore* store, const Journey& journey) {
  auto all = store->Accounts();
  if (!all.ok()) return all.error();
  std::vector<store::AccountRecord> out;
  if (journey.entry.type == "static") {
    std::map<std::string, store::AccountRecord> by_id;
    for (auto& a : *all) by_id[a.id] = a;
    for (const auto& id : journey.entry.accounts) {
      auto it = by_id.find(id);
      out.push_back(it != by_id.end() ? it->second : store::AccountRecord{id, "", nlohmann::json::object()});
    }
    return out;
  }
  for (auto& a : *all) {
    bool match = true;
    for (const auto& [k, v] : journey.entry.where) match = match && FieldText(a.fields, k) == v;
    if (match) out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Subject>> ActionSubjects(store::JourneyStore* store, const Node& node,
                                            const store::AccountRecord& account) {
  std::vector<Subject> out;
  nlohmann::json acc = {{"Id", account.id}};
  for (const char* k : {"Name", "OwnerId", "Industry"}) {
    if (account.fields.contains(k)) acc[k] = account.fields[k];
  }
  if (node.scope == "account") {
    out.push_back({account.id, {{"account", acc}}});
    return out;
  }
  auto people = store->PeopleOfAccount(account.id);
  if (!people.ok()) return people.error();
  const ActionSpec* spec = FindAction(node.action);
  bool marketo = spec && std::string(spec->connection_type) == "marketo";
  std::string connection = node.settings.value("connection", "");
  for (const auto& p : *people) {
    if (marketo) {
      auto it = p.marketo_leads.find(connection);
      if (it == p.marketo_leads.end()) continue;
      out.push_back({it->second, {{"account", acc}, {"person_id", p.person_id}, {"email", p.email}}});
    } else {
      out.push_back({std::to_string(p.person_id), {{"account", acc}, {"email", p.email}}});
    }
  }
  return out;
}

Result<std::string> SplitNext(store::JourneyStore* store, const Node& node, const store::AccountRecord& account) {
  if (node.by == "account") return FieldText(account.fields, node.attribute) == node.equals ? node.yes : node.no;
  auto people = store->PeopleOfAccount(account.id);
  if (!people.ok()) return people.error();
  for (const auto& p : *people) {
    if (FieldText(p.fields, node.attribute) == node.equals) return node.yes;
  }
  return node.no;
}

}  // namespace salesync::journeys
