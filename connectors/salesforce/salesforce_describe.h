// Salesforce describe (GET /services/data/vXX.X/sobjects/{T}/describe) read into ObjectMetadata.
// Owned by the Salesforce connector; the mapping previews validate against its result.
//
// Every Salesforce field type has a FieldType (MapFieldType); `provider_type` keeps Salesforce's word.
// Picklists keep their *active* values only. Fields Salesforce marks deprecatedAndHidden are left out:
// they are not readable or writable in practice. `combobox` is a string with suggested values, so it maps
// to kString and keeps the suggestions as picklist_values with restricted_picklist false.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "connectors/field_metadata.h"

namespace salesync::connectors::salesforce {

// Salesforce's field type ("string", "reference", "currency", ...) as a FieldType; unknown types: kOther.
FieldType MapFieldType(std::string_view salesforce_type);

// Parses a describe body. kPermanent when it is not a describe (no "fields" list, a field without name
// or type).
Result<ObjectMetadata> ParseDescribeBody(const std::string& connection, const std::string& object,
                                         const std::string& body);

}  // namespace salesync::connectors::salesforce
