// The rows of bulk extract files: which leads / activities a job's filter selects, in what columns.
//   leads: the requested fields, in lead id order; filters createdAt / updatedAt (windows) or
//          staticListId / staticListName (members);
//   activities: marketoGUID, leadId, activityDate, activityTypeId, campaignId,
//          primaryAttributeValueId, primaryAttributeValue, attributes (a JSON object as a string),
//          actionResult (only when asked); Delete Lead is never exported.
// Thread-safety: pure functions over data the caller keeps locked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/marketo/marketo_bulk.h"
#include "sandbox/marketo/marketo_data.h"
#include "sandbox/marketo/marketo_export_file.h"

namespace salesync::sandbox::marketo {

const std::vector<std::string>& DefaultActivityExportFields();
bool IsActivityExportField(const std::string& name);

// Writes the header and the rows of `job` (whose filter was validated at creation).
void WriteLeadRows(const MarketoData& data, const ExportJob& job, ExportWriter& out);
void WriteActivityRows(const MarketoData& data, const ExportJob& job, ExportWriter& out);

}  // namespace salesync::sandbox::marketo
