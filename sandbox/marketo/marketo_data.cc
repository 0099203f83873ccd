#include "sandbox/marketo/marketo_data.h"

#include <algorithm>
#include <cmath>

#include "sandbox/marketo/marketo_schema.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {

bool IsAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::optional<nlohmann::json> Coerce(const LeadField& f, const nlohmann::json& v) {
  if (v.is_null()) return nlohmann::json(nullptr);
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kScore:
      if (v.is_number_integer()) return v;
      if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()) return static_cast<int64_t>(v.get<double>());
      if (v.is_string()) {
        try {
          size_t used = 0;
          int64_t n = std::stoll(v.get<std::string>(), &used);
          if (used == v.get<std::string>().size()) return n;
        } catch (...) {
        }
      }
      return std::nullopt;
    case FieldType::kFloat:
      if (v.is_number()) return v;
      if (v.is_string()) {
        try {
          return std::stod(v.get<std::string>());
        } catch (...) {
        }
      }
      return std::nullopt;
    case FieldType::kBoolean:
      if (v.is_boolean()) return v;
      if (v.is_string()) {
        std::string s = v.get<std::string>();
        if (s == "true" || s == "1") return true;
        if (s == "false" || s == "0") return false;
      }
      if (v.is_number_integer()) return v.get<int64_t>() != 0;
      return std::nullopt;
    case FieldType::kDatetime:
      return std::nullopt;  // all datetime fields are read-only
    case FieldType::kEmail:
      if (!v.is_string() || !IsAscii(v.get<std::string>())) return std::nullopt;
      return v;
    default:
      if (v.is_string()) return v;
      if (v.is_number() || v.is_boolean()) return v.dump();
      return std::nullopt;
  }
}

std::string ChangeText(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

std::variant<std::vector<FieldChange>, RecordProblem> ConvertLeadInput(const nlohmann::json& record,
                                                                      const std::vector<std::string>& skip,
                                                                      bool allow_read_only) {
  std::vector<FieldChange> out;
  if (!record.is_object()) return RecordProblem{"1003", "Invalid data: a record must be a JSON object"};
  for (const auto& [key, value] : record.items()) {
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    auto index = FindLeadField(key);
    if (!index) return RecordProblem{"1006", "Field '" + key + "' not found"};
    const LeadField& f = LeadFields()[static_cast<size_t>(*index)];
    if (f.read_only && !allow_read_only) return RecordProblem{"1006", "Field '" + key + "' is not updateable"};
    if (f.type == FieldType::kDatetime || *index == kFieldId) {
      return RecordProblem{"1006", "Field '" + key + "' is not updateable"};
    }
    auto coerced = Coerce(f, value);
    if (!coerced) {
      if (f.type == FieldType::kEmail) return RecordProblem{"1001", "Invalid email address: '" + ChangeText(value) + "'"};
      return RecordProblem{"1001", "Invalid value for field '" + key + "': " + value.dump()};
    }
    out.push_back({*index, *coerced});
  }
  return out;
}

MarketoData::MarketoData(const SeedOptions& seed)
    : universe_(seed), leads_(&universe_), activities_(&universe_, &leads_), lists_(&universe_, &leads_) {}

int64_t MarketoData::CreateLead(const std::vector<FieldChange>& changes, int64_t partition_id, int64_t now,
                                const std::string& source) {
  Lead lead;
  for (const auto& c : changes) lead.at(c.field) = c.value;
  if (lead.at(kFieldLeadScore).is_null()) lead.at(kFieldLeadScore) = 0;
  if (lead.at(kFieldUnsubscribed).is_null()) lead.at(kFieldUnsubscribed) = false;
  lead.at(kFieldLeadPartitionId) = partition_id;
  lead.at(kFieldCreatedAt) = now / 1000 * 1000;
  lead.at(kFieldUpdatedAt) = now / 1000 * 1000;
  int64_t id = leads_.Create(std::move(lead));
  Activity a;
  a.lead_id = id;
  a.type_id = kNewLead;
  a.date_millis = now;
  a.attributes = {{"Source Type", source == "Web service API" ? "Web service API" : "New lead"},
                  {"API Method Name", source == "Web service API" ? "syncLead" : ""},
                  {"Created Date", FormatLeadDatetime(now).substr(0, 10)}};
  a.fields = nlohmann::json::array();
  activities_.Append(std::move(a), now);
  return id;
}

int MarketoData::UpdateLead(int64_t id, const std::vector<FieldChange>& changes, int64_t now, const std::string& source,
                            std::optional<int64_t> campaign_id) {
  auto lead = leads_.Get(id);
  if (!lead) return 0;
  int changed = 0;
  for (const auto& c : changes) {
    nlohmann::json old_value = lead->at(c.field);
    if (old_value == c.value) continue;
    lead->at(c.field) = c.value;
    ++changed;
    const LeadField& def = LeadFields()[static_cast<size_t>(c.field)];
    Activity a;
    a.lead_id = id;
    a.date_millis = now;
    a.campaign_id = campaign_id;
    if (c.field == kFieldLeadScore) {
      int64_t before = old_value.is_number() ? old_value.get<int64_t>() : 0;
      int64_t after = c.value.is_number() ? c.value.get<int64_t>() : 0;
      a.type_id = kChangeScore;
      a.primary_id = def.id;
      a.primary_value = def.name;
      a.attributes = {{"Change Value", (after >= before ? "+" : "") + std::to_string(after - before)},
                      {"New Value", after},
                      {"Old Value", before},
                      {"Reason", source}};
    } else {
      a.type_id = kChangeDataValue;
      a.primary_id = def.id;
      a.primary_value = def.display_name;
      a.attributes = {{"New Value", ChangeText(c.value)},
                      {"Old Value", ChangeText(old_value)},
                      {"Reason", "Changed by " + source},
                      {"Source", source}};
      a.fields = nlohmann::json::array(
          {{{"id", def.id}, {"name", def.name}, {"newValue", c.value}, {"oldValue", old_value}}});
    }
    activities_.Append(std::move(a), now);
  }
  if (changed > 0) {
    int64_t stamp = now / 1000 * 1000;
    int64_t before = lead->at(kFieldUpdatedAt).is_number() ? lead->at(kFieldUpdatedAt).get<int64_t>() : 0;
    lead->at(kFieldUpdatedAt) = std::max(before, stamp);
    leads_.Put(*lead);
  }
  return changed;
}

void MarketoData::DeleteLead(int64_t id, int64_t now) {
  auto lead = leads_.Get(id);
  if (!lead) return;
  Activity a;
  a.lead_id = id;
  a.type_id = kDeleteLead;
  a.date_millis = now;
  a.primary_id = id;
  a.primary_value = lead->DisplayName();
  a.attributes = {{"Client IP Address", "127.0.0.1"}, {"Removed from CRM", false}};
  activities_.Append(std::move(a), now);
  leads_.Delete(id);
}

void MarketoData::SetListMember(int64_t list_id, int64_t lead_id, bool member, int64_t now, const std::string& source) {
  lists_.SetMember(list_id, lead_id, member, now);
  const StaticList* list = lists_.Find(list_id);
  Activity a;
  a.lead_id = lead_id;
  a.type_id = member ? kAddToList : kRemoveFromList;
  a.date_millis = now;
  a.primary_id = list_id;
  a.primary_value = list ? list->name : "";
  a.attributes = {{"Source", source}};
  activities_.Append(std::move(a), now);
}

void MarketoData::MergeLeads(int64_t winner, const std::vector<int64_t>& losers, bool merge_in_crm, int64_t now) {
  auto w = leads_.Get(winner);
  if (!w) return;
  std::vector<FieldChange> fill;
  for (int64_t loser_id : losers) {
    auto l = leads_.Get(loser_id);
    if (!l || loser_id == winner) continue;
    for (int f = 0; f < kLeadFieldCount; ++f) {
      const LeadField& def = LeadFields()[static_cast<size_t>(f)];
      if (def.read_only || def.type == FieldType::kDatetime) continue;
      bool empty = w->at(f).is_null() || (w->at(f).is_string() && w->at(f).get<std::string>().empty());
      if (empty && !l->at(f).is_null()) {
        w->at(f) = l->at(f);
        fill.push_back({f, l->at(f)});
      }
    }
    for (int64_t list_id : lists_.ListsOf(loser_id)) lists_.SetMember(list_id, winner, true, now);
    leads_.MarkMerged(loser_id, winner);
  }
  if (!fill.empty()) UpdateLead(winner, fill, now, "Merge Leads");
  nlohmann::json ids = nlohmann::json::array();
  for (int64_t l : losers) ids.push_back(l);
  Activity a;
  a.lead_id = winner;
  a.type_id = kMergeLeads;
  a.date_millis = now;
  a.primary_id = winner;
  a.primary_value = w->DisplayName();
  a.attributes = {{"Merge IDs", ids.dump()}, {"Merge Source", "Web service API"}, {"Merged in Sales", merge_in_crm}};
  activities_.Append(std::move(a), now);
}

}  // namespace salesync::sandbox::marketo
