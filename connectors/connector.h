// Connector: everything salesync knows about one kind of system (Salesforce, Marketo...), as rules. One
// folder per connector under connectors/; the engine that runs them lives in sync/.
//
// A connector builds requests and reads answers; it never sends, waits or retries. Every call it asks for
// goes through oauth::ApiClient (token, refresh, classification, rate-limit budget, retries), driven by
// the engine, so all connectors share one behaviour for paging, errors and limits.
//
//   Check        one cheap real call that proves the connection works
//   Streams      the kinds of record it can read incrementally (see stream.h)
//   Describe     field metadata of an object (mapping previews validate against it)
//   Writes       batches with one outcome per item, in input order, keyed by our idempotency key
//
// Connectors are looked up by type in the registry (connectors/registry.h).
// Thread-safety: a Connector is immutable after construction and may be shared by threads; each Stream
// it opens belongs to one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "connectors/field_metadata.h"
#include "connectors/stream.h"

namespace salesync::connectors {

// One item of a batch write. `key` is salesync's own id for it (an activity id...): the connector uses it
// to make a retry land on the same remote record (an external-id upsert), never a second one.
struct WriteItem {
  std::string key;
  nlohmann::json fields = nlohmann::json::object();
};

struct WriteOutcome {
  std::string key;
  bool ok = false;
  bool created = false;     // a new remote record (false: an existing one was updated)
  std::string remote_id;
  std::string code;         // the provider's error code when !ok
  std::string message;      // the provider's words when !ok
  bool retryable = false;   // e.g. UNABLE_TO_LOCK_ROW: try this item again later
};

struct WriteTarget {
  std::string object;                   // "Task", "customActivity"
  nlohmann::json settings = nlohmann::json::object();  // per sync (custom activity type id...)
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string type() const = 0;  // "salesforce", "marketo"

  // The request for a cheap call that proves the connection (limits, describe...).
  virtual StreamCall CheckCall() const = 0;

  virtual std::vector<std::string> StreamNames() const = 0;
  virtual Result<std::unique_ptr<Stream>> OpenStream(const std::string& stream, const StreamContext& context) const = 0;

  // Describe as a call and a parser, so that the engine's client sends it like any other call.
  virtual Result<StreamCall> DescribeCall(const std::string& object) const = 0;
  virtual Result<ObjectMetadata> ParseDescribe(const std::string& connection, const std::string& object,
                                               const oauth::ApiResponse& response) const = 0;

  // Writes: the largest batch one call takes, the call for a batch (idempotent when built on keys), and
  // the per-item outcomes of its answer, in the order of `items`.
  virtual size_t MaxWriteBatch(const WriteTarget& target) const = 0;
  virtual Result<StreamCall> WriteCall(const WriteTarget& target, const std::vector<WriteItem>& items) const = 0;
  virtual Result<std::vector<WriteOutcome>> ParseWrite(const WriteTarget& target, const std::vector<WriteItem>& items,
                                                       const oauth::ApiResponse& response) const = 0;
};

}  // namespace salesync::connectors
