#include "sandbox/marketo/marketo_control.h"

#include "base/strings.h"
#include "sandbox/marketo/marketo_request.h"
#include "sandbox/marketo/marketo_time.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::marketo {

namespace {

std::vector<int> AllFields() {
  std::vector<int> all;
  for (int i = 0; i < kLeadFieldCount; ++i) all.push_back(i);
  return all;
}

void Record(SandboxEnvironment& env, int64_t now, const net::HttpRequest& r, const std::string& op,
            nlohmann::json records, nlohmann::json result) {
  Effect e;
  e.at_unix_millis = now;
  e.provider = "marketo";
  e.actor = "control";
  e.operation = op;
  e.endpoint = r.method + " " + r.path;
  e.records = std::move(records);
  e.result = std::move(result);
  env.effects.Record(std::move(e));
}

net::HttpResponse LeadState(MarketoData& data, int64_t id) {
  auto lead = data.leads().Get(id);
  if (!lead) return SandboxJson(404, {{"exists", false}, {"id", id}});
  nlohmann::json lists = nlohmann::json::array();
  for (int64_t l : data.lists().ListsOf(id)) lists.push_back(l);
  return SandboxJson(200, {{"exists", true}, {"id", id}, {"lead", LeadJson(*lead, AllFields())}, {"lists", lists}});
}

std::optional<std::vector<FieldChange>> Changes(const nlohmann::json& body, net::HttpResponse* error) {
  nlohmann::json fields = body;
  if (fields.is_object()) fields.erase("partitionName");
  auto converted = ConvertLeadInput(fields, {}, true);
  if (auto* p = std::get_if<RecordProblem>(&converted)) {
    *error = SandboxJson(400, {{"error", p->message}, {"code", p->code}});
    return std::nullopt;
  }
  return std::get<std::vector<FieldChange>>(converted);
}

std::vector<int64_t> IdArray(const nlohmann::json& body, const char* key) {
  std::vector<int64_t> out;
  if (body.contains(key) && body[key].is_array()) {
    for (const auto& v : body[key]) {
      if (v.is_number_integer()) out.push_back(v.get<int64_t>());
    }
  }
  return out;
}

}  // namespace

std::optional<net::HttpResponse> HandleMarketoControl(const net::HttpRequest& r, const std::string& sub,
                                                      MarketoData& data, SandboxEnvironment& env, int64_t now) {
  std::vector<std::string> parts = SplitString(sub, '/');
  nlohmann::json body = nlohmann::json::object();
  if (!TrimWhitespace(r.body).empty()) {
    body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return SandboxJson(400, {{"error", "The body must be a JSON object."}});
  }
  int64_t id = 0;
  if (parts.size() == 1 && parts[0] == "leads" && r.method == "POST") {
    net::HttpResponse error;
    auto changes = Changes(body, &error);
    if (!changes) return error;
    int64_t partition = 1;
    if (body.contains("partitionName")) {
      const Partition* p = data.leads().PartitionByName(body.value("partitionName", std::string()));
      if (!p) return SandboxJson(400, {{"error", "Unknown partition."}});
      partition = p->id;
    }
    int64_t created = data.CreateLead(*changes, partition, now, "Sandbox control");
    Record(env, now, r, "control.lead.create", nlohmann::json::array({created}), {{"status", "created"}});
    net::HttpResponse res = LeadState(data, created);
    res.status = 201;
    return res;
  }
  if (parts.size() >= 2 && parts[0] == "leads" && ParseInt64(parts[1], &id)) {
    if (parts.size() == 3 && parts[2] == "lists" && r.method == "GET") {
      nlohmann::json lists = nlohmann::json::array();
      for (int64_t l : data.lists().ListsOf(id)) lists.push_back(l);
      return SandboxJson(200, {{"id", id}, {"lists", lists}});
    }
    if (parts.size() != 2) return std::nullopt;
    if (r.method == "GET") return LeadState(data, id);
    if (r.method == "PATCH" || r.method == "POST") {
      if (!data.leads().Exists(id)) return SandboxJson(404, {{"exists", false}, {"id", id}});
      net::HttpResponse error;
      auto changes = Changes(body, &error);
      if (!changes) return error;
      int changed = data.UpdateLead(id, *changes, now, "Sandbox control");
      if (changed == 0) {
        // Still bump updatedAt: "touch" is how tests make a lead look modified without changing it.
        auto lead = data.leads().Get(id);
        lead->at(kFieldUpdatedAt) = std::max(lead->at(kFieldUpdatedAt).get<int64_t>(), now / 1000 * 1000);
        data.leads().Put(*lead);
      }
      Record(env, now, r, "control.lead.update", nlohmann::json::array({id}), {{"changed", changed}});
      return LeadState(data, id);
    }
    if (r.method == "DELETE") {
      if (!data.leads().Exists(id)) return SandboxJson(404, {{"exists", false}, {"id", id}});
      data.DeleteLead(id, now);
      Record(env, now, r, "control.lead.delete", nlohmann::json::array({id}), {{"status", "deleted"}});
      return SandboxJson(200, {{"deleted", id}});
    }
    return std::nullopt;
  }
  if (parts.size() == 1 && parts[0] == "activities" && r.method == "POST") {
    int64_t lead = body.value("leadId", int64_t{-1});
    if (!data.leads().Exists(lead)) return SandboxJson(400, {{"error", "leadId does not name an existing lead."}});
    Activity a;
    a.lead_id = lead;
    a.type_id = body.value("activityTypeId", int64_t{0});
    if (a.type_id <= 0) return SandboxJson(400, {{"error", "activityTypeId is required."}});
    if (body.contains("primaryAttributeValue")) a.primary_value = body["primaryAttributeValue"];
    if (body.contains("primaryAttributeValueId")) a.primary_id = body.value("primaryAttributeValueId", int64_t{0});
    if (body.contains("campaignId")) a.campaign_id = body.value("campaignId", int64_t{0});
    if (body.contains("activityDate") && body["activityDate"].is_string()) {
      auto d = ParseMarketoDatetime(body["activityDate"].get<std::string>());
      if (!d) return SandboxJson(400, {{"error", "activityDate is not a datetime."}});
      a.date_millis = d->unix_millis;
    }
    if (body.contains("attributes")) {
      const auto& attrs = body["attributes"];
      if (attrs.is_object()) {
        for (const auto& [k, v] : attrs.items()) a.attributes.push_back({k, v});
      } else if (attrs.is_array()) {
        for (const auto& at : attrs) {
          if (at.is_object()) a.attributes.push_back({at.value("name", std::string()), at.value("value", nlohmann::json())});
        }
      }
    }
    if (body.contains("fields")) a.fields = body["fields"];
    int64_t position = data.AddActivity(std::move(a), now);
    auto stored = data.activities().At(position);
    Record(env, now, r, "control.activity.add", nlohmann::json::array({lead}), {{"position", position}});
    return SandboxJson(201, {{"id", stored ? stored->id : 0}, {"marketoGUID", stored ? stored->guid : ""},
                             {"activityDate", FormatActivityDatetime(stored ? stored->date_millis : now)}});
  }
  if (parts.size() == 3 && parts[0] == "lists" && parts[2] == "members" && ParseInt64(parts[1], &id)) {
    if (!data.lists().Find(id)) return SandboxJson(404, {{"error", "Unknown static list."}});
    if (r.method == "GET") {
      nlohmann::json members = nlohmann::json::object();
      for (auto& v : SplitString(r.QueryParam("leadId").value_or(""), ',')) {
        int64_t lead = 0;
        if (ParseInt64(v, &lead)) members[std::to_string(lead)] = data.lists().IsMember(id, lead);
      }
      return SandboxJson(200, {{"listId", id}, {"members", members}});
    }
    if (r.method == "POST") {
      nlohmann::json done = nlohmann::json::array();
      for (int64_t lead : IdArray(body, "add")) {
        if (data.leads().Exists(lead) && !data.lists().IsMember(id, lead)) {
          data.SetListMember(id, lead, true, now, "Sandbox control");
          done.push_back(lead);
        }
      }
      for (int64_t lead : IdArray(body, "remove")) {
        if (data.lists().IsMember(id, lead)) {
          data.SetListMember(id, lead, false, now, "Sandbox control");
          done.push_back(lead);
        }
      }
      Record(env, now, r, "control.list.members", done, {{"listId", id}});
      return SandboxJson(200, {{"listId", id}, {"changed", done}});
    }
  }
  return std::nullopt;
}

}  // namespace salesync::sandbox::marketo
