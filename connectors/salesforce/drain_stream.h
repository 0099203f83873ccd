// DrainStream: a test-only stand-in for the sync engine's paging loop, so connector tests can run a
// stream against the in-process sandbox the way the engine will: NextCall → ApiClient::Call → Consume,
// "committing" each page's records and checkpoint in memory. Not used by production code.
// Thread-safety: drives one stream on the calling thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "connectors/stream.h"
#include "oauth/api_client.h"

namespace salesync::connectors::salesforce {

struct DrainResult {
  std::vector<Record> records;           // every record of every committed page, in order
  std::vector<nlohmann::json> checkpoints;  // the checkpoint committed with each page (null kept as null)
  nlohmann::json checkpoint;             // the last non-null checkpoint, or the one the run started from
  int pages = 0;
  std::optional<int64_t> total;
};

struct DrainOptions {
  int max_pages = -1;  // stop after this many pages, as a crash right after a commit would (-1: to the end)
  // Runs after page N (1-based) is committed and before the next call: expire tokens, inject faults,
  // write rows upstream.
  std::function<void(int page)> after_page;
};

// Runs `stream` to its end (or max_pages). Any error from the client or the stream ends the drain.
Result<DrainResult> DrainStream(oauth::ApiClient& api, const std::string& connection, Stream& stream,
                                const DrainOptions& options = {}, const nlohmann::json& start_checkpoint = nullptr);

}  // namespace salesync::connectors::salesforce
