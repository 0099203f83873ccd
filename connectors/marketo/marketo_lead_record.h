// Records of the Marketo streams, from the three shapes Marketo gives them in:
//   a REST lead (get leads by id)              {"id":318581,"email":"…","updatedAt":"2016-05-17T22:11:45Z",…}
//   a bulk extract row (CSV cells, all text)    typed back for the standard fields (integers, scores,
//                                               booleans, floats), empty cells and `null` become null
//   a Delete Lead activity (deleted leads)      a tombstone: deleted=true, deleted_ms = activityDate
//   an activity                                 id = marketoGUID (the integer id may repeat), modified_ms =
//                                               activityDate; fields keep leadId, activityTypeId,
//                                               primaryAttributeValue(Id), campaignId, attributes, the id
// Object names: "lead", "activity".
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "connectors/record.h"

namespace salesync::connectors::marketo {

Result<Record> LeadRecordFromJson(const nlohmann::json& lead);
Result<Record> LeadRecordFromCsv(const std::vector<std::string>& header, const std::vector<std::string>& row);
Result<Record> DeletedLeadRecord(const nlohmann::json& activity);
Result<Record> ActivityRecord(const nlohmann::json& activity);

// A bulk cell as the JSON value the REST API would have given for that standard field.
nlohmann::json TypedLeadCell(const std::string& field, const std::string& cell);

}  // namespace salesync::connectors::marketo
