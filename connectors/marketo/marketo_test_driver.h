// A test-only stand-in for the sync engine's loop (sync/ owns the real one):
//   NextCall → api.Call → Consume → "commit" (keep the records and the checkpoint) → wait_before_next,
// where waiting means moving the sandbox clock forward, never sleeping. MakeClockApiClient builds an
// ApiClient over the ConnectedSandbox's connections whose backoff and rate-limit waits also move the
// clock, so 606/615 are waited out in no wall time and the waits can be asserted.
// Thread-safety: test thread only.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "connectors/stream.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::connectors::marketo {

struct ClockApi {
  std::unique_ptr<oauth::ApiClient> api;
  std::shared_ptr<std::vector<std::chrono::milliseconds>> waits;  // every wait the ApiClient asked for
};
ClockApi MakeClockApiClient(testing::ConnectedSandbox& sb);

struct DriveOptions {
  std::string connection = "mkto";
  size_t max_calls = 20000;
  std::optional<size_t> stop_after_steps;  // "crash" after this many committed steps
  std::function<void(size_t step)> after_step;  // e.g. move the clock, inject a fault
  // A call the ApiClient failed: a step to commit instead (MarketoLeadsStream::AfterRefusal), or nullopt.
  std::function<std::optional<StreamStep>(const Error&)> on_error;
};

struct DriveResult {
  std::vector<Record> records;  // committed, in order
  nlohmann::json checkpoint;    // the last committed one
  std::vector<nlohmann::json> checkpoints;
  size_t calls = 0;
  size_t steps = 0;
  std::chrono::milliseconds waited{0};  // sum of wait_before_next
  std::chrono::milliseconds longest_wait{0};
  bool finished = false;                // NextCall said nullopt
};

Result<DriveResult> Drive(testing::ConnectedSandbox& sb, oauth::ApiClient& api, Stream& stream, nlohmann::json checkpoint,
                          const DriveOptions& options = {});

}  // namespace salesync::connectors::marketo
