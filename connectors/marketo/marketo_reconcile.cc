#include "connectors/marketo/marketo_reconcile.h"

#include <algorithm>
#include <climits>
#include <set>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

Result<CustomActivityReconciler> CustomActivityReconciler::Make(const WriteTarget& target, std::vector<WriteItem> items) {
  auto settings = ParseCustomActivitySettings(target.settings);
  if (!settings.ok()) return settings.error();
  CustomActivityReconciler r;
  r.settings_ = *settings;
  std::set<int64_t> leads;
  int64_t earliest = LLONG_MAX;
  for (const auto& item : items) {
    auto lead = ItemLeadId(item);
    if (!lead.ok()) return lead.error();
    auto date = ItemActivityDate(item);
    if (!date.ok()) return date.error();
    leads.insert(*lead);
    earliest = std::min(earliest, *date);
  }
  for (const auto& item : items) r.wanted_.insert(item.key);
  r.items_ = std::move(items);
  std::vector<std::string> group;
  for (int64_t id : leads) {
    group.push_back(std::to_string(id));
    if (group.size() == kMaxLeadIdsPerActivityCall) {
      r.lead_groups_.push_back(std::move(group));
      group.clear();
    }
  }
  if (!group.empty()) r.lead_groups_.push_back(std::move(group));
  r.since_ms_ = earliest == LLONG_MAX ? 0 : std::max<int64_t>(0, earliest - 86400000);
  if (r.lead_groups_.empty()) r.state_ = State::kDone;
  return r;
}

std::optional<StreamCall> CustomActivityReconciler::NextCall() const {
  switch (state_) {
    case State::kToken:
      return GetCall("/rest/v1/activities/pagingtoken.json", {{"sinceDatetime", FormatDatetime(since_ms_)}},
                     "Reconcile custom activities: paging token");
    case State::kPages:
      return GetCall("/rest/v1/activities.json",
                     {{"nextPageToken", token_},
                      {"activityTypeIds", std::to_string(settings_.activity_type_id)},
                      {"leadIds", JoinComma(lead_groups_[group_])},
                      {"batchSize", "300"}},
                     "Reconcile custom activities: leads group " + std::to_string(group_ + 1));
    case State::kDone:
      break;
  }
  return std::nullopt;
}

Status CustomActivityReconciler::Consume(const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo reconcile custom activities");
  if (!e.ok()) return e.error();
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
    if (!a.contains("attributes") || !a["attributes"].is_array()) continue;
    for (const auto& attr : a["attributes"]) {
      std::string name = JsonText(attr.value("name", attr.value("apiName", nlohmann::json())));
      if (name != settings_.key_attribute && name != settings_.key_attribute_name) continue;
      std::string key = JsonText(attr.value("value", nlohmann::json()));
      if (wanted_.count(key)) found_.emplace(key, JsonText(a.value("marketoGUID", nlohmann::json())));
    }
  }
  if (!e->next_page_token.empty()) token_ = e->next_page_token;
  if (!e->more_result) {
    ++group_;
    token_ = start_token_;
    if (group_ >= lead_groups_.size()) state_ = State::kDone;
  }
  return OkStatus();
}

std::vector<WriteItem> CustomActivityReconciler::Missing() const {
  std::vector<WriteItem> out;
  for (const auto& item : items_) {
    if (!found_.count(item.key)) out.push_back(item);
  }
  return out;
}

}  // namespace salesync::connectors::marketo
