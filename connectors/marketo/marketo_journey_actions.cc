#include "connectors/marketo/marketo_journey_actions.h"

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

bool RetryableCode(const std::string& code) {
  // 604 timeout, 606/607/615 limits, 611 system error, 713 transient, 1029 export queue.
  return code == "604" || code == "606" || code == "607" || code == "608" || code == "611" || code == "615" ||
         code == "713";
}

Error EnvelopeError(const Envelope& e, const std::string& what) {
  std::string code = e.errors.empty() ? "" : e.errors.front().code;
  std::string message = e.errors.empty() ? "Marketo answered success:false." : e.errors.front().message;
  return MakeError(RetryableCode(code) ? ErrorCode::kTransient : ErrorCode::kPermanent,
                   "Marketo refused the " + what + ": " + code + " " + message, "marketo " + code);
}

}  // namespace

StreamCall ListMembershipCall(int64_t list_id, const std::vector<std::string>& lead_ids, bool add) {
  std::string path = "/rest/v1/lists/" + std::to_string(list_id) + "/leads.json";
  if (add) {
    nlohmann::json input = nlohmann::json::array();
    for (const auto& id : lead_ids) input.push_back({{"id", std::stoll(id)}});
    return PostJsonCall(path, {{"input", input}}, "Add to list " + std::to_string(list_id), true);
  }
  StreamCall call = GetCall(path, {{"id", JoinComma(lead_ids)}}, "Remove from list " + std::to_string(list_id));
  call.request.method = "DELETE";
  return call;
}

StreamCall CampaignTriggerCall(int64_t campaign_id, const std::vector<std::string>& lead_ids,
                               const std::vector<std::pair<std::string, std::string>>& tokens) {
  nlohmann::json leads = nlohmann::json::array();
  for (const auto& id : lead_ids) leads.push_back({{"id", std::stoll(id)}});
  nlohmann::json toks = nlohmann::json::array();
  for (const auto& [name, value] : tokens) toks.push_back({{"name", name}, {"value", value}});
  nlohmann::json input = {{"leads", leads}};
  if (!toks.empty()) input["tokens"] = toks;
  return PostJsonCall("/rest/v1/campaigns/" + std::to_string(campaign_id) + "/trigger.json", {{"input", input}},
                      "Request campaign " + std::to_string(campaign_id), false);
}

StreamCall ListLookupCall(int64_t list_id) {
  return GetCall("/rest/v1/lists/" + std::to_string(list_id) + ".json", {}, "Look up list " + std::to_string(list_id));
}

StreamCall CampaignLookupCall(int64_t campaign_id) {
  return GetCall("/rest/v1/campaigns/" + std::to_string(campaign_id) + ".json", {},
                 "Look up campaign " + std::to_string(campaign_id));
}

Result<std::vector<WriteOutcome>> ParseListOutcomes(const std::vector<std::string>& lead_ids,
                                                    const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo list membership");
  if (!e.ok()) return e.error();
  if (!e->success) return EnvelopeError(*e, "list change");
  auto statuses = ParseRecordStatuses(e->result);
  if (statuses.size() != lead_ids.size()) {
    return MakeError(ErrorCode::kPermanent, "Marketo answered " + std::to_string(statuses.size()) + " statuses for " +
                                                std::to_string(lead_ids.size()) + " leads.",
                     "marketo list membership");
  }
  std::vector<WriteOutcome> out;
  for (size_t i = 0; i < lead_ids.size(); ++i) {
    const auto& s = statuses[i];
    WriteOutcome o;
    o.key = lead_ids[i];
    o.remote_id = s.id;
    if (s.status == "added" || s.status == "removed") {
      o.ok = true;
      o.code = s.status;
    } else {
      o.code = s.reasons.empty() ? s.status : s.reasons.front().code;
      o.message = s.reasons.empty() ? s.status : s.reasons.front().message;
      // 1015 "Lead not in list": removing a non-member is ignored, as features.md §3 says.
      o.ok = o.code == "1015";
      if (o.ok) o.code = "ignored 1015";
      o.retryable = RetryableCode(o.code);
    }
    out.push_back(std::move(o));
  }
  return out;
}

Status ParseCampaignTrigger(const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo request campaign");
  if (!e.ok()) return e.error();
  if (!e->success) return EnvelopeError(*e, "request campaign");
  return OkStatus();
}

Result<bool> ParseListExists(const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo list lookup");
  if (!e.ok()) return e.error();
  if (!e->success) {
    if (!e->errors.empty() && e->errors.front().code == "1013") return false;
    return EnvelopeError(*e, "list lookup");
  }
  return e->result.is_array() && !e->result.empty();
}

Result<bool> ParseRequestCampaignUsable(const oauth::ApiResponse& response, std::string* why) {
  auto e = ParseEnvelope(response.http.body, "marketo campaign lookup");
  if (!e.ok()) return e.error();
  if (!e->success) {
    if (!e->errors.empty() && e->errors.front().code == "1013") {
      *why = "it does not exist";
      return false;
    }
    return EnvelopeError(*e, "campaign lookup");
  }
  if (!e->result.is_array() || e->result.empty()) {
    *why = "it does not exist";
    return false;
  }
  const auto& c = e->result.front();
  if (c.value("type", "") != "trigger") {
    *why = "it is a batch campaign, not a request (trigger) campaign";
    return false;
  }
  if (!c.value("active", false)) {
    *why = "it is not active";
    return false;
  }
  return true;
}

CampaignEffectReconciler::CampaignEffectReconciler(int64_t activity_type, int64_t campaign_id,
                                                   std::vector<std::string> lead_ids, int64_t since_ms)
    : activity_type_(activity_type), campaign_id_(campaign_id), since_ms_(since_ms) {
  std::vector<std::string> group;
  for (auto& id : lead_ids) {
    wanted_.insert(id);
    group.push_back(std::move(id));
    if (group.size() == kMaxLeadIdsPerActivityCall) groups_.push_back(std::move(group)), group.clear();
  }
  if (!group.empty()) groups_.push_back(std::move(group));
  if (groups_.empty()) state_ = State::kDone;
}

std::optional<StreamCall> CampaignEffectReconciler::NextCall() const {
  if (state_ == State::kToken) {
    return GetCall("/rest/v1/activities/pagingtoken.json", {{"sinceDatetime", FormatDatetime(since_ms_)}},
                   "Reconcile campaign: paging token");
  }
  if (state_ == State::kPages) {
    return GetCall("/rest/v1/activities.json",
                   {{"nextPageToken", token_},
                    {"activityTypeIds", std::to_string(activity_type_)},
                    {"leadIds", JoinComma(groups_[group_])},
                    {"batchSize", "300"}},
                   "Reconcile campaign: leads group " + std::to_string(group_ + 1));
  }
  return std::nullopt;
}

Status CampaignEffectReconciler::Consume(const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo reconcile campaign");
  if (!e.ok()) return e.error();
  if (!e->success) return EnvelopeError(*e, "activity read");
  if (state_ == State::kToken) {
    if (e->next_page_token.empty()) {
      return MakeError(ErrorCode::kPermanent, "The paging token answer holds no nextPageToken.", "marketo pagingtoken");
    }
    start_token_ = token_ = e->next_page_token;
    state_ = State::kPages;
    return OkStatus();
  }
  if (state_ != State::kPages) return MakeError(ErrorCode::kInternal, "The reconciliation is over.", "marketo reconcile");
  for (const auto& a : e->result) {
    if (a.value("campaignId", int64_t{0}) != campaign_id_) continue;
    std::string lead = JsonText(a.value("leadId", nlohmann::json()));
    if (wanted_.count(lead)) found_.insert(lead);
  }
  if (!e->next_page_token.empty()) token_ = e->next_page_token;
  if (!e->more_result) {
    ++group_;
    token_ = start_token_;
    if (group_ >= groups_.size()) state_ = State::kDone;
  }
  return OkStatus();
}

}  // namespace salesync::connectors::marketo
