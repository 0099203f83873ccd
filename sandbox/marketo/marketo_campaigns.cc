#include "sandbox/marketo/marketo_campaigns.h"

#include <vector>

#include "sandbox/marketo/marketo_leads.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr int64_t kMinScheduleDelayMillis = 5LL * 60 * 1000;
constexpr int64_t kMaxScheduleAheadMillis = 2LL * 365 * 86400000;
constexpr int64_t kMaxClonesPerDay = 20;

enum class Flow { kNone, kInterestingMoment, kChangeScore, kAddToNewsletter };

struct Campaign {
  int64_t id;
  const char* name;
  const char* description;
  bool trigger;  // "trigger" (requestable) or "batch"
  bool active;
  const char* program_name;
  int64_t program_id;
  Flow flow;
};

const std::vector<Campaign>& Campaigns() {
  static const std::vector<Campaign> kCampaigns = {
      {2001, "Request: Interesting Moment", "Logs an interesting moment with {{my.moment}}", true, true,
       "Sales Insight", 3101, Flow::kInterestingMoment},
      {2002, "Request: Change Score", "Adds {{my.scoreChange}} to the lead score", true, true, "Scoring", 3102,
       Flow::kChangeScore},
      {2003, "Request: Add to Newsletter", "Adds the lead to Newsletter Subscribers", true, true, "Newsletter", 3103,
       Flow::kAddToNewsletter},
      {2004, "Weekly Digest", "Batch send of the weekly digest", false, true, "Newsletter", 3103, Flow::kNone},
      {2005, "Retired Request Campaign", "No longer active", true, false, "Operations", 3104, Flow::kNone},
  };
  return kCampaigns;
}

const Campaign* FindCampaign(const std::string& text) {
  int64_t id = 0;
  if (!ParseInt64(text, &id)) return nullptr;
  for (const auto& c : Campaigns()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

nlohmann::json CampaignJson(const Campaign& c, int64_t created) {
  return {{"id", c.id},
          {"name", c.name},
          {"description", c.description},
          {"type", c.trigger ? "trigger" : "batch"},
          {"programName", c.program_name},
          {"programId", c.program_id},
          {"workspaceName", "Default"},
          {"createdAt", FormatLeadDatetime(created)},
          {"updatedAt", FormatLeadDatetime(created)},
          {"active", c.active}};
}

std::string TokenValue(const nlohmann::json& tokens, const std::string& name, const std::string& fallback) {
  for (const auto& t : tokens) {
    if (t.is_object() && t.value("name", std::string()) == name) {
      const auto& v = t.contains("value") ? t["value"] : nlohmann::json();
      return v.is_string() ? v.get<std::string>() : v.dump();
    }
  }
  return fallback;
}

net::HttpResponse GetCampaigns(MarketoCall& c) {
  auto ids = c.req.ParamList("id");
  auto names = c.req.ParamList("name");
  auto programs = c.req.ParamList("programName");
  auto triggerable = c.req.Param("isTriggerable");
  int64_t created = c.data->universe().now_millis() - 300LL * 86400000;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& camp : Campaigns()) {
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
      return v.empty() || std::find(v.begin(), v.end(), x) != v.end();
    };
    if (!has(ids, std::to_string(camp.id)) || !has(names, camp.name) || !has(programs, camp.program_name)) continue;
    if (triggerable && *triggerable == "true" && !(camp.trigger && camp.active)) continue;
    out.push_back(CampaignJson(camp, created));
  }
  return c.Ok(out);
}

net::HttpResponse GetCampaign(MarketoCall& c) {
  const Campaign* camp = FindCampaign(c.captures[0]);
  if (!camp) return c.Fail("1013", "Campaign " + c.captures[0] + " not found");
  return c.Ok(nlohmann::json::array({CampaignJson(*camp, c.data->universe().now_millis() - 300LL * 86400000)}));
}

net::HttpResponse Trigger(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  const Campaign* camp = FindCampaign(c.captures[0]);
  if (!camp) return c.Fail("1013", "Campaign " + c.captures[0] + " not found");
  nlohmann::json input = body->value("input", nlohmann::json::object());
  nlohmann::json leads = input.value("leads", nlohmann::json::array());
  nlohmann::json tokens = input.value("tokens", nlohmann::json::array());
  if (!leads.is_array() || leads.empty()) return c.Fail("701", "leads cannot be blank");
  if (leads.size() > kMaxCampaignLeads) {
    return c.Fail("1003", "Too many leads: " + std::to_string(leads.size()) + " (at most 100)");
  }
  if (!tokens.is_array() || tokens.size() > kMaxCampaignTokens) {
    return c.Fail("1003", "Too many tokens (at most 100)");
  }
  if (!camp->trigger) return c.Fail("1003", "Trigger campaign '" + std::string(camp->name) + "' is a batch campaign");
  if (!camp->active) return c.Fail("1003", "Trigger campaign '" + std::string(camp->name) + "' is not active");
  nlohmann::json touched = nlohmann::json::array();
  for (const auto& l : leads) {
    int64_t id = l.is_object() ? l.value("id", int64_t{-1}) : -1;
    if (!c.data->leads().Exists(id)) continue;  // the service ignores unknown leads
    touched.push_back(id);
    switch (camp->flow) {
      case Flow::kInterestingMoment: {
        Activity a;
        a.lead_id = id;
        a.type_id = kInterestingMoment;
        a.campaign_id = camp->id;
        a.primary_value = TokenValue(tokens, "{{my.momentType}}", "Web");
        a.attributes = {{"Description", TokenValue(tokens, "{{my.moment}}", "Requested via API")},
                        {"Source", "Web Service API"},
                        {"Date", FormatActivityDatetime(c.now)}};
        c.data->AddActivity(std::move(a), c.now);
        break;
      }
      case Flow::kChangeScore: {
        int64_t delta = 10;
        ParseInt64(TokenValue(tokens, "{{my.scoreChange}}", "10"), &delta);
        auto lead = c.data->leads().Get(id);
        int64_t before = lead->at(kFieldLeadScore).is_number() ? lead->at(kFieldLeadScore).get<int64_t>() : 0;
        c.data->UpdateLead(id, {{kFieldLeadScore, before + delta}}, c.now, "Campaign " + std::string(camp->name),
                           camp->id);
        break;
      }
      case Flow::kAddToNewsletter:
        if (!c.data->lists().IsMember(1001, id)) c.data->SetListMember(1001, id, true, c.now, camp->name);
        break;
      case Flow::kNone:
        break;
    }
  }
  c.RecordEffect("campaign.request", touched, {{"campaignId", camp->id}, {"tokens", tokens}});
  return c.Ok(nlohmann::json::array({{{"id", camp->id}}}));
}

net::HttpResponse Schedule(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  const Campaign* camp = FindCampaign(c.captures[0]);
  if (!camp) return c.Fail("1013", "Campaign " + c.captures[0] + " not found");
  if (camp->trigger) return c.Fail("1003", "Campaign '" + std::string(camp->name) + "' is not a batch campaign");
  nlohmann::json input = body->value("input", nlohmann::json::object());
  nlohmann::json tokens = input.value("tokens", nlohmann::json::array());
  if (!tokens.is_array() || tokens.size() > kMaxCampaignTokens) return c.Fail("1003", "Too many tokens (at most 100)");
  int64_t run_at = c.now + kMinScheduleDelayMillis;
  if (input.contains("runAt")) {
    auto parsed = input["runAt"].is_string() ? ParseMarketoDatetime(input["runAt"].get<std::string>()) : std::nullopt;
    if (!parsed) return c.Fail("1042", "Invalid runAt date");
    if (parsed->unix_millis > c.now + kMaxScheduleAheadMillis) return c.Fail("1042", "runAt is more than two years ahead");
    run_at = std::max(run_at, parsed->unix_millis);
  }
  std::string clone = input.value("cloneToProgramName", std::string());
  if (!clone.empty()) {
    int64_t& used = c.data->clone_calls_by_day()[CentralDay(c.now)];
    if (used >= kMaxClonesPerDay) return c.Fail("1020", "Too many clones to program: 20 per day");
    ++used;
  }
  c.RecordEffect("campaign.schedule", nlohmann::json::array({camp->id}),
                 {{"campaignId", camp->id}, {"runAt", FormatLeadDatetime(run_at)}, {"tokens", tokens},
                  {"cloneToProgramName", clone}});
  return c.Ok(nlohmann::json::array({{{"id", camp->id}}}));
}

}  // namespace

void AddCampaignRoutes(RouteTable& t) {
  t.Add("GET", "/rest/v1/campaigns.json", DataAccess::kRead, GetCampaigns);
  t.Add("GET", "/rest/v1/campaigns/{id}.json", DataAccess::kRead, GetCampaign);
  t.Add("POST", "/rest/v1/campaigns/{id}/trigger.json", DataAccess::kWrite, Trigger);
  t.Add("POST", "/rest/v1/campaigns/{id}/schedule.json", DataAccess::kWrite, Schedule);
}

}  // namespace salesync::sandbox::marketo
