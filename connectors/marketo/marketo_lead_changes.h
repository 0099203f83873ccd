// LeadChangeReader: the incremental part of the leads stream, after the bulk load.
//
//   token     GET /rest/v1/activities/pagingtoken.json?sinceDatetime=<high-water − lookback>
//             (only when the checkpoint holds no token, or one older than token_max_age_secs)
//   changes   GET /rest/v1/activities/leadchanges.json?nextPageToken=&fields=<watched fields>&batchSize=300
//             New Lead (12) and Change Data Value (13) activities name the leads that changed…
//   fetch     GET /rest/v1/leads.json?filterType=id&filterValues=<≤300 ids>&fields=…
//             …whose current values become the records (a lead gone since is simply absent)
//   deleted   GET /rest/v1/activities/deletedleads.json?nextPageToken=  Delete Lead (37) → tombstones
// Changes are read until moreResult is false, then deletions. Marketo always returns a nextPageToken: it is
// the cursor, committed with the records it covers, so a resumed run continues exactly where the last
// committed page ended. The checkpoint:
//   {"phase":"incremental","changes_token","deleted_token","token_at","high_water"}
// high_water is the datetime both readers had caught up to at the end of the last complete run; a token
// can always be derived again from it (shared/reference/marketo.md §7: "get a new token from the last
// saved datetime").
// Thread-safety: one engine thread.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connectors/marketo/marketo_settings.h"
#include "connectors/stream.h"

namespace salesync::connectors::marketo {

class LeadChangeReader {
 public:
  // `checkpoint`: an incremental checkpoint, or {"phase":"incremental","high_water":…} after the bulk load.
  LeadChangeReader(const LeadStreamSettings& settings, const nlohmann::json& checkpoint, int64_t now_ms);

  bool done() const { return state_ == State::kDone; }
  StreamCall NextCall();  // REQUIRES: !done()
  Result<StreamStep> Consume(const oauth::ApiResponse& response);
  nlohmann::json Checkpoint() const;

 private:
  enum class State { kToken, kChanges, kFetch, kDeleted, kDone };

  std::vector<std::string> WatchedFields() const;

  LeadStreamSettings settings_;
  int64_t run_start_;
  int64_t high_water_ = 0;
  int64_t token_at_ = 0;
  std::string changes_token_;
  std::string deleted_token_;
  State state_ = State::kToken;
  // Ids named by the last lead-changes page, not yet fetched; the page's token is committed after them.
  std::deque<std::string> pending_ids_;
  std::string pending_changes_token_;
  bool changes_more_ = false;
};

}  // namespace salesync::connectors::marketo
