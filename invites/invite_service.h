// InviteService: the invitation use cases — preview a CSV, send it, invite addresses one by one, accept a
// link — on top of the store's repositories.
//
// Preview and send run the same ImportScanner, so the preview shows exactly what the send will do. The
// send writes users in batches (InvitationStore::InviteBatch: user, memberships, invitation and e-mail job
// in one transaction per batch) and calls `on_enqueued` once at the end, which wakes the outbox worker.
// Running the same file twice invites nobody twice: existing users are skipped with a reason, and with
// `resend` pending invitations get a new link and e-mail. Reports keep at most max_listed entries per
// list, so a huge file does not grow memory through its report.
// Thread-safety: all methods are thread-safe (state lives in the Store).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/metrics.h"
#include "base/result.h"
#include "invites/clock.h"
#include "invites/import_scanner.h"
#include "invites/invite_token.h"
#include "store/invitation_store.h"

namespace salesync::store {
class Store;
}

namespace salesync::invites {

struct InviteServiceOptions {
  std::chrono::hours link_expiry{7 * 24};
  size_t sample_rows = 10;           // rows shown "as they will be imported"
  size_t max_listed = 1000;          // problems / report entries listed; the rest are counted
  size_t batch_size = 500;           // users per transaction
  std::string message_id_domain = "salesync.invalid";  // right-hand side of Message-IDs
};

struct PreviewReport {
  ScanSummary summary;
  std::vector<ImportRow> sample;
  std::vector<RowProblem> problems;  // in row order
  int64_t problems_not_listed = 0;
};

struct SendEntry {
  int64_t row = 0;
  std::string email;
  std::string outcome;  // "invited", "reinvited", "skipped" or "failed"
  std::string reason;   // for skipped and failed
  bool owner = false;
};

struct SendReport {
  std::optional<ScanSummary> summary;  // for a CSV
  int64_t invited = 0;
  int64_t reinvited = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  std::vector<SendEntry> entries;  // in row order
  int64_t entries_not_listed = 0;

  // "3 invitations queued, 1 re-sent, 2 rows skipped, 0 failed."
  std::string Confirmation() const;
};

class InviteService {
 public:
  InviteService(store::Store* store, const InviteTokens* tokens, InviteServiceOptions options, Clock clock,
                MetricsRegistry* metrics, std::function<void()> on_enqueued);

  Result<PreviewReport> Preview(ByteSource* csv, const ImportOptions& options);
  Result<SendReport> SendCsv(ByteSource* csv, const ImportOptions& options);
  // Rows are the 1-based positions of the addresses.
  Result<SendReport> InviteEmails(const std::vector<std::string>& emails, const ImportOptions& options);

  Result<store::AcceptResult> Accept(const std::string& token);

  const InviteServiceOptions& options() const { return options_; }

 private:
  Result<DirectorySnapshot> Snapshot();
  // Writes one batch and turns the store's answers into report entries.
  void Flush(std::vector<ImportRow>& batch, bool resend, SendReport& report);
  void AddEntry(SendReport& report, SendEntry entry);
  void AddProblem(SendReport& report, const RowProblem& problem, int64_t& last_problem_row);

  store::Store* store_;
  const InviteTokens* tokens_;
  InviteServiceOptions options_;
  Clock clock_;
  MetricsRegistry* metrics_;
  std::function<void()> on_enqueued_;
};

}  // namespace salesync::invites
