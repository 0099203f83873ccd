// CustomActivityReconciler: after a custom-activity write whose outcome is unknown (the ApiClient answered
// "ambiguous": the connection dropped after the request left), find which items already exist in Marketo,
// so the engine resends only the others. Marketo has no external id for activities; each one carries our
// key in the type's key attribute (marketo_writes.h), and this reads it back:
//
//   GET /rest/v1/activities/pagingtoken.json?sinceDatetime=<earliest activityDate of the items − 1 day>
//   GET /rest/v1/activities.json?nextPageToken=&activityTypeIds=<type>&leadIds=<≤30>&batchSize=300
//       for each group of 30 lead ids, until moreResult is false (every group starts from the same token)
//
// It is driven like a stream (NextCall / Consume through the ApiClient); all its calls are reads.
// Thread-safety: one thread.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectors/connector.h"
#include "connectors/marketo/marketo_writes.h"

namespace salesync::connectors::marketo {

class CustomActivityReconciler {
 public:
  // kConfig for bad target settings, kInvalidArgument for items without leadId / activityDate.
  static Result<CustomActivityReconciler> Make(const WriteTarget& target, std::vector<WriteItem> items);

  // nullopt: done.
  std::optional<StreamCall> NextCall() const;
  Status Consume(const oauth::ApiResponse& response);

  bool done() const { return state_ == State::kDone; }
  // key → marketoGUID of the items (of those given to Make) found in Marketo.
  const std::map<std::string, std::string>& found() const { return found_; }
  // The items to send again, in their original order. REQUIRES: done().
  std::vector<WriteItem> Missing() const;

 private:
  enum class State { kToken, kPages, kDone };
  CustomActivityReconciler() = default;

  CustomActivitySettings settings_;
  std::vector<WriteItem> items_;
  std::set<std::string> wanted_;
  std::vector<std::vector<std::string>> lead_groups_;
  int64_t since_ms_ = 0;
  std::string start_token_;
  std::string token_;
  size_t group_ = 0;
  State state_ = State::kToken;
  std::map<std::string, std::string> found_;
};

}  // namespace salesync::connectors::marketo
