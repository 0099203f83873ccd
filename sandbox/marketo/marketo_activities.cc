#include "sandbox/marketo/marketo_activities.h"

#include <algorithm>
#include <set>

#include "sandbox/marketo/marketo_custom_activities.h"
#include "sandbox/marketo/marketo_leads.h"
#include "sandbox/marketo/marketo_time.h"
#include "sandbox/marketo/marketo_tokens.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr size_t kMaxActivityTypes = 10;
constexpr size_t kMaxLeadIds = 30;
constexpr int64_t kDeletedLeadRetentionMillis = 14LL * 86400000;

struct PageQuery {
  ActivityToken token;
  int64_t batch = 300;
  std::set<int64_t> types;        // empty: any
  std::set<int64_t> lead_ids;     // empty: any
  std::optional<int64_t> list_id;
  std::set<int64_t> asset_ids;    // primaryAttributeValueId filter
};

std::optional<std::set<int64_t>> IntSet(const MarketoRequest& r, std::string_view name, MarketoFailure* f) {
  std::set<int64_t> out;
  for (const auto& v : r.ParamList(name)) {
    int64_t n = 0;
    if (!ParseInt64(v, &n)) {
      *f = MarketoFailure{"1003", "Invalid value '" + v + "' in " + std::string(name)};
      return std::nullopt;
    }
    out.insert(n);
  }
  return out;
}

// Parses what every activity read shares: the token, batchSize, leadIds/listId.
std::optional<PageQuery> ParseCommon(MarketoCall& c, MarketoFailure* f) {
  PageQuery q;
  auto token = c.req.Param("nextPageToken");
  if (!token || token->empty()) {
    *f = MarketoFailure{"701", "nextPageToken cannot be blank"};
    return std::nullopt;
  }
  auto decoded = DecodeActivityToken(*token);
  if (!decoded) {
    *f = MarketoFailure{"1003", "Invalid nextPageToken"};
    return std::nullopt;
  }
  q.token = *decoded;
  auto batch = ParseBatchSize(c.req, f);
  if (!batch) return std::nullopt;
  q.batch = *batch;
  auto leads = IntSet(c.req, "leadIds", f);
  if (!leads) return std::nullopt;
  if (leads->size() > kMaxLeadIds) {
    *f = MarketoFailure{"1003", "Too many leadIds: " + std::to_string(leads->size()) + " (at most 30)"};
    return std::nullopt;
  }
  q.lead_ids = *leads;
  IntParam list = ParseIntParam(c.req, "listId");
  if (list.failure) {
    *f = *list.failure;
    return std::nullopt;
  }
  if (list.value) {
    if (!q.lead_ids.empty()) {
      *f = MarketoFailure{"1003", "listId and leadIds cannot be used together"};
      return std::nullopt;
    }
    if (!c.data->lists().Find(*list.value)) {
      *f = MarketoFailure{"1013", "Static list " + std::to_string(*list.value) + " not found"};
      return std::nullopt;
    }
    q.list_id = list.value;
  }
  return q;
}

// Walks the log from the token's position and collects up to q.batch activities that pass `accept`.
// `from_position` lets a reader skip what cannot match (deleted leads only live in the appended part).
struct PageResult {
  std::vector<Activity> items;
  int64_t next = 0;
  bool more = false;
};

template <typename Accept>
PageResult Walk(const MarketoData& data, const PageQuery& q, int64_t from_position, Accept accept) {
  const ActivityStore& log = data.activities();
  PageResult out;
  int64_t end = log.end_position();
  int64_t pos = std::max(q.token.position, from_position);
  auto consider = [&](int64_t p) {
    if (p < log.base_count() && !q.types.empty() && !q.types.count(log.BaseTypeAt(p))) return;
    auto a = log.At(p);
    if (!a) return;
    if (!q.types.empty() && !q.types.count(a->type_id)) return;
    if (!q.lead_ids.empty() && !q.lead_ids.count(a->lead_id)) return;
    if (q.list_id && !data.lists().IsMember(*q.list_id, a->lead_id)) return;
    if (!q.asset_ids.empty() && (!a->primary_id || !q.asset_ids.count(*a->primary_id))) return;
    if (!accept(*a)) return;
    out.items.push_back(std::move(*a));
  };
  if (!q.lead_ids.empty()) {
    // Only the positions of these leads: their generated ranges and their appended activities.
    std::vector<int64_t> positions;
    for (int64_t id : q.lead_ids) {
      if (id >= 1 && id <= data.universe().people()) {
        auto [b, e] = log.BaseRangeOf(id - 1);
        for (int64_t p = b; p < e; ++p) positions.push_back(p);
      }
      for (int64_t p : log.AppendedPositionsOf(id)) positions.push_back(p);
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    auto it = std::lower_bound(positions.begin(), positions.end(), pos);
    for (; it != positions.end() && static_cast<int64_t>(out.items.size()) < q.batch; ++it) consider(*it);
    out.next = it == positions.end() ? end : *it;
    out.more = it != positions.end();
    return out;
  }
  int64_t budget = kActivityScanBudget;
  for (; pos < end && static_cast<int64_t>(out.items.size()) < q.batch && budget > 0; ++pos, --budget) consider(pos);
  out.next = pos;
  out.more = pos < end;
  return out;
}

net::HttpResponse PageResponse(MarketoCall& c, const PageQuery& q, const PageResult& page,
                               void (*append)(std::string&, const Activity&)) {
  Envelope e;
  if (!page.items.empty()) {
    std::string out = "[";
    out.reserve(page.items.size() * 400);
    for (size_t i = 0; i < page.items.size(); ++i) {
      if (i) out += ',';
      append(out, page.items[i]);
    }
    out += "]";
    e.result_json = std::move(out);
  }
  e.more_result = page.more;
  e.next_page_token = EncodeActivityToken({q.token.since_millis, page.next});
  return Success(e, c.now);
}

net::HttpResponse PagingToken(MarketoCall& c) {
  auto since = c.req.Param("sinceDatetime");
  if (!since || since->empty()) return c.Fail("701", "sinceDatetime cannot be blank");
  auto parsed = ParseMarketoDatetime(*since);
  if (!parsed) return c.Fail("704", "Invalid date format: '" + *since + "'");
  int64_t position = c.data->activities().FirstPositionSince(parsed->unix_millis);
  Envelope e;
  e.next_page_token = EncodeActivityToken({parsed->unix_millis, position});
  return Success(e, c.now);
}

net::HttpResponse Activities(MarketoCall& c) {
  MarketoFailure f;
  auto q = ParseCommon(c, &f);
  if (!q) return c.Fail(f);
  auto types = IntSet(c.req, "activityTypeIds", &f);
  if (!types) return c.Fail(f);
  if (types->empty()) return c.Fail("701", "activityTypeIds cannot be blank");
  if (types->size() > kMaxActivityTypes) {
    return c.Fail("1003", "Too many activityTypeIds: " + std::to_string(types->size()) + " (at most 10)");
  }
  q->types = *types;
  auto assets = IntSet(c.req, "assetIds", &f);
  if (!assets) return c.Fail(f);
  q->asset_ids = *assets;
  auto page = Walk(*c.data, *q, 0, [](const Activity&) { return true; });
  return PageResponse(c, *q, page, AppendActivityJson);
}

net::HttpResponse LeadChanges(MarketoCall& c) {
  MarketoFailure f;
  auto q = ParseCommon(c, &f);
  if (!q) return c.Fail(f);
  std::vector<std::string> names = c.req.ParamList("fields");
  if (names.empty()) return c.Fail("701", "fields cannot be blank");
  std::set<std::string> wanted;
  for (const auto& n : names) {
    if (!FindLeadField(n)) return c.Fail("1006", "Field '" + n + "' not found");
    wanted.insert(n);
  }
  q->types = {kNewLead, kChangeDataValue};
  auto page = Walk(*c.data, *q, 0, [&](const Activity& a) {
    if (a.type_id == kNewLead) return true;
    if (!a.fields.is_array()) return false;
    for (const auto& field : a.fields) {
      if (wanted.count(field.value("name", std::string()))) return true;
    }
    return false;
  });
  return PageResponse(c, *q, page, AppendLeadChangeJson);
}

net::HttpResponse DeletedLeads(MarketoCall& c) {
  MarketoFailure f;
  auto q = ParseCommon(c, &f);
  if (!q) return c.Fail(f);
  q->types = {kDeleteLead};
  int64_t oldest = c.now - kDeletedLeadRetentionMillis;
  auto page = Walk(*c.data, *q, c.data->activities().base_count(),
                   [&](const Activity& a) { return a.inserted_millis >= oldest; });
  return PageResponse(c, *q, page, AppendActivityJson);
}

net::HttpResponse Types(MarketoCall& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : StandardActivityTypes()) out.push_back(ActivityTypeJson(t));
  for (const auto& t : c.data->custom_types()) {
    if (t.approved) out.push_back(CustomTypeAsActivityType(t));
  }
  return c.Ok(out);
}

}  // namespace

void AddActivityRoutes(RouteTable& t) {
  t.Add("GET", "/rest/v1/activities/pagingtoken.json", DataAccess::kRead, PagingToken);
  t.Add("GET", "/rest/v1/activities/types.json", DataAccess::kRead, Types);
  t.Add("GET", "/rest/v1/activities/leadchanges.json", DataAccess::kRead, LeadChanges);
  t.Add("GET", "/rest/v1/activities/deletedleads.json", DataAccess::kRead, DeletedLeads);
  t.Add("GET", "/rest/v1/activities.json", DataAccess::kRead, Activities);
}

}  // namespace salesync::sandbox::marketo
