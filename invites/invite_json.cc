#include "invites/invite_json.h"

namespace salesync::invites {

std::string DelimiterName(char delimiter) { return delimiter == '\t' ? "tab" : std::string(1, delimiter); }

nlohmann::json SummaryToJson(const ScanSummary& summary) {
  nlohmann::json mapping = nlohmann::json::array();
  for (const ColumnMapping& m : summary.mapping) {
    mapping.push_back({{"column", m.column},
                       {"header", m.header},
                       {"field", std::string(FieldName(m.field))},
                       {"label", std::string(FieldLabel(m.field))},
                       {"source", std::string(MappingSourceName(m.source))},
                       {"note", m.note}});
  }
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [kind, n] : summary.problem_counts) counts[std::string(ProblemKindName(kind))] = n;
  return {{"encoding", summary.encoding},
          {"delimiter", DelimiterName(summary.delimiter)},
          {"mapping", mapping},
          {"data_rows", summary.data_rows},
          {"importable_rows", summary.importable_rows},
          {"skipped_rows", summary.data_rows - summary.importable_rows},
          {"problem_counts", counts}};
}

nlohmann::json PreviewToJson(const PreviewReport& report) {
  nlohmann::json j = SummaryToJson(report.summary);
  nlohmann::json sample = nlohmann::json::array();
  for (const ImportRow& r : report.sample) {
    nlohmann::json teams = nlohmann::json::array({"Everyone"});
    for (const std::string& t : r.teams) teams.push_back(t);
    sample.push_back({{"row", r.row},
                      {"email", r.email},
                      {"first_name", r.first_name},
                      {"last_name", r.last_name},
                      {"role", r.role},
                      {"teams", teams},
                      {"action", r.existing_state.empty() ? "invite" : "resend"}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const RowProblem& p : report.problems) {
    problems.push_back(
        {{"row", p.row}, {"kind", std::string(ProblemKindName(p.kind))}, {"email", p.email}, {"message", p.message}});
  }
  j["sample"] = sample;
  j["problems"] = problems;
  j["problems_not_listed"] = report.problems_not_listed;
  return j;
}

nlohmann::json SendReportToJson(const SendReport& report) {
  nlohmann::json entries = nlohmann::json::array();
  for (const SendEntry& e : report.entries) {
    nlohmann::json entry = {{"row", e.row}, {"email", e.email}, {"outcome", e.outcome}, {"reason", e.reason}};
    if (e.owner) entry["owner"] = true;
    entries.push_back(std::move(entry));
  }
  nlohmann::json j = {{"invited", report.invited},
                      {"reinvited", report.reinvited},
                      {"skipped", report.skipped},
                      {"failed", report.failed},
                      {"entries", entries},
                      {"entries_not_listed", report.entries_not_listed},
                      {"confirmation", report.Confirmation()}};
  if (report.summary) j["file"] = SummaryToJson(*report.summary);
  return j;
}

nlohmann::json UserToJson(const store::UserRecord& u) {
  return {{"email", u.email},           {"first_name", u.first_name}, {"last_name", u.last_name},
          {"role", u.role},             {"state", u.state},           {"owner", u.owner},
          {"teams", u.teams},           {"created_at", u.created_at}, {"updated_at", u.updated_at},
          {"activated_at", u.activated_at}, {"disabled_at", u.disabled_at}};
}

nlohmann::json TeamToJson(const store::TeamRecord& t) {
  return {{"name", t.name}, {"members", t.member_count}, {"created_at", t.created_at}};
}

nlohmann::json OutboxJobToJson(const store::OutboxJob& job) {
  return {{"id", job.id},
          {"kind", job.kind},
          {"recipient", job.recipient},
          {"message_id", job.message_id},
          {"state", job.state},
          {"attempts", job.attempts},
          {"last_error", job.last_error},
          {"created_at", job.created_at},
          {"sent_at", job.sent_at}};
}

}  // namespace salesync::invites
