#include "sandbox/marketo/marketo_leads.h"

#include <algorithm>

#include "base/strings.h"
#include "sandbox/marketo/marketo_time.h"
#include "sandbox/marketo/marketo_tokens.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr size_t kMaxFilterMatches = 1000;
constexpr size_t kMaxMergeLosers = 25;

bool ToInt(const nlohmann::json& v, int64_t* out) {
  if (v.is_number_integer()) {
    *out = v.get<int64_t>();
    return true;
  }
  if (v.is_string()) return ParseInt64(v.get<std::string>(), out);
  return false;
}

net::HttpResponse Describe(MarketoCall& c) { return c.Ok(DescribeJson()); }
net::HttpResponse Describe2(MarketoCall& c) { return c.Ok(Describe2Json()); }

net::HttpResponse GetById(MarketoCall& c) {
  MarketoFailure f;
  auto fields = ParseFieldsParam(c.req, &f);
  if (!fields) return c.Fail(f);
  int64_t id = 0;
  if (!ParseInt64(c.captures[0], &id)) return c.Fail("1003", "Invalid lead id '" + c.captures[0] + "'");
  std::vector<Lead> leads;
  if (auto l = c.data->leads().Get(id)) leads.push_back(*l);
  Envelope e;
  e.result_json = LeadsJsonArray(leads, *fields);
  return Success(e, c.now);
}

net::HttpResponse GetByFilter(MarketoCall& c) {
  auto filter_type = c.req.Param("filterType");
  if (!filter_type || filter_type->empty()) return c.Fail("701", "filterType cannot be blank");
  std::vector<std::string> values = c.req.ParamList("filterValues");
  if (values.empty()) return c.Fail("701", "filterValues cannot be blank");
  auto field = FindLeadField(*filter_type);
  if (!IsFilterOnlyType(*filter_type)) {
    if (!field) return c.Fail("1006", "Field '" + *filter_type + "' not found");
    if (!LeadFields()[static_cast<size_t>(*field)].searchable) {
      return c.Fail("1011", "Field '" + *filter_type + "' not supported as filterType");
    }
  }
  if (values.size() > kMaxBatch) {
    return c.Fail("1003", "Too many values in filterValues: " + std::to_string(values.size()) + " (at most 300)");
  }
  MarketoFailure f;
  auto fields = ParseFieldsParam(c.req, &f);
  if (!fields) return c.Fail(f);
  auto batch = ParseBatchSize(c.req, &f);
  if (!batch) return c.Fail(f);

  std::vector<int64_t> ids = c.data->leads().Find(*filter_type, values, kMaxFilterMatches);
  if (ids.size() > kMaxFilterMatches) return c.Fail("1003", "Too many results match the filter");

  uint64_t fp = Fingerprint(*filter_type + "|" + c.req.Param("filterValues").value_or("") + "|" +
                            c.req.Param("fields").value_or(""));
  int64_t offset = 0;
  if (auto token = c.req.Param("nextPageToken"); token && !token->empty()) {
    auto decoded = DecodePageToken(*token, 'L', fp);
    if (!decoded) return c.Fail("1003", "Invalid nextPageToken");
    offset = *decoded;
  }
  std::vector<Lead> page;
  size_t end = std::min(ids.size(), static_cast<size_t>(offset + *batch));
  for (size_t i = static_cast<size_t>(std::min<int64_t>(offset, static_cast<int64_t>(ids.size()))); i < end; ++i) {
    if (auto l = c.data->leads().Get(ids[i])) page.push_back(std::move(*l));
  }
  Envelope e;
  e.result_json = LeadsJsonArray(page, *fields);
  if (end < ids.size()) e.next_page_token = EncodePageToken('L', static_cast<int64_t>(end), fp);
  return Success(e, c.now);
}

net::HttpResponse CreateOrUpdate(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  if (!body->contains("input") || !(*body)["input"].is_array() || (*body)["input"].empty()) {
    return c.Fail("701", "input cannot be blank");
  }
  const nlohmann::json& input = (*body)["input"];
  if (input.size() > kMaxBatch) {
    return c.Fail("1003", "Batch size " + std::to_string(input.size()) + " exceeds the maximum of 300");
  }
  std::string action = body->value("action", std::string("createOrUpdate"));
  if (action != "createOnly" && action != "updateOnly" && action != "createOrUpdate" && action != "createDuplicate") {
    return c.Fail("1003", "Invalid action '" + action + "'");
  }
  std::string lookup = body->value("lookupField", std::string("email"));
  auto lookup_field = FindLeadField(lookup);
  if (!lookup_field || !LeadFields()[static_cast<size_t>(*lookup_field)].searchable || lookup == "leadPartitionId") {
    return c.Fail("1003", "Invalid lookupField '" + lookup + "'");
  }
  if (lookup == "id" && action != "updateOnly") return c.Fail("1003", "lookupField 'id' is only allowed with updateOnly");
  std::optional<int64_t> partition;
  int64_t create_partition = 1;
  if (auto pn = body->find("partitionName"); pn != body->end() && pn->is_string() && action != "updateOnly") {
    const Partition* p = c.data->leads().PartitionByName(pn->get<std::string>());
    if (!p) return c.Fail("1003", "Partition '" + pn->get<std::string>() + "' not found");
    partition = p->id;
    create_partition = p->id;
  }

  nlohmann::json result = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  for (const auto& record : input) {
    if (!record.is_object()) {
      result.push_back(SkippedRecord("1003", "Invalid data: a record must be an object"));
      continue;
    }
    if (record.contains("id") && action != "updateOnly") {
      result.push_back(SkippedRecord("1003", "Field 'id' is only allowed with action updateOnly"));
      continue;
    }
    std::vector<std::string> skip = {"id"};
    if (LeadFields()[static_cast<size_t>(*lookup_field)].read_only) skip.push_back(lookup);  // a key, not a write
    auto converted = ConvertLeadInput(record, skip, false);
    if (auto* problem = std::get_if<RecordProblem>(&converted)) {
      result.push_back(SkippedRecord(problem->code, problem->message));
      continue;
    }
    const auto& changes = std::get<std::vector<FieldChange>>(converted);
    std::vector<int64_t> matches;
    if (action != "createDuplicate") {
      auto key = record.find(lookup);
      if (key == record.end() || key->is_null() || (key->is_string() && key->get<std::string>().empty())) {
        result.push_back(SkippedRecord("1003", "Value for lookup field '" + lookup + "' not found"));
        continue;
      }
      std::string value = key->is_string() ? key->get<std::string>() : key->dump();
      matches = c.data->leads().Find(lookup, {value}, 1, partition);
    }
    if (matches.size() > 1) {
      result.push_back(SkippedRecord("1007", "Multiple lead match lookup criteria"));
      continue;
    }
    bool found = !matches.empty();
    if (found && action == "createOnly") {
      result.push_back(SkippedRecord("1005", "Lead already exists", matches[0]));
      continue;
    }
    if (!found && action == "updateOnly") {
      result.push_back(SkippedRecord("1004", "Lead not found"));
      continue;
    }
    if (found && action != "createDuplicate") {
      auto lead = c.data->leads().Get(matches[0]);
      bool crm_company = lead && !lead->at(kFieldSfdcAccountId).is_null();
      bool touches_company = std::any_of(changes.begin(), changes.end(), [](const FieldChange& ch) {
        return LeadFields()[static_cast<size_t>(ch.field)].company_field;
      });
      if (crm_company && touches_company) {
        result.push_back(SkippedRecord("1021", "Company update not allowed", matches[0]));
        continue;
      }
      c.data->UpdateLead(matches[0], changes, c.now, "Web service API");
      result.push_back({{"id", matches[0]}, {"status", "updated"}});
      touched.push_back(matches[0]);
    } else {
      int64_t id = c.data->CreateLead(changes, create_partition, c.now, "Web service API");
      result.push_back({{"id", id}, {"status", "created"}});
      touched.push_back(id);
    }
  }
  c.RecordEffect("lead.createOrUpdate", touched,
                 {{"action", action}, {"lookupField", lookup}, {"statuses", result}});
  return c.Ok(result);
}

net::HttpResponse DeleteLeads(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  std::vector<int64_t> ids = CollectIds(c.req, *body);
  if (ids.empty()) return c.Fail("701", "input cannot be blank");
  if (ids.size() > kMaxBatch) return c.Fail("1003", "Batch size exceeds the maximum of 300");
  nlohmann::json result = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  for (int64_t id : ids) {
    if (id < 0 || !c.data->leads().Exists(id)) {
      result.push_back(SkippedRecord("1004", "Lead not found", id < 0 ? std::nullopt : std::optional<int64_t>(id)));
      continue;
    }
    c.data->DeleteLead(id, c.now);
    result.push_back({{"id", id}, {"status", "deleted"}});
    touched.push_back(id);
  }
  c.RecordEffect("lead.delete", touched, {{"statuses", result}});
  return c.Ok(result);
}

net::HttpResponse GetPartitions(MarketoCall& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : c.data->leads().partitions()) {
    out.push_back({{"id", p.id}, {"name", p.name}, {"description", p.description}});
  }
  return c.Ok(out);
}

net::HttpResponse ChangePartitions(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  if (!body->contains("input") || !(*body)["input"].is_array() || (*body)["input"].empty()) {
    return c.Fail("701", "input cannot be blank");
  }
  const nlohmann::json& input = (*body)["input"];
  if (input.size() > kMaxBatch) return c.Fail("1003", "Batch size exceeds the maximum of 300");
  nlohmann::json result = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  for (const auto& record : input) {
    int64_t id = -1;
    if (!record.is_object() || !record.contains("id") || !ToInt(record["id"], &id) || !c.data->leads().Exists(id)) {
      result.push_back(SkippedRecord("1004", "Lead not found"));
      continue;
    }
    std::string name = record.value("partitionName", std::string());
    if (name.empty()) {
      result.push_back(SkippedRecord("1009", "Partition name unspecified", id));
      continue;
    }
    const Partition* p = c.data->leads().PartitionByName(name);
    if (!p) {
      result.push_back(SkippedRecord("1013", "Partition '" + name + "' not found", id));
      continue;
    }
    auto lead = c.data->leads().Get(id);
    if (lead->partition_id() != p->id) {
      lead->at(kFieldLeadPartitionId) = p->id;
      lead->at(kFieldUpdatedAt) = std::max(lead->at(kFieldUpdatedAt).get<int64_t>(), c.now / 1000 * 1000);
      c.data->leads().Put(*lead);
    }
    result.push_back({{"id", id}, {"status", "updated"}});
    touched.push_back(id);
  }
  c.RecordEffect("lead.changePartition", touched, {{"statuses", result}});
  return c.Ok(result);
}

net::HttpResponse Merge(MarketoCall& c) {
  int64_t winner = 0;
  if (!ParseInt64(c.captures[0], &winner)) return c.Fail("1003", "Invalid lead id '" + c.captures[0] + "'");
  std::vector<std::string> raw = c.req.ParamList("leadIds");
  for (auto& v : c.req.ParamList("leadId")) raw.push_back(v);
  if (raw.empty()) return c.Fail("701", "leadIds cannot be blank");
  if (raw.size() > kMaxMergeLosers) {
    return c.Fail("1080", "Too many leads to merge: " + std::to_string(raw.size()) + " (at most 25)");
  }
  if (!c.data->leads().Exists(winner)) return c.Fail("1004", "Lead [" + std::to_string(winner) + "] not found");
  std::vector<int64_t> losers;
  for (const auto& v : raw) {
    int64_t id = 0;
    if (!ParseInt64(v, &id)) return c.Fail("1003", "Invalid lead id '" + v + "'");
    if (id == winner) return c.Fail("1003", "A lead cannot be merged into itself");
    if (!c.data->leads().Exists(id)) return c.Fail("1004", "Lead [" + std::to_string(id) + "] not found");
    losers.push_back(id);
  }
  bool in_crm = c.req.Param("mergeInCRM").value_or("false") == "true";
  c.data->MergeLeads(winner, losers, in_crm, c.now);
  nlohmann::json records = nlohmann::json::array({winner});
  for (int64_t l : losers) records.push_back(l);
  c.RecordEffect("lead.merge", records, {{"winner", winner}, {"mergeInCRM", in_crm}});
  return Success(Envelope{}, c.now);
}

}  // namespace

std::optional<std::vector<int>> ParseFieldsParam(const MarketoRequest& r, MarketoFailure* failure) {
  std::vector<std::string> names = r.ParamList("fields");
  if (names.empty()) return DefaultLeadFields();
  std::vector<int> out = {kFieldId};  // the service returns the id whatever fields were asked for
  for (const auto& n : names) {
    auto f = FindLeadField(n);
    if (!f) {
      *failure = MarketoFailure{"1006", "Field '" + n + "' not found"};
      return std::nullopt;
    }
    if (*f != kFieldId) out.push_back(*f);
  }
  return out;
}

std::optional<int64_t> ParseBatchSize(const MarketoRequest& r, MarketoFailure* failure) {
  IntParam p = ParseIntParam(r, "batchSize");
  if (p.failure) {
    *failure = *p.failure;
    return std::nullopt;
  }
  int64_t n = p.value.value_or(static_cast<int64_t>(kMaxBatch));
  if (n < 1 || n > static_cast<int64_t>(kMaxBatch)) {
    *failure = MarketoFailure{"1003", "Invalid batchSize " + std::to_string(n) + ": must be between 1 and 300"};
    return std::nullopt;
  }
  return n;
}

std::string LeadsJsonArray(const std::vector<Lead>& leads, const std::vector<int>& fields) {
  std::string out = "[";
  out.reserve(leads.size() * 64 * fields.size());
  for (size_t i = 0; i < leads.size(); ++i) {
    if (i) out += ',';
    AppendLeadJson(out, leads[i], fields);
  }
  out += "]";
  return out;
}

std::vector<int64_t> CollectIds(const MarketoRequest& r, const nlohmann::json& body) {
  std::vector<int64_t> out;
  if (body.is_object() && body.contains("input") && body["input"].is_array()) {
    for (const auto& item : body["input"]) {
      int64_t id = -1;
      if (item.is_object() && item.contains("id") && ToInt(item["id"], &id)) out.push_back(id);
      else if (ToInt(item, &id)) out.push_back(id);
      else out.push_back(-1);
    }
  }
  for (const auto& v : r.ParamList("id")) {
    int64_t id = -1;
    out.push_back(ParseInt64(v, &id) ? id : -1);
  }
  return out;
}

void AddLeadRoutes(RouteTable& t) {
  t.Add("GET", "/rest/v1/leads/describe.json", DataAccess::kNone, Describe);
  t.Add("GET", "/rest/v1/leads/describe2.json", DataAccess::kNone, Describe2);
  t.Add("GET", "/rest/v1/leads/partitions.json", DataAccess::kRead, GetPartitions);
  t.Add("POST", "/rest/v1/leads/partitions.json", DataAccess::kWrite, ChangePartitions);
  t.Add("POST", "/rest/v1/leads/delete.json", DataAccess::kWrite, DeleteLeads);
  t.Add("GET", "/rest/v1/lead/{id}.json", DataAccess::kRead, GetById);
  t.Add("GET", "/rest/v1/leads.json", DataAccess::kRead, GetByFilter);
  t.Add("POST", "/rest/v1/leads.json", DataAccess::kWrite, CreateOrUpdate);
  t.Add("DELETE", "/rest/v1/leads.json", DataAccess::kWrite, DeleteLeads);
  t.Add("POST", "/rest/v1/leads/{id}/merge.json", DataAccess::kWrite, Merge);
}

}  // namespace salesync::sandbox::marketo
