#include "sync/page_committer.h"

#include <algorithm>

namespace salesync::sync {

PageCommitter::~PageCommitter() {
  if (in_flight_.valid()) in_flight_.wait();
}

Result<std::optional<CommittedPage>> PageCommitter::Drain() {
  if (!in_flight_.valid()) return std::optional<CommittedPage>();
  Result<CommittedPage> before = in_flight_.get();
  if (!before.ok()) return before.error();
  return std::optional<CommittedPage>(std::move(before).value());
}

Result<std::optional<CommittedPage>> PageCommitter::Submit(store::PageCommit page) {
  auto before = Drain();
  if (!before.ok()) return before;
  // The page is moved into the task so that its records are also freed there, off the reading thread.
  in_flight_ = std::async(std::launch::async, [store = store_, taken = std::move(page)]() mutable -> Result<CommittedPage> {
    store::PageCommit page = std::move(taken);  // destroyed at the end of this task, on its thread
    CommittedPage done;
    done.records = static_cast<int64_t>(page.records.size());
    for (const auto& r : page.records) done.newest_modified_ms = std::max(done.newest_modified_ms, r.modified_ms);
    done.had_checkpoint = page.checkpoint.has_value();
    done.now_ms = page.now_ms;
    auto outcome = store->CommitPage(page);
    if (!outcome.ok()) return outcome.error();
    done.outcome = *outcome;
    return done;
  });
  return before;
}

}  // namespace salesync::sync
