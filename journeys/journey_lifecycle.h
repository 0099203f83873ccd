// The journey lifecycle of shared/reference/features.md §2 as a table: which operation each status
// allows, and the sentence that says why when it does not.
//
//   status     | allowed
//   draft      | edit, publish, duplicate, delete
//   live       | duplicate, close, abort
//   closed     | duplicate, abort
//   aborted    | duplicate, delete
//   completed  | duplicate, delete
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace salesync::journeys {

enum class Operation { kEdit, kPublish, kDuplicate, kClose, kAbort, kDelete };

const std::vector<std::string>& AllStatuses();
const std::vector<Operation>& AllOperations();
std::string OperationName(Operation op);

// OkStatus when `op` is allowed on a journey in `status`; kConflict with a sentence otherwise.
Status CheckOperation(const std::string& journey, const std::string& status, Operation op);

// The status after a successful `op` (publish → live, close → closed, abort → aborted; others keep it).
std::string StatusAfter(const std::string& status, Operation op);

}  // namespace salesync::journeys
