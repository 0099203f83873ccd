// QueryStream: the rules for reading one Salesforce object (Lead, Contact, Account) incrementally.
// Owned by the Salesforce connector; driven by the sync engine (connectors/stream.h).
//
// One run is one SOQL query through queryAll (deleted rows arrive with IsDeleted = true and become
// tombstones), ordered by the composite cursor:
//
//   SELECT <fields> FROM Lead
//   WHERE (SystemModstamp = :ts AND Id > :id) OR SystemModstamp > :ts ORDER BY SystemModstamp, Id
//
// starting `lookback_secs` below the committed checkpoint (applied once, at the start of the run), then
// following nextRecordsUrl, which is kept in memory only: query locators expire, so a restarted run asks
// again from the committed checkpoint. `Sforce-Query-Options: batchSize=page_size` on every call.
//
// The checkpoint after a page is the larger of the previous one and the last *settled* row of the page,
// kept to the millisecond. Settled means SystemModstamp <= now − settle_secs (the engine's clock at
// OpenStream): a query locator holds the rows matched when the query ran but prints their *current*
// state, so a row updated while we page shows up later in the cursor with a fresh stamp, out of order.
// Such a row is returned (it is the newest version) but never used as the checkpoint, so a crash after
// that page cannot skip the rows still ahead of it; the next run reads it again.
//
// An answer that is not a query page (malformed JSON, a record without Id or SystemModstamp) is a
// kTransient error and leaves the stream where it was: NextCall() asks for the same page again.
// Thread-safety: one engine thread drives a stream.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "connectors/salesforce/salesforce_config.h"
#include "connectors/salesforce/salesforce_cursor.h"
#include "connectors/stream.h"

namespace salesync::connectors::salesforce {

class QueryStream : public Stream {
 public:
  // REQUIRES: `object` is an identifier; `now_ms` is the engine's clock (Unix ms).
  QueryStream(std::string object, StreamSettings settings, std::optional<CursorKey> checkpoint, int64_t now_ms);
  // A preview sample (StreamContext::sample_limit): one query for the `limit` most recently modified live
  // rows, then done; no checkpoint.
  static std::unique_ptr<QueryStream> Sample(std::string object, StreamSettings settings, size_t limit, int64_t now_ms);

  std::string name() const override { return object_; }
  Result<std::optional<StreamCall>> NextCall() override;
  Result<StreamStep> Consume(const oauth::ApiResponse& response) override;

  // The SOQL of the run's first call (for logs and tests).
  Result<std::string> Soql() const;

 private:
  std::string object_;
  StreamSettings settings_;
  std::optional<CursorKey> checkpoint_;  // the committed one, then the one each step returned
  std::optional<CursorKey> start_;       // where this run's query begins (checkpoint − look-back)
  int64_t settled_before_ms_ = 0;        // rows stamped after this are never the checkpoint
  std::string next_url_;                 // nextRecordsUrl of the open query locator
  bool done_ = false;
  int64_t pages_ = 0;
  std::optional<int64_t> total_;
  size_t sample_limit_ = 0;
};

}  // namespace salesync::connectors::salesforce
