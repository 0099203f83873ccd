#include "journeys/journey_lifecycle.h"

#include <map>
#include <set>

namespace salesync::journeys {

namespace {

const std::map<std::string, std::set<Operation>>& Table() {
  static const std::map<std::string, std::set<Operation>> kTable = {
      {"draft", {Operation::kEdit, Operation::kPublish, Operation::kDuplicate, Operation::kDelete}},
      {"live", {Operation::kDuplicate, Operation::kClose, Operation::kAbort}},
      {"closed", {Operation::kDuplicate, Operation::kAbort}},
      {"aborted", {Operation::kDuplicate, Operation::kDelete}},
      {"completed", {Operation::kDuplicate, Operation::kDelete}},
  };
  return kTable;
}

std::string Why(const std::string& status, Operation op) {
  switch (op) {
    case Operation::kEdit:
      return "only a draft can be edited; duplicate it to change it";
    case Operation::kPublish:
      return status == "live" ? "it is already live"
                              : "only a draft can be published; " + status + " journeys cannot be restarted";
    case Operation::kDelete:
      return status == "live" || status == "closed" ? "live and closed journeys cannot be deleted; abort it first"
                                                     : "it cannot be deleted";
    case Operation::kClose:
      return status == "draft" ? "a draft has no entries to close; publish it first"
                               : "only a live journey can be closed to new entries";
    case Operation::kAbort:
      return status == "draft" ? "a draft has not started; delete it instead"
                               : "it has already ended";
    case Operation::kDuplicate:
      break;
  }
  return "the operation is not allowed";
}

std::string Article(const std::string& status) {
  return status == "aborted" ? "an aborted" : "a " + status;
}

}  // namespace

const std::vector<std::string>& AllStatuses() {
  static const std::vector<std::string> kAll = {"draft", "live", "closed", "aborted", "completed"};
  return kAll;
}

const std::vector<Operation>& AllOperations() {
  static const std::vector<Operation> kAll = {Operation::kEdit,  Operation::kPublish, Operation::kDuplicate,
                                              Operation::kClose, Operation::kAbort,   Operation::kDelete};
  return kAll;
}

std::string OperationName(Operation op) {
  switch (op) {
    case Operation::kEdit: return "edit";
    case Operation::kPublish: return "publish";
    case Operation::kDuplicate: return "duplicate";
    case Operation::kClose: return "close";
    case Operation::kAbort: return "abort";
    case Operation::kDelete: return "delete";
  }
  return "?";
}

Status CheckOperation(const std::string& journey, const std::string& status, Operation op) {
  auto it = Table().find(status);
  if (it != Table().end() && it->second.count(op)) return OkStatus();
  return MakeError(ErrorCode::kConflict,
                   "Journey \"" + journey + "\" is " + (status == "closed" ? "closed to new entries" : status) +
                       ": cannot " + OperationName(op) + " " + Article(status) + " journey (" + Why(status, op) + ").",
                   journey);
}

std::string StatusAfter(const std::string& status, Operation op) {
  switch (op) {
    case Operation::kPublish: return "live";
    case Operation::kClose: return "closed";
    case Operation::kAbort: return "aborted";
    default: return status;
  }
}

}  // namespace salesync::journeys
