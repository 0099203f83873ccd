// MarketoActivitiesStream: the "activities" stream (shared/reference/marketo.md §5).
//
//   types     GET /rest/v1/activities/types.json, once per run, unless settings.activity_type_ids names them
//   token     GET /rest/v1/activities/pagingtoken.json?sinceDatetime=<high-water − lookback>, once per run,
//             for every group without a stored token (or when the stored ones are older than
//             token_max_age_secs)
//   pages     GET /rest/v1/activities.json?nextPageToken=&activityTypeIds=<≤10>&batchSize=300, group by group
//             until moreResult is false. Pages may be short (even empty) while moreResult is true.
// Marketo always returns a nextPageToken: it is the group's cursor, committed with the page it follows, so a
// resumed run reads each activity once. Records: id = marketoGUID (the integer id may repeat, so it is not a
// key), modified_ms = activityDate.
// Checkpoint: {"tokens":{"1,2,6,…":token},"token_at":ms,"high_water":ISO}; groups are keyed by their
// sorted type ids, so a new custom type (a new group) starts from the high-water datetime.
// Thread-safety: one engine thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/marketo/marketo_settings.h"
#include "connectors/stream.h"

namespace salesync::connectors::marketo {

class MarketoActivitiesStream : public Stream {
 public:
  static Result<std::unique_ptr<MarketoActivitiesStream>> Open(const StreamContext& context);

  std::string name() const override { return "activities"; }
  Result<std::optional<StreamCall>> NextCall() override;
  Result<StreamStep> Consume(const oauth::ApiResponse& response) override;

  // Groups of at most 10 type ids, each sorted, in ascending order of their first id.
  static std::vector<std::vector<int64_t>> Groups(std::vector<int64_t> type_ids);

 private:
  enum class State { kTypes, kToken, kPages, kDone };
  MarketoActivitiesStream(ActivityStreamSettings settings, int64_t now_ms) : settings_(std::move(settings)), run_start_(now_ms) {}

  void SetTypes(std::vector<int64_t> ids);
  std::string GroupKey(size_t group) const;
  void MoveToNextGroup();
  nlohmann::json Checkpoint() const;

  ActivityStreamSettings settings_;
  int64_t run_start_;
  int64_t high_water_ = 0;
  int64_t token_at_ = 0;
  std::map<std::string, std::string> tokens_;
  std::vector<std::vector<int64_t>> groups_;
  size_t group_ = 0;
  State state_ = State::kTypes;
};

}  // namespace salesync::connectors::marketo
