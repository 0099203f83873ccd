// CursorKey: the composite (SystemModstamp, Id) position of a Salesforce stream, and its checkpoint JSON.
// Owned by the Salesforce connector.
//
// Salesforce stamps are effectively whole seconds and bulk edits share one (supaglue-labs/supaglue#532),
// so a timestamp alone cannot say where a page ended; the Id breaks ties. The checkpoint is
// {"ts": <Unix ms>, "id": "<Id>"}: every row at or before that key (in ORDER BY SystemModstamp, Id order)
// has been stored. An empty id means "from ts inclusive" (the start of a run after the look-back).
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "connectors/salesforce/soql.h"

namespace salesync::connectors::salesforce {

struct CursorKey {
  int64_t ts = 0;   // SystemModstamp, Unix milliseconds, exactly as Salesforce sent it
  std::string id;   // the row's Id; empty: no row at ts is behind us yet

  bool operator==(const CursorKey& o) const { return ts == o.ts && id == o.id; }
};

// (ts, id) order, as ORDER BY SystemModstamp, Id sorts (ids are fixed-length base-62, ASCII-ordered).
bool KeyBefore(const CursorKey& a, const CursorKey& b);

// nullopt for a null checkpoint (first run); kInvalidArgument for anything but {"ts": int, "id": string}.
Result<std::optional<CursorKey>> ParseCheckpoint(const nlohmann::json& checkpoint);
nlohmann::json ToCheckpoint(const CursorKey& key);

// Rows after `key`: `(SystemModstamp = ts AND Id > 'id') OR SystemModstamp > ts`, or `SystemModstamp >= ts`
// when the id is empty.
Cond AfterCondition(const CursorKey& key);

}  // namespace salesync::connectors::salesforce
