#include "sandbox/marketo/marketo_lead_store.h"

#include <algorithm>
#include <set>

#include "base/strings.h"
#include "sandbox/marketo/marketo_json_writer.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {

int Base62Value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

// The number inside a PeopleUniverse::SalesforceId with `prefix`, or -1.
int64_t DecodeSalesforceNumber(std::string_view id, std::string_view prefix) {
  if ((id.size() != 18 && id.size() != 15) || id.substr(0, 3) != prefix) return -1;
  int64_t n = 0;
  for (size_t i = 3; i < 15; ++i) {
    int v = Base62Value(id[i]);
    if (v < 0) return -1;
    n = n * 62 + v;
  }
  return n;
}

// "anna.devries.42@acme3.example.com" -> 42 (the universe puts the person index there).
int64_t IndexFromEmail(std::string_view email) {
  size_t at = email.find('@');
  if (at == std::string_view::npos) return -1;
  size_t dot = email.rfind('.', at);
  if (dot == std::string_view::npos || dot + 1 >= at) return -1;
  int64_t n = 0;
  for (size_t i = dot + 1; i < at; ++i) {
    if (email[i] < '0' || email[i] > '9') return -1;
    n = n * 10 + (email[i] - '0');
    if (n > (int64_t{1} << 50)) return -1;
  }
  return n;
}

nlohmann::json StringOrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

std::string NormalizeEmail(std::string_view email) { return ToLowerAscii(TrimWhitespace(email)); }

std::string Lead::DisplayName() const {
  std::string first = at(kFieldFirstName).is_string() ? at(kFieldFirstName).get<std::string>() : "";
  std::string last = at(kFieldLastName).is_string() ? at(kFieldLastName).get<std::string>() : "";
  if (first.empty()) return last;
  if (last.empty()) return first;
  return first + " " + last;
}

int64_t PartitionForCountry(std::string_view country) {
  if (country == "South Korea") return 3;
  if (country == "United States" || country.empty()) return 1;
  return 2;
}

nlohmann::json LeadJson(const Lead& lead, const std::vector<int>& fields) {
  nlohmann::json out = nlohmann::json::object();
  const auto& defs = LeadFields();
  for (int f : fields) {
    const auto& def = defs[static_cast<size_t>(f)];
    const nlohmann::json& v = lead.at(f);
    if (def.type == FieldType::kDatetime && v.is_number()) {
      out[def.name] = FormatLeadDatetime(v.get<int64_t>());
    } else {
      out[def.name] = v;
    }
  }
  return out;
}

void AppendLeadJson(std::string& out, const Lead& lead, const std::vector<int>& fields) {
  const auto& defs = LeadFields();
  out += '{';
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto& def = defs[static_cast<size_t>(fields[i])];
    const nlohmann::json& v = lead.at(fields[i]);
    if (i) out += ',';
    AppendJsonKey(out, def.name);
    if (def.type == FieldType::kDatetime && v.is_number()) AppendJsonString(out, FormatLeadDatetime(v.get<int64_t>()));
    else AppendJsonValue(out, v);
  }
  out += '}';
}

std::string LeadValueText(const Lead& lead, int field) {
  const nlohmann::json& v = lead.at(field);
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (LeadFields()[static_cast<size_t>(field)].type == FieldType::kDatetime && v.is_number()) {
    return FormatLeadDatetime(v.get<int64_t>());
  }
  return v.dump();
}

LeadStore::LeadStore(const PeopleUniverse* universe) : universe_(universe), next_id_(universe->people() + 1) {
  partitions_ = {{1, "Default", "Initial system lead partition"},
                 {2, "Europe", "Leads of the European business units"},
                 {3, "Asia Pacific", "Leads of the Asia Pacific business units"}};
}

std::optional<Lead> LeadStore::BaseLead(int64_t index) const {
  if (index < 0 || index >= universe_->people()) return std::nullopt;
  PersonSeed p = universe_->Person(index);
  if (!p.in_marketo) return std::nullopt;
  AccountSeed a = universe_->Account(p.account_index);
  Lead l;
  l.id = index + 1;
  l.person_index = index;
  l.at(kFieldId) = l.id;
  l.at(kFieldEmail) = p.marketo_email;
  l.at(kFieldFirstName) = StringOrNull(p.first_name);
  l.at(kFieldLastName) = StringOrNull(p.last_name);
  l.at(kFieldTitle) = StringOrNull(p.title);
  l.at(kFieldPhone) = StringOrNull(p.phone);
  l.at(kFieldCity) = StringOrNull(p.city);
  l.at(kFieldCountry) = StringOrNull(p.country);
  l.at(kFieldCompany) = a.name;
  l.at(kFieldIndustry) = a.industry;
  l.at(kFieldNumberOfEmployees) = a.employees;
  l.at(kFieldWebsite) = a.website;
  l.at(kFieldLeadScore) = p.score;
  l.at(kFieldLeadStatus) = StringOrNull(p.lead_status);
  l.at(kFieldLeadSource) = StringOrNull(p.lead_source);
  if (p.linked_by_id) {
    if (p.salesforce == SalesforceKind::kLead) {
      l.at(kFieldSfdcType) = "Lead";
      l.at(kFieldSfdcLeadId) = PeopleUniverse::SalesforceId("00Q", index);
    } else if (p.salesforce == SalesforceKind::kContact) {
      l.at(kFieldSfdcType) = "Contact";
      l.at(kFieldSfdcContactId) = PeopleUniverse::SalesforceId("003", index);
      l.at(kFieldSfdcAccountId) = PeopleUniverse::SalesforceId("001", p.account_index);
    }
  }
  l.at(kFieldLeadPartitionId) = PartitionForCountry(p.country);
  uint64_t h = universe_->Hash(60, static_cast<uint64_t>(index));
  l.at(kFieldUnsubscribed) = h % 50 == 0;
  l.at(kFieldCreatedAt) = p.created_millis;
  l.at(kFieldUpdatedAt) = p.updated_millis;
  l.at(kFieldPriority) = static_cast<int64_t>((h >> 8) % 100);
  l.at(kFieldRelativeScore) = static_cast<int64_t>(1 + (h >> 16) % 5);
  l.at(kFieldUrgency) = static_cast<double>((h >> 24) % 1000) / 10.0;
  return l;
}

std::optional<Lead> LeadStore::Get(int64_t id) const {
  auto it = overrides_.find(id);
  if (it != overrides_.end()) return it->second;
  if (id < 1 || id > universe_->people()) return std::nullopt;
  return BaseLead(id - 1);
}

bool LeadStore::Exists(int64_t id) const {
  auto it = overrides_.find(id);
  if (it != overrides_.end()) return it->second.has_value();
  if (id < 1 || id > universe_->people()) return false;
  return universe_->Person(id - 1).in_marketo;
}

std::optional<int64_t> LeadStore::Resolve(int64_t id) const {
  for (int hops = 0; hops < 64; ++hops) {
    if (Exists(id)) return id;
    auto m = merged_into_.find(id);
    if (m == merged_into_.end()) return std::nullopt;
    id = m->second;
  }
  return std::nullopt;
}

std::optional<int64_t> LeadStore::ResolveGenerated(int64_t id) const {
  if (overrides_.empty()) return id;
  auto it = overrides_.find(id);
  if (it == overrides_.end() || it->second) return id;
  auto m = merged_into_.find(id);
  if (m == merged_into_.end()) return std::nullopt;
  return Resolve(m->second);
}

bool LeadStore::MatchesValue(const Lead& lead, int field, const std::string& value) const {
  const nlohmann::json& v = lead.at(field);
  if (v.is_null()) return false;
  if (field == kFieldEmail) return v.is_string() && NormalizeEmail(v.get<std::string>()) == NormalizeEmail(value);
  if (v.is_string()) return v.get<std::string>() == value;
  if (v.is_number_integer()) {
    int64_t n = 0;
    try {
      n = std::stoll(value);
    } catch (...) {
      return false;
    }
    return v.get<int64_t>() == n;
  }
  return v.dump() == value;
}

std::vector<int64_t> LeadStore::Find(const std::string& filter_type, const std::vector<std::string>& values, size_t cap,
                                     std::optional<int64_t> partition) const {
  std::set<int64_t> ids;
  auto field = FindLeadField(filter_type);
  if (!field) return {};  // filter-only types (cookies, facebookId...): nobody here has one
  auto add_lead = [&](const Lead& l) {
    if (partition && l.partition_id() != *partition) return;
    ids.insert(l.id);
  };
  auto add_base = [&](int64_t index, const std::string& value) {
    if (index < 0 || index >= universe_->people() || overrides_.count(index + 1)) return;
    auto l = BaseLead(index);
    if (l && MatchesValue(*l, *field, value)) add_lead(*l);
  };
  auto full = [&] { return ids.size() > cap; };

  switch (*field) {
    case kFieldId:
      for (const auto& v : values) {
        int64_t id = 0;
        try {
          id = std::stoll(v);
        } catch (...) {
          continue;
        }
        if (auto l = Get(id)) add_lead(*l);
        if (full()) break;
      }
      return {ids.begin(), ids.end()};
    case kFieldEmail:
      for (const auto& v : values) {
        std::string e = NormalizeEmail(v);
        add_base(IndexFromEmail(e), v);
        auto range = email_index_.equal_range(e);
        for (auto it = range.first; it != range.second; ++it) {
          if (auto l = Get(it->second)) add_lead(*l);
        }
        if (full()) break;
      }
      return {ids.begin(), ids.end()};
    case kFieldSfdcLeadId:
      for (const auto& v : values) add_base(DecodeSalesforceNumber(v, "00Q"), v);
      break;
    case kFieldSfdcContactId:
      for (const auto& v : values) add_base(DecodeSalesforceNumber(v, "003"), v);
      break;
    case kFieldSfdcAccountId: {
      std::set<int64_t> accounts;
      for (const auto& v : values) {
        int64_t a = DecodeSalesforceNumber(v, "001");
        if (a >= 0 && a < universe_->accounts()) accounts.insert(a);
      }
      if (accounts.empty()) break;
      uint64_t n_accounts = static_cast<uint64_t>(universe_->accounts());
      for (int64_t i = 0; i < universe_->people() && !full(); ++i) {
        auto a = static_cast<int64_t>(universe_->Hash(2, static_cast<uint64_t>(i)) % n_accounts);
        if (accounts.count(a)) add_base(i, PeopleUniverse::SalesforceId("001", a));
      }
      break;
    }
    case kFieldLeadPartitionId:
      for (int64_t i = 0; i < universe_->people() && !full(); ++i) {
        if (overrides_.count(i + 1)) continue;
        auto l = BaseLead(i);
        if (!l) continue;
        for (const auto& v : values) {
          if (MatchesValue(*l, kFieldLeadPartitionId, v)) {
            add_lead(*l);
            break;
          }
        }
      }
      break;
    default:
      break;  // no base lead has a value in the other searchable fields
  }
  for (const auto& [id, lead] : overrides_) {
    if (full()) break;
    if (!lead) continue;
    for (const auto& v : values) {
      if (MatchesValue(*lead, *field, v)) {
        add_lead(*lead);
        break;
      }
    }
  }
  return {ids.begin(), ids.end()};
}

void LeadStore::IndexEmail(const Lead& lead) {
  UnindexEmail(lead.id);
  if (!lead.at(kFieldEmail).is_string()) return;
  std::string e = NormalizeEmail(lead.at(kFieldEmail).get<std::string>());
  if (e.empty()) return;
  email_index_.emplace(e, lead.id);
  indexed_email_[lead.id] = e;
}

void LeadStore::UnindexEmail(int64_t id) {
  auto it = indexed_email_.find(id);
  if (it == indexed_email_.end()) return;
  auto range = email_index_.equal_range(it->second);
  for (auto e = range.first; e != range.second; ++e) {
    if (e->second == id) {
      email_index_.erase(e);
      break;
    }
  }
  indexed_email_.erase(it);
}

int64_t LeadStore::Create(Lead lead) {
  lead.id = next_id_++;
  lead.person_index = -1;
  lead.at(kFieldId) = lead.id;
  overrides_[lead.id] = lead;
  created_ids_[lead.id] = true;
  IndexEmail(lead);
  return lead.id;
}

void LeadStore::Put(const Lead& lead) {
  overrides_[lead.id] = lead;
  IndexEmail(lead);
}

void LeadStore::Delete(int64_t id) {
  overrides_[id] = std::nullopt;
  UnindexEmail(id);
  created_ids_.erase(id);
}

void LeadStore::MarkMerged(int64_t loser, int64_t winner) {
  Delete(loser);
  merged_into_[loser] = winner;
}

std::vector<int64_t> LeadStore::CreatedIdsFrom(int64_t from_id) const {
  std::vector<int64_t> out;
  for (auto it = created_ids_.lower_bound(from_id); it != created_ids_.end(); ++it) out.push_back(it->first);
  return out;
}

std::vector<int64_t> LeadStore::StoredIds() const {
  std::vector<int64_t> out;
  out.reserve(overrides_.size());
  for (const auto& [id, lead] : overrides_) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

const Partition* LeadStore::PartitionByName(const std::string& name) const {
  for (const auto& p : partitions_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Partition* LeadStore::PartitionById(int64_t id) const {
  for (const auto& p : partitions_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace salesync::sandbox::marketo
