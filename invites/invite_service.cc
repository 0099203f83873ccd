#include "invites/invite_service.h"

#include <algorithm>

#include "base/log.h"
#include "base/random.h"
#include "store/sql_time.h"
#include "store/user_store.h"

namespace salesync::invites {

namespace {

bool ByRow(const SendEntry& a, const SendEntry& b) { return a.row < b.row; }

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string SendReport::Confirmation() const {
  std::string s = Plural(invited, "invitation", "invitations") + " queued";
  if (reinvited > 0) s += ", " + std::to_string(reinvited) + " re-sent";
  s += ", " + Plural(skipped, "row", "rows") + " skipped, " + std::to_string(failed) + " failed.";
  return s;
}

InviteService::InviteService(store::Store* store, const InviteTokens* tokens, InviteServiceOptions options,
                             Clock clock, MetricsRegistry* metrics, std::function<void()> on_enqueued)
    : store_(store),
      tokens_(tokens),
      options_(std::move(options)),
      clock_(std::move(clock)),
      metrics_(metrics),
      on_enqueued_(std::move(on_enqueued)) {
  metrics_->DeclareCounter("salesync_invitations_total", "Invitation outcomes by kind (invited, skipped, accepted...).");
}

Result<DirectorySnapshot> InviteService::Snapshot() {
  store::UserStore users(store_);
  DirectorySnapshot snapshot;
  auto states = users.UserStates();
  if (!states.ok()) return states.error();
  snapshot.user_states = std::move(states).value();
  auto teams = users.TeamNames();
  if (!teams.ok()) return teams.error();
  snapshot.teams = std::move(teams).value();
  return snapshot;
}

Result<PreviewReport> InviteService::Preview(ByteSource* csv, const ImportOptions& options) {
  auto snapshot = Snapshot();
  if (!snapshot.ok()) return snapshot.error();
  PreviewReport report;
  ImportScanner scanner(&*snapshot, &options);
  Status s = scanner.Run(
      csv,
      [&](const ImportRow& row) {
        if (report.sample.size() < options_.sample_rows) report.sample.push_back(row);
        return OkStatus();
      },
      [&](const RowProblem& p) {
        if (report.problems.size() < options_.max_listed) report.problems.push_back(p);
        else ++report.problems_not_listed;
      });
  if (!s.ok()) return s.error();
  report.summary = scanner.summary();
  return report;
}

void InviteService::AddEntry(SendReport& report, SendEntry entry) {
  if (entry.outcome == "invited") ++report.invited;
  else if (entry.outcome == "reinvited") ++report.reinvited;
  else if (entry.outcome == "skipped") ++report.skipped;
  else ++report.failed;
  metrics_->AddCounter("salesync_invitations_total", {{"outcome", entry.outcome}});
  if (report.entries.size() < options_.max_listed) report.entries.push_back(std::move(entry));
  else ++report.entries_not_listed;
}

void InviteService::AddProblem(SendReport& report, const RowProblem& p, int64_t& last_problem_row) {
  // A row with several problems is one skipped row whose reason lists them all.
  if (p.row == last_problem_row) {
    if (!report.entries.empty() && report.entries.back().row == p.row) report.entries.back().reason += " " + p.message;
    return;
  }
  last_problem_row = p.row;
  AddEntry(report, {p.row, p.email, "skipped", p.message, false});
}

void InviteService::Flush(std::vector<ImportRow>& batch, bool resend, SendReport& report) {
  if (batch.empty()) return;
  const auto now = clock_();
  const int64_t now_ms = store::UnixMillis(now);
  std::vector<store::NewInvitation> invitations;
  invitations.reserve(batch.size());
  std::optional<Error> failure;
  for (const ImportRow& row : batch) {
    auto issued = tokens_->Issue();
    auto random = RandomHex(12);
    if (!issued.ok() || !random.ok()) {
      failure = issued.ok() ? random.error() : issued.error();
      break;
    }
    invitations.push_back({row.email, row.first_name, row.last_name, row.role, row.teams, issued->token_hash,
                           issued->nonce,
                           "<" + std::to_string(now_ms) + "." + *random + "@" + options_.message_id_domain + ">"});
  }
  Result<std::vector<store::InviteResult>> results =
      failure ? Result<std::vector<store::InviteResult>>(*failure)
              : store::InvitationStore(store_).InviteBatch(invitations, resend, now, now + options_.link_expiry);
  if (!results.ok()) {
    LogError("Invitations could not be written; the batch was rolled back.",
             {{"users", static_cast<uint64_t>(batch.size())}, {"error", results.error().ToString()}});
    for (const ImportRow& row : batch) {
      AddEntry(report, {row.row, row.email, "failed", "Not invited: " + results.error().message, false});
    }
    batch.clear();
    return;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    const store::InviteResult& r = (*results)[i];
    SendEntry e{batch[i].row, batch[i].email, "", "", r.owner};
    switch (r.outcome) {
      case store::InviteOutcome::kInvited: e.outcome = "invited"; break;
      case store::InviteOutcome::kReinvited: e.outcome = "reinvited"; break;
      case store::InviteOutcome::kAlreadyInvited:
        e.outcome = "skipped";
        e.reason = e.email + " is already invited and has not accepted yet; use --resend to send the invitation again.";
        break;
      case store::InviteOutcome::kAlreadyActive:
        e.outcome = "skipped";
        e.reason = e.email + " is already a user (active).";
        break;
      case store::InviteOutcome::kDisabled:
        e.outcome = "skipped";
        e.reason = e.email + " is already a user (disabled).";
        break;
    }
    if (r.owner) LogNotice("The first invited user is the owner.", {{"email", e.email}});
    AddEntry(report, std::move(e));
  }
  batch.clear();
}

Result<SendReport> InviteService::SendCsv(ByteSource* csv, const ImportOptions& options) {
  auto snapshot = Snapshot();
  if (!snapshot.ok()) return snapshot.error();
  SendReport report;
  std::vector<ImportRow> batch;
  int64_t last_problem_row = -1;
  ImportScanner scanner(&*snapshot, &options);
  Status s = scanner.Run(
      csv,
      [&](const ImportRow& row) {
        batch.push_back(row);
        if (batch.size() >= options_.batch_size) Flush(batch, options.resend, report);
        return OkStatus();
      },
      [&](const RowProblem& p) { AddProblem(report, p, last_problem_row); });
  if (!s.ok()) return s.error();
  Flush(batch, options.resend, report);
  report.summary = scanner.summary();
  std::stable_sort(report.entries.begin(), report.entries.end(), ByRow);
  if (report.invited + report.reinvited > 0 && on_enqueued_) on_enqueued_();
  LogInfo("Invitations sent from a CSV file.", {{"invited", report.invited}, {"reinvited", report.reinvited},
                                                {"skipped", report.skipped}, {"failed", report.failed}});
  return report;
}

Result<SendReport> InviteService::InviteEmails(const std::vector<std::string>& emails, const ImportOptions& options) {
  if (emails.empty()) return MakeError(ErrorCode::kInvalidArgument, "Give at least one e-mail address to invite.");
  auto snapshot = Snapshot();
  if (!snapshot.ok()) return snapshot.error();
  RowValidator validator(&*snapshot, &options);
  if (Status s = validator.CheckOptions(); !s.ok()) return s.error();
  SendReport report;
  std::vector<ImportRow> batch;
  std::vector<RowProblem> problems;
  int64_t last_problem_row = -1;
  for (size_t i = 0; i < emails.size(); ++i) {
    ImportRow row;
    problems.clear();
    RowValidator::Values values;
    values.email = emails[i];
    if (validator.Validate(static_cast<int64_t>(i + 1), values, &row, &problems)) {
      batch.push_back(std::move(row));
      if (batch.size() >= options_.batch_size) Flush(batch, options.resend, report);
    } else {
      for (const RowProblem& p : problems) AddProblem(report, p, last_problem_row);
    }
  }
  Flush(batch, options.resend, report);
  std::stable_sort(report.entries.begin(), report.entries.end(), ByRow);
  if (report.invited + report.reinvited > 0 && on_enqueued_) on_enqueued_();
  return report;
}

Result<store::AcceptResult> InviteService::Accept(const std::string& token) {
  if (token.empty() || token.size() > 256) return store::AcceptResult{store::AcceptOutcome::kUnknown, ""};
  auto result = store::InvitationStore(store_).Accept(InviteTokens::HashToken(token), clock_());
  if (!result.ok()) return result.error();
  static constexpr const char* kNames[] = {"accepted", "expired", "used", "unknown"};
  metrics_->AddCounter("salesync_invitations_total", {{"outcome", kNames[static_cast<int>(result->outcome)]}});
  if (result->outcome == store::AcceptOutcome::kAccepted) {
    LogInfo("Invitation accepted; the user is active.", {{"email", result->email}});
  }
  return result;
}

}  // namespace salesync::invites
