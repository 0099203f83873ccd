// PushTarget: where a sync's mapped records are written — finding target records by identity, creating and
// updating them in batches — as the push runner sees it. The Salesforce implementation sends the calls of
// connectors/salesforce/salesforce_push.h through the ApiClient; tests put a fake in its place.
// Errors are the ApiClient's (kUnauthenticated, kRateLimited, kTransient with context "ambiguous"...).
// Thread-safety: one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "connectors/connector.h"
#include "connectors/salesforce/salesforce_push.h"
#include "oauth/api_client.h"

namespace salesync::sync {

using connectors::salesforce::IdentityRow;

class PushTarget {
 public:
  virtual ~PushTarget() = default;
  virtual size_t MaxBatch() const = 0;
  // Live target records whose `fields` equal one of `keys` (tuples in the order of `fields`), all pages.
  virtual Result<std::vector<IdentityRow>> Lookup(const std::vector<std::string>& fields,
                                                  const std::vector<std::vector<std::string>>& keys) = 0;
  // One outcome per record, in input order.
  virtual Result<std::vector<connectors::WriteOutcome>> Create(const std::vector<nlohmann::json>& records) = 0;
  virtual Result<std::vector<connectors::WriteOutcome>> Update(
      const std::vector<std::pair<std::string, nlohmann::json>>& records) = 0;
  // Calls sent so far.
  virtual int64_t calls() const = 0;
};

// The `object` of the Salesforce connection `connection`, or Marketo leads. nullptr for other targets.
std::unique_ptr<PushTarget> MakePushTarget(oauth::ApiClient* api, const std::string& connection,
                                           const std::string& type, const std::string& object);

}  // namespace salesync::sync
