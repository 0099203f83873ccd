#include "sandbox/marketo/marketo_lists.h"

#include "base/strings.h"
#include "sandbox/marketo/marketo_leads.h"
#include "sandbox/marketo/marketo_time.h"
#include "sandbox/marketo/marketo_tokens.h"

namespace salesync::sandbox::marketo {

namespace {

const StaticList* ListOf(MarketoCall& c, net::HttpResponse* error) {
  int64_t id = 0;
  if (!ParseInt64(c.captures[0], &id)) {
    *error = c.Fail("1003", "Invalid list id '" + c.captures[0] + "'");
    return nullptr;
  }
  const StaticList* list = c.data->lists().Find(id);
  if (!list) *error = c.Fail("1013", "Static list " + c.captures[0] + " not found");
  return list;
}

bool Contains(const std::vector<std::string>& values, const std::string& v) {
  return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
}

net::HttpResponse GetLists(MarketoCall& c) {
  auto ids = c.req.ParamList("id");
  auto names = c.req.ParamList("name");
  auto programs = c.req.ParamList("programName");
  auto workspaces = c.req.ParamList("workspaceName");
  MarketoFailure f;
  if (!ParseBatchSize(c.req, &f)) return c.Fail(f);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : c.data->lists().lists()) {
    if (Contains(ids, std::to_string(l.id)) && Contains(names, l.name) && Contains(programs, l.program_name) &&
        Contains(workspaces, "Default")) {
      out.push_back(StaticListJson(l));
    }
  }
  return c.Ok(out);
}

net::HttpResponse GetList(MarketoCall& c) {
  net::HttpResponse error;
  const StaticList* list = ListOf(c, &error);
  if (!list) return error;
  return c.Ok(nlohmann::json::array({StaticListJson(*list)}));
}

net::HttpResponse Members(MarketoCall& c) {
  net::HttpResponse error;
  const StaticList* list = ListOf(c, &error);
  if (!list) return error;
  MarketoFailure f;
  auto fields = ParseFieldsParam(c.req, &f);
  if (!fields) return c.Fail(f);
  auto batch = ParseBatchSize(c.req, &f);
  if (!batch) return c.Fail(f);
  uint64_t fp = Fingerprint("list:" + std::to_string(list->id));
  int64_t from = 1;
  if (auto token = c.req.Param("nextPageToken"); token && !token->empty()) {
    auto decoded = DecodePageToken(*token, 'M', fp);
    if (!decoded) return c.Fail("1003", "Invalid nextPageToken");
    from = *decoded;
  }
  int64_t next = 0;
  bool done = false;
  std::vector<int64_t> ids =
      c.data->lists().Members(list->id, from, static_cast<size_t>(*batch), kListScanBudget, &next, &done);
  std::vector<Lead> leads;
  leads.reserve(ids.size());
  for (int64_t id : ids) {
    if (auto l = c.data->leads().Get(id)) leads.push_back(std::move(*l));
  }
  Envelope e;
  e.result_json = LeadsJsonArray(leads, *fields);
  if (!done) e.next_page_token = EncodePageToken('M', next, fp);
  return Success(e, c.now);
}

// Shared by add / remove / ismember: the ids (<=300) or a failure response.
std::optional<std::vector<int64_t>> MembershipIds(MarketoCall& c, net::HttpResponse* error) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  // node-marketo-rest sends DELETE with Content-Type: application/json and no body; parameters win.
  static const nlohmann::json kNone = nlohmann::json::object();
  if (!body && c.req.method != "POST") body = &kNone;
  if (!body) {
    *error = c.Fail(f);
    return std::nullopt;
  }
  std::vector<int64_t> ids = CollectIds(c.req, *body);
  if (ids.empty()) {
    *error = c.Fail("701", "id cannot be blank");
    return std::nullopt;
  }
  if (ids.size() > kMaxBatch) {
    *error = c.Fail("1003", "Too many ids: " + std::to_string(ids.size()) + " (at most 300)");
    return std::nullopt;
  }
  return ids;
}

net::HttpResponse AddMembers(MarketoCall& c) {
  net::HttpResponse error;
  const StaticList* list = ListOf(c, &error);
  if (!list) return error;
  auto ids = MembershipIds(c, &error);
  if (!ids) return error;
  nlohmann::json result = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  for (int64_t id : *ids) {
    if (!c.data->leads().Exists(id)) {
      result.push_back(SkippedRecord("1004", "Lead not found", id < 0 ? std::nullopt : std::optional<int64_t>(id)));
      continue;
    }
    if (!c.data->lists().IsMember(list->id, id)) c.data->SetListMember(list->id, id, true, c.now, "Web service API");
    result.push_back({{"id", id}, {"status", "added"}});
    touched.push_back(id);
  }
  c.RecordEffect("list.add", touched, {{"listId", list->id}, {"statuses", result}});
  return c.Ok(result);
}

net::HttpResponse RemoveMembers(MarketoCall& c) {
  net::HttpResponse error;
  const StaticList* list = ListOf(c, &error);
  if (!list) return error;
  auto ids = MembershipIds(c, &error);
  if (!ids) return error;
  nlohmann::json result = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  for (int64_t id : *ids) {
    if (!c.data->leads().Exists(id)) {
      result.push_back(SkippedRecord("1004", "Lead not found", id < 0 ? std::nullopt : std::optional<int64_t>(id)));
      continue;
    }
    if (!c.data->lists().IsMember(list->id, id)) {
      result.push_back(SkippedRecord("1015", "Lead not in list", id));
      continue;
    }
    c.data->SetListMember(list->id, id, false, c.now, "Web service API");
    result.push_back({{"id", id}, {"status", "removed"}});
    touched.push_back(id);
  }
  c.RecordEffect("list.remove", touched, {{"listId", list->id}, {"statuses", result}});
  return c.Ok(result);
}

net::HttpResponse IsMember(MarketoCall& c) {
  net::HttpResponse error;
  const StaticList* list = ListOf(c, &error);
  if (!list) return error;
  auto ids = MembershipIds(c, &error);
  if (!ids) return error;
  nlohmann::json result = nlohmann::json::array();
  for (int64_t id : *ids) {
    if (!c.data->leads().Exists(id)) {
      result.push_back(SkippedRecord("1004", "Lead not found", id < 0 ? std::nullopt : std::optional<int64_t>(id)));
    } else {
      result.push_back({{"id", id}, {"status", c.data->lists().IsMember(list->id, id) ? "memberof" : "notmemberof"}});
    }
  }
  return c.Ok(result);
}

net::HttpResponse ListMembership(MarketoCall& c) {
  int64_t id = 0;
  if (!ParseInt64(c.captures[0], &id)) return c.Fail("1003", "Invalid lead id '" + c.captures[0] + "'");
  if (!c.data->leads().Exists(id)) return c.Fail("1004", "Lead not found");
  nlohmann::json out = nlohmann::json::array();
  for (int64_t list_id : c.data->lists().ListsOf(id)) {
    const StaticList* l = c.data->lists().Find(list_id);
    out.push_back({{"id", l->id}, {"name", l->name}, {"createdAt", FormatLeadDatetime(l->created_millis)},
                   {"updatedAt", FormatLeadDatetime(l->updated_millis)}});
  }
  return c.Ok(out);
}

net::HttpResponse ByName(MarketoCall& c) {
  auto name = c.req.Param("name");
  if (!name || name->empty()) return c.Fail("701", "name cannot be blank");
  const StaticList* l = c.data->lists().FindByName(*name);
  if (!l) {
    // The asset API's "not found": success with a string warning and no result.
    Envelope e;
    e.warnings = nlohmann::json::array({"No assets found for the given search criteria."});
    return Success(e, c.now);
  }
  std::string stamp = FormatLeadDatetime(l->created_millis) + "+0000";  // the asset API's "Z+0000" (sic)
  nlohmann::json asset = {{"id", l->id},
                          {"name", l->name},
                          {"description", l->description},
                          {"createdAt", stamp},
                          {"updatedAt", FormatLeadDatetime(l->updated_millis) + "+0000"},
                          {"folder", {{"type", "Folder"}, {"value", 100 + l->id % 10}}},
                          {"workspace", "Default"}};
  Envelope e;
  e.result_json = nlohmann::json::array({asset}).dump();
  e.warnings = nlohmann::json::array();
  return Success(e, c.now);
}

}  // namespace

void AddListRoutes(RouteTable& t) {
  t.Add("GET", "/rest/v1/lists.json", DataAccess::kRead, GetLists);
  t.Add("GET", "/rest/v1/lists/{id}.json", DataAccess::kRead, GetList);
  t.Add("GET", "/rest/v1/lists/{id}/leads.json", DataAccess::kRead, Members);
  t.Add("GET", "/rest/v1/list/{id}/leads.json", DataAccess::kRead, Members);
  t.Add("POST", "/rest/v1/lists/{id}/leads.json", DataAccess::kWrite, AddMembers);
  t.Add("POST", "/rest/v1/list/{id}/leads.json", DataAccess::kWrite, AddMembers);
  t.Add("DELETE", "/rest/v1/lists/{id}/leads.json", DataAccess::kWrite, RemoveMembers);
  t.Add("DELETE", "/rest/v1/list/{id}/leads.json", DataAccess::kWrite, RemoveMembers);
  t.Add("GET", "/rest/v1/lists/{id}/leads/ismember.json", DataAccess::kRead, IsMember);
  t.Add("GET", "/rest/v1/leads/{id}/listMembership.json", DataAccess::kRead, ListMembership);
  t.Add("GET", "/rest/asset/v1/staticList/byName.json", DataAccess::kRead, ByName);
}

}  // namespace salesync::sandbox::marketo
