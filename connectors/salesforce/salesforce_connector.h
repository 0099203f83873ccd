// The Salesforce connector (type "salesforce"): REST API rules for checks, incremental reads of Lead,
// Contact and Account, describe, and idempotent upserts of Task, Lead and Contact. It builds requests and
// reads answers; the engine sends them through oauth::ApiClient (token, refresh, retries, budget).
//
//   Check      GET /services/data/vXX.X/limits
//   Streams    Lead, Contact, Account (salesforce_stream.h)
//   Describe   GET /services/data/vXX.X/sobjects/{T}/describe (salesforce_describe.h)
//   Writes     PATCH /services/data/vXX.X/composite/sobjects/{T}/{external id} (salesforce_writes.h)
//
// The Connector interface passes no connection settings to CheckCall/DescribeCall, so the REST version of
// those comes from the SalesforceConfig given here (default v60.0); streams and write targets may override
// it with their own `api_version` setting.
// Thread-safety: immutable after construction; streams belong to one thread.
#pragma once

#include <memory>

#include "connectors/connector.h"
#include "connectors/salesforce/salesforce_config.h"

namespace salesync::connectors::salesforce {

std::unique_ptr<connectors::Connector> MakeSalesforceConnector();
std::unique_ptr<connectors::Connector> MakeSalesforceConnector(SalesforceConfig config);

}  // namespace salesync::connectors::salesforce
