// Salesforce batch writes: sObject Collections upsert on an external id. Owned by the Salesforce connector.
//
//   PATCH /services/data/vXX.X/composite/sobjects/{Task|Lead|Contact}/{external id field}
//   {"allOrNone": false, "records": [{"attributes": {"type": "Task"}, ..., "Salesync_Activity_Id__c": key}]}
//
// Each item carries salesync's key in the external-id field (Task: Salesync_Activity_Id__c, unique;
// Lead/Contact: Salesync_Id__c), so sending a batch again — after a dropped answer, a crash, a retry of
// the whole call — updates the rows the first attempt created instead of creating more. That makes the
// call idempotent, and the ApiClient may resend it. At most 200 records a call (Salesforce's limit).
// With allOrNone false every row succeeds or fails on its own; the answer is one result per row in
// input order ({"id","success","created","errors":[{"statusCode","message","fields"}]}).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "connectors/connector.h"
#include "connectors/salesforce/salesforce_config.h"

namespace salesync::connectors::salesforce {

// The upsert call for `items` (1..200, each with a non-empty key). kInvalidArgument otherwise.
Result<StreamCall> BuildUpsertCall(const std::string& object, const WriteSettings& settings,
                                   const std::vector<WriteItem>& items);

// One outcome per item, in input order, from the collection's answer. kPermanent when the answer is not
// a list of exactly items.size() results.
Result<std::vector<WriteOutcome>> ParseUpsertResults(const std::vector<WriteItem>& items, const std::string& body);

// Error codes that say "this row may succeed if sent again later" (row locks, rolled-back batches,
// transient server trouble), as opposed to bad data.
bool IsRetryableWriteError(std::string_view status_code);

}  // namespace salesync::connectors::salesforce
