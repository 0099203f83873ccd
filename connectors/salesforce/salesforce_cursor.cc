#include "connectors/salesforce/salesforce_cursor.h"

namespace salesync::connectors::salesforce {

bool KeyBefore(const CursorKey& a, const CursorKey& b) {
  if (a.ts != b.ts) return a.ts < b.ts;
  return a.id < b.id;
}

Result<std::optional<CursorKey>> ParseCheckpoint(const nlohmann::json& checkpoint) {
  if (checkpoint.is_null()) return std::optional<CursorKey>();
  if (!checkpoint.is_object() || !checkpoint.contains("ts") || !checkpoint["ts"].is_number_integer() ||
      (checkpoint.contains("id") && !checkpoint["id"].is_string())) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "A Salesforce checkpoint is {\"ts\": <Unix ms>, \"id\": \"<Id>\"}, not " + checkpoint.dump() + ".",
                     "checkpoint");
  }
  CursorKey key;
  key.ts = checkpoint["ts"].get<int64_t>();
  key.id = checkpoint.value("id", "");
  return std::optional<CursorKey>(key);
}

nlohmann::json ToCheckpoint(const CursorKey& key) { return {{"ts", key.ts}, {"id", key.id}}; }

Cond AfterCondition(const CursorKey& key) {
  if (key.id.empty()) return Cond::Compare("SystemModstamp", Op::kGe, Literal::DateTime(key.ts));
  return Cond::Or({Cond::And({Cond::Compare("SystemModstamp", Op::kEq, Literal::DateTime(key.ts)),
                              Cond::Compare("Id", Op::kGt, Literal::Id(key.id))}),
                   Cond::Compare("SystemModstamp", Op::kGt, Literal::DateTime(key.ts))});
}

}  // namespace salesync::connectors::salesforce
