#include "connectors/marketo/marketo_activities_stream.h"

#include <algorithm>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_lead_record.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

constexpr int64_t kRetentionMillis = 25LL * 31 * 86400000;  // 25 months, the longest activity retention

}  // namespace

std::vector<std::vector<int64_t>> MarketoActivitiesStream::Groups(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::vector<int64_t>> out;
  for (size_t i = 0; i < ids.size(); i += kMaxActivityTypesPerCall) {
    out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(i),
                     ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kMaxActivityTypesPerCall)));
  }
  return out;
}

Result<std::unique_ptr<MarketoActivitiesStream>> MarketoActivitiesStream::Open(const StreamContext& context) {
  auto settings = ParseActivityStreamSettings(context.settings);
  if (!settings.ok()) return settings.error();
  std::unique_ptr<MarketoActivitiesStream> s(new MarketoActivitiesStream(std::move(*settings), context.now_ms));
  const nlohmann::json& c = context.checkpoint;
  s->high_water_ = s->settings_.since_ms.value_or(context.now_ms - kRetentionMillis);
  if (c.is_object() && !c.empty()) {
    auto hw = ParseDatetime(c.value("high_water", std::string()));
    if (!hw) return MakeError(ErrorCode::kInvalidArgument, "An activities checkpoint without high_water.", "marketo activities checkpoint");
    s->high_water_ = *hw;
    s->token_at_ = c.value("token_at", int64_t{0});
    if (context.now_ms - s->token_at_ <= s->settings_.token_max_age_secs * 1000 && c.contains("tokens") &&
        c["tokens"].is_object()) {
      for (const auto& [key, token] : c["tokens"].items()) {
        if (token.is_string()) s->tokens_[key] = token.get<std::string>();
      }
    }
  } else if (!c.is_null()) {
    return MakeError(ErrorCode::kInvalidArgument, "Unknown activities checkpoint " + c.dump() + ".", "marketo activities checkpoint");
  }
  if (!s->settings_.activity_type_ids.empty()) s->SetTypes(s->settings_.activity_type_ids);
  return s;
}

void MarketoActivitiesStream::SetTypes(std::vector<int64_t> ids) {
  groups_ = Groups(std::move(ids));
  group_ = 0;
  bool missing = false;
  for (size_t g = 0; g < groups_.size(); ++g) missing = missing || !tokens_.count(GroupKey(g));
  state_ = groups_.empty() ? State::kDone : (missing ? State::kToken : State::kPages);
  if (state_ == State::kDone) high_water_ = run_start_;
}

std::string MarketoActivitiesStream::GroupKey(size_t group) const {
  std::vector<std::string> parts;
  for (int64_t id : groups_[group]) parts.push_back(std::to_string(id));
  return JoinComma(parts);
}

nlohmann::json MarketoActivitiesStream::Checkpoint() const {
  nlohmann::json tokens = nlohmann::json::object();
  for (const auto& [k, v] : tokens_) tokens[k] = v;
  return {{"tokens", tokens}, {"token_at", token_at_}, {"high_water", FormatDatetime(high_water_)}};
}

void MarketoActivitiesStream::MoveToNextGroup() {
  ++group_;
  if (group_ < groups_.size()) return;
  state_ = State::kDone;
  high_water_ = run_start_;
  token_at_ = run_start_;
}

Result<std::optional<StreamCall>> MarketoActivitiesStream::NextCall() {
  switch (state_) {
    case State::kTypes:
      return std::optional<StreamCall>(GetCall("/rest/v1/activities/types.json", {}, "Activity types"));
    case State::kToken:
      return std::optional<StreamCall>(GetCall(
          "/rest/v1/activities/pagingtoken.json",
          {{"sinceDatetime", FormatDatetime(std::max<int64_t>(0, high_water_ - settings_.lookback_secs * 1000))}},
          "Activities: paging token"));
    case State::kPages: {
      std::string key = GroupKey(group_);
      return std::optional<StreamCall>(GetCall(
          "/rest/v1/activities.json", {{"nextPageToken", tokens_[key]}, {"activityTypeIds", key}, {"batchSize", "300"}},
          "Activities of types " + key));
    }
    case State::kDone:
      break;
  }
  return std::optional<StreamCall>();
}

Result<StreamStep> MarketoActivitiesStream::Consume(const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo activities");
  if (!e.ok()) return e.error();
  StreamStep step;
  switch (state_) {
    case State::kTypes: {
      std::vector<int64_t> ids;
      for (const auto& t : e->result) {
        if (t.contains("id") && t["id"].is_number_integer()) ids.push_back(t["id"].get<int64_t>());
      }
      SetTypes(std::move(ids));
      if (state_ == State::kDone) step.checkpoint = Checkpoint();
      return step;
    }
    case State::kToken:
      if (e->next_page_token.empty()) {
        return MakeError(ErrorCode::kPermanent, "The paging token answer holds no nextPageToken.", "marketo pagingtoken");
      }
      for (size_t g = 0; g < groups_.size(); ++g) tokens_.emplace(GroupKey(g), e->next_page_token);
      token_at_ = run_start_;
      state_ = State::kPages;
      return step;
    case State::kPages: {
      for (const auto& a : e->result) {
        auto r = ActivityRecord(a);
        if (!r.ok()) return r.error();
        step.records.push_back(std::move(*r));
      }
      if (!e->next_page_token.empty()) tokens_[GroupKey(group_)] = e->next_page_token;
      token_at_ = run_start_;  // the tokens were good at this run's start
      if (!e->more_result) MoveToNextGroup();
      step.checkpoint = Checkpoint();
      return step;
    }
    case State::kDone:
      break;
  }
  return MakeError(ErrorCode::kInternal, "Activities stream consumed an answer after the run ended.", "marketo activities");
}

}  // namespace salesync::connectors::marketo
