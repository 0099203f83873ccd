// Batch writes to Marketo (shared/reference/marketo.md §4 "Create or update", §6 "Custom activities").
//
// Target "customActivity": POST /rest/v1/activities/external.json {"input":[…]}, ≤ 300 per call, each
// answered `added` (with id and marketoGUID) or `skipped` with reasons. Settings:
//   activity_type_id    (required) the approved custom activity type
//   key_attribute       (default "salesyncKey") the type's attribute that carries WriteItem.key
//   key_attribute_name  (default = key_attribute) how activities.json names it when reading back
//   primary_attribute   (default "primaryAttributeValue") the item field holding the primary value
// Item fields: leadId (required), activityDate (ISO datetime or Unix ms; required), the primary attribute,
// attributes ({name: value} or [{apiName, value}]).
// Marketo has no external id for activities and no idempotency header, so the call is built
// non-idempotent: the ApiClient never resends it and reports an unknown outcome as "ambiguous"; the engine
// then runs CustomActivityReconciler (marketo_reconcile.h) and resends only the keys not found.
//
// Target "lead": POST /rest/v1/leads.json {"action","lookupField","partitionName"?,"input":[…]}, ≤ 300.
// Settings: lookup_field (default "email"), action (default "createOrUpdate"), partition_name. Marketo takes
// `id` as the lookup only with updateOnly, so lookup_field "id" forces that action. An upsert on the lookup
// field lands on the same lead when resent, so the call is idempotent. Per record: created / updated with
// the lead id, or skipped with reasons (1004 not found, 1005 exists, 1006 unknown field, 1007 several
// leads match…), in input order.
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "connectors/connector.h"

namespace salesync::connectors::marketo {

Result<StreamCall> CustomActivityWriteCall(const WriteTarget& target, const std::vector<WriteItem>& items);
Result<StreamCall> LeadUpsertCall(const WriteTarget& target, const std::vector<WriteItem>& items);

// Outcomes in the order of `items`; kPermanent when the answer does not hold one status per item.
Result<std::vector<WriteOutcome>> ParseWriteOutcomes(const std::vector<WriteItem>& items, const oauth::ApiResponse& response,
                                                     bool activities);

struct CustomActivitySettings {
  int64_t activity_type_id = 0;
  std::string key_attribute = "salesyncKey";
  std::string key_attribute_name;
  std::string primary_attribute = "primaryAttributeValue";
};
Result<CustomActivitySettings> ParseCustomActivitySettings(const nlohmann::json& settings);

// The lead id of an item (a number or a numeric string); kInvalidArgument naming the key otherwise.
Result<int64_t> ItemLeadId(const WriteItem& item);
// The activityDate of an item as Unix ms.
Result<int64_t> ItemActivityDate(const WriteItem& item);

}  // namespace salesync::connectors::marketo
