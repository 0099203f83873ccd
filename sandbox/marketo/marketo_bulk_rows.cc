#include "sandbox/marketo/marketo_bulk_rows.h"

#include <algorithm>
#include <set>

#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr int64_t kMaxCreatedBeforeUpdateMillis = 92LL * 86400000;  // universe: created <= 90 days earlier

struct Window {
  int64_t start = 0;
  int64_t end = 0;
};

Window WindowOf(const nlohmann::json& w) {
  Window out;
  out.start = ParseMarketoDatetime(w.value("startAt", std::string()))->unix_millis;
  out.end = ParseMarketoDatetime(w.value("endAt", std::string()))->unix_millis;
  return out;
}

std::vector<std::string> Header(const ExportJob& job, const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) {
    auto it = job.headers.find(c);
    out.push_back(it == job.headers.end() ? c : it->second);
  }
  return out;
}

// First universe index whose generated updatedAt is >= t (PersonUpdatedMillis is non-decreasing).
int64_t FirstIndexUpdatedAt(const PeopleUniverse& u, int64_t t) {
  int64_t lo = 0, hi = u.people();
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (u.PersonUpdatedMillis(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

}  // namespace

const std::vector<std::string>& DefaultActivityExportFields() {
  static const std::vector<std::string> kFields = {"marketoGUID",   "leadId",   "activityDate",
                                                   "activityTypeId", "campaignId", "primaryAttributeValueId",
                                                   "primaryAttributeValue", "attributes"};
  return kFields;
}

bool IsActivityExportField(const std::string& name) {
  const auto& d = DefaultActivityExportFields();
  return name == "actionResult" || std::find(d.begin(), d.end(), name) != d.end();
}

void WriteLeadRows(const MarketoData& data, const ExportJob& job, ExportWriter& out) {
  std::vector<int> fields;
  for (const auto& f : job.fields) fields.push_back(*FindLeadField(f));
  out.Row(Header(job, job.fields));
  const LeadStore& leads = data.leads();
  const PeopleUniverse& u = data.universe();
  std::vector<int64_t> ids;
  const auto& filter = job.filter;
  if (filter.contains("updatedAt") || filter.contains("createdAt")) {
    bool by_update = filter.contains("updatedAt");
    Window w = WindowOf(by_update ? filter["updatedAt"] : filter["createdAt"]);
    int field = by_update ? kFieldUpdatedAt : kFieldCreatedAt;
    // Generated leads: only indices whose generated updatedAt can fall in (or, for createdAt, after)
    // the window need a look; stored (changed) leads are checked separately.
    int64_t from = FirstIndexUpdatedAt(u, w.start);
    int64_t to = FirstIndexUpdatedAt(u, (by_update ? w.end : w.end + kMaxCreatedBeforeUpdateMillis) + 1);
    for (int64_t i = from; i < to; ++i) {
      if (leads.IsStored(i + 1)) continue;
      if (by_update) {
        if (u.Person(i).in_marketo) ids.push_back(i + 1);
        continue;
      }
      PersonSeed p = u.Person(i);
      if (p.in_marketo && p.created_millis >= w.start && p.created_millis <= w.end) ids.push_back(i + 1);
    }
    for (int64_t id : leads.StoredIds()) {
      auto l = leads.Get(id);
      if (!l || !l->at(field).is_number()) continue;
      int64_t t = l->at(field).get<int64_t>();
      if (t >= w.start && t <= w.end) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
  } else {
    int64_t list_id = 0;
    if (filter.contains("staticListId")) {
      list_id = filter["staticListId"].get<int64_t>();
    } else {
      list_id = data.lists().FindByName(filter["staticListName"].get<std::string>())->id;
    }
    int64_t next = 1;
    bool done = false;
    while (!done) {
      auto page = data.lists().Members(list_id, next, 100000, INT64_MAX, &next, &done);
      ids.insert(ids.end(), page.begin(), page.end());
    }
  }
  std::vector<std::string> cells(fields.size());
  for (int64_t id : ids) {
    auto l = leads.Get(id);
    if (!l) continue;
    for (size_t i = 0; i < fields.size(); ++i) cells[i] = LeadValueText(*l, fields[i]);
    out.Row(cells);
  }
}

void WriteActivityRows(const MarketoData& data, const ExportJob& job, ExportWriter& out) {
  std::vector<std::string> columns = job.fields.empty() ? DefaultActivityExportFields() : job.fields;
  out.Row(Header(job, columns));
  const ActivityStore& log = data.activities();
  Window w = WindowOf(job.filter["createdAt"]);
  std::set<int64_t> types, pav_ids;
  std::set<std::string> pav_values;
  if (job.filter.contains("activityTypeIds")) {
    for (const auto& t : job.filter["activityTypeIds"]) types.insert(t.get<int64_t>());
  }
  if (job.filter.contains("primaryAttributeValueIds")) {
    for (const auto& t : job.filter["primaryAttributeValueIds"]) pav_ids.insert(t.get<int64_t>());
  }
  if (job.filter.contains("primaryAttributeValues")) {
    for (const auto& t : job.filter["primaryAttributeValues"]) pav_values.insert(t.get<std::string>());
  }
  std::vector<std::string> cells(columns.size());
  auto emit = [&](const Activity& a) {
    if (a.type_id == kDeleteLead || a.date_millis < w.start || a.date_millis > w.end) return;
    if (!types.empty() && !types.count(a.type_id)) return;
    if (!pav_ids.empty() && (!a.primary_id || !pav_ids.count(*a.primary_id))) return;
    if (!pav_values.empty() && (!a.primary_value.is_string() || !pav_values.count(a.primary_value.get<std::string>()))) {
      return;
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::string& c = columns[i];
      if (c == "marketoGUID") cells[i] = a.guid;
      else if (c == "leadId") cells[i] = std::to_string(a.lead_id);
      else if (c == "activityDate") cells[i] = FormatLeadDatetime(a.date_millis);
      else if (c == "activityTypeId") cells[i] = std::to_string(a.type_id);
      else if (c == "campaignId") cells[i] = a.campaign_id ? std::to_string(*a.campaign_id) : "";
      else if (c == "primaryAttributeValueId") cells[i] = a.primary_id ? std::to_string(*a.primary_id) : "";
      else if (c == "primaryAttributeValue") cells[i] = a.primary_value.is_string() ? a.primary_value.get<std::string>() : "";
      else if (c == "actionResult") cells[i] = a.action_result;
      else if (c == "attributes") {
        nlohmann::json attrs = nlohmann::json::object();
        for (const auto& [name, value] : a.attributes) attrs[name] = value;
        cells[i] = attrs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    }
    out.Row(cells);
  };
  // Generated activities: a date range is a position range.
  int64_t p = log.FirstPositionSince(w.start);
  for (; p < log.base_count() && log.BaseDate(p) <= w.end; ++p) {
    if (!types.empty() && !types.count(log.BaseTypeAt(p))) continue;
    if (auto a = log.At(p)) emit(*a);
  }
  for (int64_t q = log.base_count(); q < log.end_position(); ++q) {
    if (auto a = log.At(q)) emit(*a);
  }
}

}  // namespace salesync::sandbox::marketo
