// Stream: the rules for reading one kind of record from one connection. A stream never loops, sleeps,
// retries or refreshes: it says which call to make next and what a successful answer means. The sync
// engine (sync/) owns the loop, the rate-limit budget, retries, token refresh, checkpoints and metrics.
//
//   stream = connector.OpenStream("people", {connection, checkpoint, now_ms, settings})
//   while (call = stream.NextCall())          // nullopt: caught up, the run is over
//     response = api.Call(connection, call)   // engine: budget, retry, refresh
//     step = stream.Consume(response)         // records + the checkpoint that includes them
//     store.CommitPage(records, checkpoint)   // ONE transaction
//     wait step.wait_before_next              // e.g. polling a bulk export job
//
// The checkpoint a step returns must be safe to resume from if the process dies right after that page is
// committed: it never moves past a record that is not in `records` or an earlier step. In-run state that
// does not survive a restart (page tokens that expire, an open export job) may be kept in the stream
// object itself, or in the checkpoint when it does survive.
// Thread-safety: one engine thread drives a stream.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "connectors/record.h"
#include "net/http_client.h"
#include "oauth/api_client.h"

namespace salesync::connectors {

struct StreamCall {
  net::ClientRequest request;  // url may be a path, joined to the connection's API base by the ApiClient
  bool idempotent = true;
  std::string label;           // what the call is for, in progress lines and errors ("Lead page 3")
};

struct StreamStep {
  std::vector<Record> records;
  nlohmann::json checkpoint;   // committed with `records`; null keeps the previous one
  std::chrono::milliseconds wait_before_next{0};
  std::optional<int64_t> total;  // how many records this run will read in all, when known (for the ETA)
};

struct StreamContext {
  std::string connection;        // the connection's name
  nlohmann::json checkpoint;     // the last committed one; null on the first run
  int64_t now_ms = 0;            // the engine's clock
  nlohmann::json settings = nlohmann::json::object();  // the sync's per-stream settings from config
  // > 0: a preview's sample, not a sync. The stream reads at most this many current records with ordinary
  // calls (one or two), checkpoints nothing, and never starts expensive work (a bulk export); a stream that
  // cannot sample cheaply asks for no call at all, and the caller samples elsewhere (the store).
  size_t sample_limit = 0;
};

class Stream {
 public:
  virtual ~Stream() = default;
  virtual std::string name() const = 0;  // "people", "activities"...
  virtual Result<std::optional<StreamCall>> NextCall() = 0;
  // Called with every answer the ApiClient classified as success.
  virtual Result<StreamStep> Consume(const oauth::ApiResponse& response) = 0;
  // Called when a call failed after the ApiClient's own retries. A stream that knows the error is a state
  // rather than a failure (Marketo 1029: the export quota is spent until midnight) returns a step — usually
  // a wait; nullopt (the default) lets the engine fail or pause the run.
  virtual std::optional<StreamStep> AfterRefusal(const Error& error) {
    (void)error;
    return std::nullopt;
  }
};

}  // namespace salesync::connectors
