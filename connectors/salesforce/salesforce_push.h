// Salesforce calls for pushing mapped records (sync/push_runner.*): finding the target records by their
// identity fields, and creating or updating records by Id through sObject Collections. Rules only: the
// engine sends the calls.
//
//   GET   /services/data/vXX.X/query?q=SELECT Id, Email FROM Lead WHERE Email IN ('a@x.org', ...)
//   POST  /services/data/vXX.X/composite/sobjects   {"allOrNone": false, "records": [{"attributes": ...}]}
//   PATCH /services/data/vXX.X/composite/sobjects   the same, each record with its "Id"
//
// The query is built by the escaping SOQL builder (soql.h), never spliced. A create is not idempotent:
// its call says so, so the ApiClient never resends it; an unknown outcome is reconciled by the caller by
// looking the identity up again before anything is sent twice. Updates by Id are idempotent.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "connectors/connector.h"

namespace salesync::connectors::salesforce {

struct IdentityRow {
  std::string id;
  std::vector<std::string> values;  // in the order of the identity fields; "" for null
};

// SELECT Id, <fields> FROM <object> WHERE <field_i> IN (<values_i>) AND ... for 1..200 keys, each a tuple of
// values in the order of `fields`. kInvalidArgument for an invalid name or an empty key list.
Result<StreamCall> BuildIdentityQuery(const std::string& api_version, const std::string& object,
                                      const std::vector<std::string>& fields,
                                      const std::vector<std::vector<std::string>>& keys);
// The rows of a query answer, and the next page's path when the answer is not done ("" otherwise).
Result<std::vector<IdentityRow>> ParseIdentityRows(const std::vector<std::string>& fields, const std::string& body,
                                                   std::string* next_page);
// A query page (nextRecordsUrl) as a call.
StreamCall BuildNextPageCall(const std::string& next_page, const std::string& object);

// Creates `records` (1..200) of `object`; never resent by the client (idempotent = false).
Result<StreamCall> BuildCreateCall(const std::string& api_version, const std::string& object,
                                   const std::vector<nlohmann::json>& records);
// Updates records by Id (1..200 pairs of Id and fields).
Result<StreamCall> BuildUpdateCall(const std::string& api_version, const std::string& object,
                                   const std::vector<std::pair<std::string, nlohmann::json>>& records);
// One outcome per record of a collection create or update, in input order (ParseUpsertResults' rules).
Result<std::vector<WriteOutcome>> ParseCollectionResults(size_t count, const std::string& body);

}  // namespace salesync::connectors::salesforce
