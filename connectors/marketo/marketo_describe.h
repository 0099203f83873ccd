// Describe of the Marketo `lead` object, from either endpoint (shared/reference/marketo.md §4):
//   GET /rest/v1/leads/describe2.json  [{name:"API Lead",searchableFields:[[…]],fields:[{name,displayName,
//                                       dataType,length?,updateable,crmManaged}]}]   (what DescribeCall asks)
//   GET /rest/v1/leads/describe.json   [{id,displayName,dataType,length?,rest:{name,readOnly},soap:{…}}]
// Marketo data types map to FieldType: string → string, text → textarea, email, phone, url, integer and
// score → integer, float / currency / percent → double, boolean, date, datetime, reference, picklist; other
// words (formula...) → other. `id` is the record's own id. Read-only (describe) or not updateable (describe2)
// fields are neither createable nor updateable. describe2's searchable single fields are the lookup fields a
// createOrUpdate may use, reported as external ids.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "base/result.h"
#include "connectors/field_metadata.h"

namespace salesync::connectors::marketo {

FieldType MarketoFieldType(const std::string& data_type);

// `body`: the answer of either endpoint.
Result<ObjectMetadata> ParseLeadDescribe(const std::string& connection, const std::string& body);

}  // namespace salesync::connectors::marketo
