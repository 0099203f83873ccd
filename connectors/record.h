// Record: one row read from a connected system, as the connector parsed it, before identity resolution.
// Fields keep the provider's names; the store decides what becomes a person, a link or an activity.
// Thread-safety: value type.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace salesync::connectors {

struct Record {
  std::string object;       // as the system names it: "Lead", "Contact", "Account", "lead", "activity"
  std::string id;           // the system's id as text: "00Q…", "1234", a marketoGUID
  int64_t modified_ms = 0;  // the stream's cursor field (SystemModstamp, updatedAt, activityDate), Unix ms
  bool deleted = false;     // a tombstone: the record is gone upstream (deleted_ms says when)
  int64_t deleted_ms = 0;
  nlohmann::json fields = nlohmann::json::object();  // field name → value, as the provider sent it
};

}  // namespace salesync::connectors
