// ImportScanner: reads an invitation CSV row by row and decides, for each row, what the import does.
//
// It maps each record through the ColumnMapping, then validates: wrong number of fields, invalid e-mail,
// duplicate within the file (naming the earlier row), already a user or already invited (from a snapshot
// of the directory; with resend, pending invitations are importable again), missing e-mail, unknown team,
// unknown role; reader problems (invalid UTF-8, misplaced quotes) arrive as problems of their row too.
// Importable rows go to on_row, problems to on_problem, in file order, as they are read: nothing of the
// file is kept except about 16 bytes per distinct e-mail for duplicate detection.
// The same RowValidator checks addresses given one by one (salesyncctl invite add).
// Thread-safety: not thread-safe; one scanner per import.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "invites/column_mapping.h"
#include "invites/csv_reader.h"

namespace salesync::invites {

enum class ProblemKind {
  kInvalidEmail,
  kDuplicateInFile,
  kAlreadyUser,
  kAlreadyInvited,
  kMissingValue,
  kUnknownTeam,
  kUnknownRole,
  kWrongFieldCount,
  kInvalidUtf8,
  kMalformedCsv,
};
// "invalid_email", "duplicate_in_file", ... (stable names for JSON and CSV reports).
std::string_view ProblemKindName(ProblemKind kind);

struct RowProblem {
  int64_t row = 0;      // CSV line (or argument position for invite add)
  ProblemKind kind = ProblemKind::kInvalidEmail;
  std::string email;    // as written, when known
  std::string message;  // a sentence
};

struct ImportRow {
  int64_t row = 0;
  std::string email;  // normalised
  std::string first_name;
  std::string last_name;
  std::string role;                // "admin" or "member"
  std::vector<std::string> teams;  // canonical names, "Everyone" not included (always joined)
  std::string existing_state;      // "" for a new user, "invited" for a resend
};

struct ImportOptions {
  std::vector<MappingOverride> overrides;
  std::vector<std::string> teams;  // joined by every row (must exist)
  std::string role = "member";     // for rows without a role
  bool resend = false;             // pending invitations are sent again
};

// What the import knows of the workspace before it starts.
struct DirectorySnapshot {
  std::unordered_map<std::string, std::string> user_states;  // normalised e-mail -> state
  std::vector<std::string> teams;                            // canonical names
};

// Validates mapped values. Remembers e-mails it has accepted to find duplicates.
class RowValidator {
 public:
  RowValidator(const DirectorySnapshot* directory, const ImportOptions* options);

  // Checks the options once before any row: kInvalidArgument for an unknown --team or --role (the whole
  // import is refused). REQUIRES: called before Validate().
  Status CheckOptions();

  struct Values {
    std::string email, first_name, last_name, full_name, role, team;
  };
  // Fills `row` and returns true, or adds a problem and returns false.
  bool Validate(int64_t line, const Values& values, ImportRow* row, std::vector<RowProblem>* problems);

 private:
  std::optional<std::string> CanonicalTeam(const std::string& name) const;

  const DirectorySnapshot* directory_;
  const ImportOptions* options_;
  std::vector<std::string> option_teams_;
  // Open addressing, 12 bytes a slot: 64-bit hash of the normalised e-mail (0 = empty) -> first row.
  std::vector<uint64_t> seen_hashes_;
  std::vector<uint32_t> seen_rows_;
  size_t seen_count_ = 0;
  // The row that claimed `hash` first; `row` when it is new (then *inserted is true).
  int64_t FindOrInsert(uint64_t hash, int64_t row, bool* inserted);
};

struct ScanSummary {
  std::string encoding;
  char delimiter = ',';
  std::vector<ColumnMapping> mapping;
  int64_t data_rows = 0;        // records after the header, skipped ones included
  int64_t importable_rows = 0;  // rows on_row received
  std::map<ProblemKind, int64_t> problem_counts;
};

class ImportScanner {
 public:
  ImportScanner(const DirectorySnapshot* directory, const ImportOptions* options);

  // Reads the whole source. A file-level problem (unreadable header, no e-mail column, UTF-16, an unknown
  // --team or --map column) is an error; row problems are not. Stops early when on_row fails.
  Status Run(ByteSource* source, const std::function<Status(const ImportRow&)>& on_row,
             const std::function<void(const RowProblem&)>& on_problem);

  const ScanSummary& summary() const { return summary_; }

 private:
  const DirectorySnapshot* directory_;
  const ImportOptions* options_;
  ScanSummary summary_;
};

}  // namespace salesync::invites
