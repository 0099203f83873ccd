// PageCommitter: commits a stream's pages on a second thread, one at a time and in order, so that the
// stream's next call leaves (and the provider prepares its answer) while the page before is being stored.
//
//   committer.Submit(page 1)   → page 1 commits in the background
//   committer.Submit(page 2)   → waits for page 1 (its outcome is handed back), then page 2 commits
//   committer.Drain()          → waits for the last page
//
// At most one page is in flight, so a crash loses at most the page being committed — whose checkpoint
// was never stored either: the cursor still never moves past a record that is not stored. A failed commit
// is reported by the next Submit or Drain, after which nothing more is committed.
// Thread-safety: one caller thread per committer. SyncStore::CommitPage is safe on any thread.
#pragma once

#include <future>
#include <optional>

#include "base/result.h"
#include "store/sync_store.h"

namespace salesync::sync {

// What the caller learns about a committed page: its size, newest record and the store's outcome.
struct CommittedPage {
  int64_t records = 0;
  int64_t newest_modified_ms = 0;
  bool had_checkpoint = false;
  int64_t now_ms = 0;
  store::PageOutcome outcome;
};

class PageCommitter {
 public:
  explicit PageCommitter(store::SyncStore* store) : store_(store) {}
  ~PageCommitter();  // waits for the page in flight
  PageCommitter(const PageCommitter&) = delete;
  PageCommitter& operator=(const PageCommitter&) = delete;

  // Waits for the page before and starts committing `page`. Returns the page before's result (nullopt
  // when there was none); on its error, `page` is not committed.
  Result<std::optional<CommittedPage>> Submit(store::PageCommit page);
  // Waits for the page in flight; nullopt when there was none.
  Result<std::optional<CommittedPage>> Drain();

 private:
  store::SyncStore* store_;
  std::future<Result<CommittedPage>> in_flight_;
};

}  // namespace salesync::sync
