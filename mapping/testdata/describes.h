// Describes shaped like the sandbox's Salesforce Lead and Contact (sandbox/salesforce/salesforce_schema.cc)
// and Marketo lead (sandbox/marketo/marketo_schema.cc), as the connectors parse them into ObjectMetadata,
// plus the 20-field mapping the benchmark and several tests use. For tests, the fuzzer and the benchmark.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "base/result.h"
#include "config/mappings_config.h"
#include "connectors/field_metadata.h"

namespace salesync::mapping::testdata {

connectors::ObjectMetadata SalesforceLead();
connectors::ObjectMetadata SalesforceContact();
connectors::ObjectMetadata MarketoLead();

// Marketo lead → Salesforce Lead, 20 rows, 3 transforms (trim and lower on the e-mail, a value table on
// the lead status) and the identity key Email.
config::MappingSpec TwentyFieldSpec();

// The mapping named "m" of `mapping_json` (the object that goes under "mappings"/"m"), read by the real
// config reader with the connections "marketo" and "salesforce" configured. Errors as ParseConfig reports them.
Result<config::MappingSpec> ParseMapping(const std::string& mapping_json);

}  // namespace salesync::mapping::testdata
