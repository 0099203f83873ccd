#include "connectors/marketo/marketo_lead_changes.h"

#include <algorithm>
#include <set>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_lead_record.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

LeadChangeReader::LeadChangeReader(const LeadStreamSettings& settings, const nlohmann::json& checkpoint, int64_t now_ms)
    : settings_(settings), run_start_(now_ms) {
  if (checkpoint.is_object()) {
    if (auto hw = ParseDatetime(checkpoint.value("high_water", std::string()))) high_water_ = *hw;
    token_at_ = checkpoint.value("token_at", int64_t{0});
    changes_token_ = checkpoint.value("changes_token", std::string());
    deleted_token_ = checkpoint.value("deleted_token", std::string());
  }
  bool fresh = now_ms - token_at_ <= settings_.token_max_age_secs * 1000;
  if (changes_token_.empty() || deleted_token_.empty() || !fresh) {
    changes_token_.clear();
    deleted_token_.clear();
    state_ = State::kToken;
  } else {
    state_ = State::kChanges;
  }
}

std::vector<std::string> LeadChangeReader::WatchedFields() const {
  std::vector<std::string> out;
  for (const auto& f : settings_.fields) {
    if (f != "id" && f != "createdAt" && f != "updatedAt") out.push_back(f);
  }
  if (out.empty()) out.push_back("email");
  return out;
}

nlohmann::json LeadChangeReader::Checkpoint() const {
  return {{"phase", "incremental"},
          {"changes_token", changes_token_},
          {"deleted_token", deleted_token_},
          {"token_at", token_at_},
          {"high_water", FormatDatetime(high_water_)}};
}

StreamCall LeadChangeReader::NextCall() {
  switch (state_) {
    case State::kToken:
      return GetCall("/rest/v1/activities/pagingtoken.json",
                     {{"sinceDatetime", FormatDatetime(std::max<int64_t>(0, high_water_ - settings_.lookback_secs * 1000))}},
                     "Lead changes: paging token");
    case State::kChanges:
      return GetCall("/rest/v1/activities/leadchanges.json",
                     {{"nextPageToken", changes_token_}, {"fields", JoinComma(WatchedFields())}, {"batchSize", "300"}},
                     "Lead changes");
    case State::kFetch: {
      std::vector<std::string> ids;
      for (size_t i = 0; i < pending_ids_.size() && ids.size() < static_cast<size_t>(kMaxBatch); ++i) ids.push_back(pending_ids_[i]);
      return GetCall("/rest/v1/leads.json",
                     {{"filterType", "id"}, {"filterValues", JoinComma(ids)}, {"fields", JoinComma(settings_.fields)},
                      {"batchSize", "300"}},
                     "Changed leads (" + std::to_string(ids.size()) + ")");
    }
    case State::kDeleted:
    case State::kDone:
      return GetCall("/rest/v1/activities/deletedleads.json", {{"nextPageToken", deleted_token_}, {"batchSize", "300"}},
                     "Deleted leads");
  }
  return StreamCall{};
}

Result<StreamStep> LeadChangeReader::Consume(const oauth::ApiResponse& response) {
  auto e = ParseEnvelope(response.http.body, "marketo leads incremental");
  if (!e.ok()) return e.error();
  StreamStep step;
  switch (state_) {
    case State::kToken:
      if (e->next_page_token.empty()) {
        return MakeError(ErrorCode::kPermanent, "The paging token answer holds no nextPageToken.", "marketo pagingtoken");
      }
      changes_token_ = deleted_token_ = e->next_page_token;
      token_at_ = run_start_;
      state_ = State::kChanges;
      step.checkpoint = Checkpoint();
      return step;
    case State::kChanges: {
      std::set<std::string> seen;
      for (const auto& a : e->result) {
        std::string id = JsonText(a.value("leadId", nlohmann::json()));
        if (!id.empty() && seen.insert(id).second) pending_ids_.push_back(id);
      }
      changes_more_ = e->more_result;
      std::string next = e->next_page_token.empty() ? changes_token_ : e->next_page_token;
      if (!pending_ids_.empty()) {
        pending_changes_token_ = next;
        state_ = State::kFetch;
        return step;  // the token moves with the fetched leads
      }
      changes_token_ = next;
      token_at_ = run_start_;
      if (!changes_more_) state_ = State::kDeleted;
      step.checkpoint = Checkpoint();
      return step;
    }
    case State::kFetch: {
      for (const auto& lead : e->result) {
        auto r = LeadRecordFromJson(lead);
        if (!r.ok()) return r.error();
        step.records.push_back(std::move(*r));
      }
      size_t n = std::min(pending_ids_.size(), static_cast<size_t>(kMaxBatch));
      pending_ids_.erase(pending_ids_.begin(), pending_ids_.begin() + static_cast<std::ptrdiff_t>(n));
      if (pending_ids_.empty()) {
        changes_token_ = pending_changes_token_;
        token_at_ = run_start_;
        state_ = changes_more_ ? State::kChanges : State::kDeleted;
        step.checkpoint = Checkpoint();
      }
      return step;
    }
    case State::kDeleted: {
      for (const auto& a : e->result) {
        auto r = DeletedLeadRecord(a);
        if (!r.ok()) return r.error();
        step.records.push_back(std::move(*r));
      }
      if (!e->next_page_token.empty()) deleted_token_ = e->next_page_token;
      token_at_ = run_start_;
      if (!e->more_result) {
        state_ = State::kDone;
        high_water_ = run_start_;
        token_at_ = run_start_;
      }
      step.checkpoint = Checkpoint();
      return step;
    }
    case State::kDone:
      break;
  }
  return MakeError(ErrorCode::kInternal, "Lead changes consumed an answer after the run ended.", "marketo leads");
}

}  // namespace salesync::connectors::marketo
