// Journey actions on Marketo (shared/reference/marketo.md, static lists and request campaigns): the
// calls, the per-lead outcomes, and the reconciliation of a request campaign whose outcome is unknown.
// Rules only; journeys/job_runner.cc sends them through the ApiClient.
//
//   add to list       POST   /rest/v1/lists/{id}/leads.json {"input":[{"id"}]}   ≤ 300, idempotent
//                     (re-adding a member answers `added`)
//   remove from list  DELETE /rest/v1/lists/{id}/leads.json?id=a,b              ≤ 300, idempotent
//                     (a non-member is skipped 1015, which the action counts as done: "ignored")
//   request campaign  POST   /rest/v1/campaigns/{id}/trigger.json {"input":{"leads","tokens"}}  ≤ 100,
//                     NOT idempotent (each call runs the flow again: +10 twice is +20). Marketo answers for
//                     the whole call, not per lead; unknown leads are ignored.
// CampaignEffectReconciler reads back what a campaign did: the leads' activities of the campaign's type
// (Change Score 22, Interesting Moment 46) with that campaignId since the intent.
// Thread-safety: pure functions; a reconciler is used by one thread.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectors/connector.h"

namespace salesync::connectors::marketo {

inline constexpr size_t kMaxListLeadsPerCall = 300;
inline constexpr size_t kMaxCampaignLeadsPerCall = 100;
inline constexpr int64_t kActivityChangeScore = 22;
inline constexpr int64_t kActivityInterestingMoment = 46;

StreamCall ListMembershipCall(int64_t list_id, const std::vector<std::string>& lead_ids, bool add);
StreamCall CampaignTriggerCall(int64_t campaign_id, const std::vector<std::string>& lead_ids,
                               const std::vector<std::pair<std::string, std::string>>& tokens);
StreamCall ListLookupCall(int64_t list_id);
StreamCall CampaignLookupCall(int64_t campaign_id);

// Per lead, in input order: ok for added / removed / skipped 1015 (not a member: ignored); retryable
// for request-level rate or server errors. kPermanent when the answer is unreadable; the request-level
// error (e.g. 1013 list not found) as an Error with the provider's code in the context.
Result<std::vector<WriteOutcome>> ParseListOutcomes(const std::vector<std::string>& lead_ids,
                                                    const oauth::ApiResponse& response);
// OkStatus when Marketo accepted the trigger; otherwise its code and message (1003 batch or inactive
// campaign, 1013 not found...) as kPermanent.
Status ParseCampaignTrigger(const oauth::ApiResponse& response);
// Whether a lookup found the list / campaign (a request campaign must be an active trigger campaign).
Result<bool> ParseListExists(const oauth::ApiResponse& response);
Result<bool> ParseRequestCampaignUsable(const oauth::ApiResponse& response, std::string* why);

class CampaignEffectReconciler {
 public:
  // `since_ms`: the earliest intent of the batch (less a margin for clock skew, which the caller applies).
  CampaignEffectReconciler(int64_t activity_type, int64_t campaign_id, std::vector<std::string> lead_ids, int64_t since_ms);

  std::optional<StreamCall> NextCall() const;
  Status Consume(const oauth::ApiResponse& response);
  bool done() const { return state_ == State::kDone; }
  // Leads on which the campaign's effect was found.
  const std::set<std::string>& found() const { return found_; }

 private:
  enum class State { kToken, kPages, kDone };
  int64_t activity_type_;
  int64_t campaign_id_;
  std::vector<std::vector<std::string>> groups_;
  std::set<std::string> wanted_;
  int64_t since_ms_;
  std::string start_token_, token_;
  size_t group_ = 0;
  State state_ = State::kToken;
  std::set<std::string> found_;
};

}  // namespace salesync::connectors::marketo
