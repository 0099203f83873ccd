#include "invites/import_scanner.h"

#include <algorithm>
#include <functional>

#include "base/strings.h"
#include "invites/email_address.h"
#include "invites/utf8.h"
#include "store/user_store.h"

namespace salesync::invites {

namespace {

struct RoleSpelling {
  const char* folded;
  const char* role;
};

// Role values as people write them, in English and the seed languages.
constexpr RoleSpelling kRoles[] = {
    {"admin", "admin"},      {"administrator", "admin"}, {"beheerder", "admin"},  // nl
    {"administratör", "admin"},                                                 // sv
    {"관리자", "admin"},                                                        // ko
    {"member", "member"},    {"user", "member"},         {"lid", "member"},        {"gebruiker", "member"},  // nl
    {"medlem", "member"},    {"användare", "member"},    {"bruger", "member"},    // sv, da
    {"멤버", "member"},      {"사용자", "member"},        {"구성원", "member"},    // ko
};

std::optional<std::string> ParseRole(std::string_view text) {
  std::string folded = FoldCase(TrimWhitespace(text));
  for (const RoleSpelling& r : kRoles) {
    if (folded == r.folded) return std::string(r.role);
  }
  return std::nullopt;
}

std::vector<std::string> SplitTeams(std::string_view cell) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string t(TrimWhitespace(current));
    if (!t.empty()) out.push_back(t);
    current.clear();
  };
  for (char c : cell) {
    if (c == ',' || c == ';' || c == '|') flush();
    else current += c;
  }
  flush();
  return out;
}

}  // namespace

std::string_view ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kInvalidEmail: return "invalid_email";
    case ProblemKind::kDuplicateInFile: return "duplicate_in_file";
    case ProblemKind::kAlreadyUser: return "already_user";
    case ProblemKind::kAlreadyInvited: return "already_invited";
    case ProblemKind::kMissingValue: return "missing_value";
    case ProblemKind::kUnknownTeam: return "unknown_team";
    case ProblemKind::kUnknownRole: return "unknown_role";
    case ProblemKind::kWrongFieldCount: return "wrong_field_count";
    case ProblemKind::kInvalidUtf8: return "invalid_utf8";
    case ProblemKind::kMalformedCsv: return "malformed_csv";
  }
  return "invalid_email";
}

RowValidator::RowValidator(const DirectorySnapshot* directory, const ImportOptions* options)
    : directory_(directory), options_(options) {}

std::optional<std::string> RowValidator::CanonicalTeam(const std::string& name) const {
  std::string folded = FoldCase(name);
  for (const std::string& t : directory_->teams) {
    if (FoldCase(t) == folded) return t;
  }
  return std::nullopt;
}

Status RowValidator::CheckOptions() {
  std::vector<std::string>* canonical_teams = &option_teams_;
  canonical_teams->clear();
  for (const std::string& t : options_->teams) {
    auto canonical = CanonicalTeam(std::string(TrimWhitespace(t)));
    if (!canonical) {
      std::string message = "There is no team \"" + t + "\". Create it with: salesyncctl teams create \"" + t + "\"";
      if (auto hint = DidYouMean(t, directory_->teams)) message += " (or did you mean \"" + *hint + "\"?)";
      return MakeError(ErrorCode::kInvalidArgument, message);
    }
    if (std::find(canonical_teams->begin(), canonical_teams->end(), *canonical) == canonical_teams->end() &&
        *canonical != store::kEveryoneTeam) {
      canonical_teams->push_back(*canonical);
    }
  }
  if (!ParseRole(options_->role)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Unknown role \"" + options_->role + "\" (expected admin or member).");
  }
  return OkStatus();
}

int64_t RowValidator::FindOrInsert(uint64_t hash, int64_t row, bool* inserted) {
  if (hash == 0) hash = 1;  // 0 marks an empty slot
  if ((seen_count_ + 1) * 4 > seen_hashes_.size() * 3) {
    size_t size = seen_hashes_.empty() ? 1024 : seen_hashes_.size() * 2;
    std::vector<uint64_t> hashes(size);
    std::vector<uint32_t> rows(size);
    for (size_t k = 0; k < seen_hashes_.size(); ++k) {
      if (seen_hashes_[k] == 0) continue;
      size_t i = seen_hashes_[k] & (size - 1);
      while (hashes[i] != 0) i = (i + 1) & (size - 1);
      hashes[i] = seen_hashes_[k];
      rows[i] = seen_rows_[k];
    }
    seen_hashes_.swap(hashes);
    seen_rows_.swap(rows);
  }
  const size_t mask = seen_hashes_.size() - 1;
  size_t i = hash & mask;
  while (seen_hashes_[i] != 0) {
    if (seen_hashes_[i] == hash) {
      *inserted = false;
      return seen_rows_[i];
    }
    i = (i + 1) & mask;
  }
  seen_hashes_[i] = hash;
  seen_rows_[i] = static_cast<uint32_t>(row);
  ++seen_count_;
  *inserted = true;
  return row;
}

bool RowValidator::Validate(int64_t line, const Values& v, ImportRow* row, std::vector<RowProblem>* problems) {
  const size_t before = problems->size();
  auto problem = [&](ProblemKind kind, std::string message) {
    problems->push_back({line, kind, std::string(TrimWhitespace(v.email)), std::move(message)});
  };
  std::string email;
  if (TrimWhitespace(v.email).empty()) {
    problem(ProblemKind::kMissingValue, "The e-mail address is missing.");
  } else if (auto normalised = NormaliseEmail(v.email); !normalised.ok()) {
    problem(ProblemKind::kInvalidEmail,
            "\"" + std::string(TrimWhitespace(v.email)) + "\" is not a valid e-mail address: " +
                normalised.error().message + ".");
  } else {
    email = *normalised;
  }

  std::string role = options_->role;
  if (!TrimWhitespace(v.role).empty()) {
    if (auto parsed = ParseRole(v.role)) {
      role = *parsed;
    } else {
      problem(ProblemKind::kUnknownRole,
              "Unknown role \"" + std::string(TrimWhitespace(v.role)) + "\" (expected admin or member).");
    }
  } else {
    role = *ParseRole(role);
  }

  std::vector<std::string> teams = option_teams_;
  for (const std::string& name : SplitTeams(v.team)) {
    auto canonical = CanonicalTeam(name);
    if (!canonical) {
      problem(ProblemKind::kUnknownTeam,
              "Unknown team \"" + name + "\". Create it first: salesyncctl teams create \"" + name + "\"");
      continue;
    }
    if (*canonical != store::kEveryoneTeam && std::find(teams.begin(), teams.end(), *canonical) == teams.end()) {
      teams.push_back(*canonical);
    }
  }

  std::string existing;
  if (!email.empty()) {
    if (auto it = directory_->user_states.find(email); it != directory_->user_states.end()) {
      existing = it->second;
      if (existing == "invited" && !options_->resend) {
        problem(ProblemKind::kAlreadyInvited,
                email + " is already invited and has not accepted yet; use --resend to send the invitation again.");
      } else if (existing != "invited") {
        problem(ProblemKind::kAlreadyUser, email + " is already a user (" + existing + ").");
      }
    }
  }
  if (problems->size() != before) {
    // A row with problems still claims its address, so a later copy is reported as a duplicate of it.
    if (!email.empty()) {
      bool inserted = false;
      FindOrInsert(std::hash<std::string>{}(email), line, &inserted);
    }
    return false;
  }
  bool inserted = false;
  int64_t first = FindOrInsert(std::hash<std::string>{}(email), line, &inserted);
  if (!inserted) {
    problem(ProblemKind::kDuplicateInFile, email + " appears more than once; row " + std::to_string(first) +
                                               " has it first, so this row was skipped.");
    return false;
  }

  row->row = line;
  row->email = std::move(email);
  row->first_name = std::string(TrimWhitespace(v.first_name));
  row->last_name = std::string(TrimWhitespace(v.last_name));
  std::string_view full = TrimWhitespace(v.full_name);
  if (row->first_name.empty() && row->last_name.empty() && !full.empty()) {
    // "Anna van der Berg": the first word is the first name, the rest (with its particles) the last name.
    size_t space = full.find_first_of(" \t");
    row->first_name = std::string(full.substr(0, space));
    if (space != std::string_view::npos) row->last_name = std::string(TrimWhitespace(full.substr(space)));
  }
  row->role = role;
  row->teams = std::move(teams);
  row->existing_state = existing;
  return true;
}

ImportScanner::ImportScanner(const DirectorySnapshot* directory, const ImportOptions* options)
    : directory_(directory), options_(options) {}

Status ImportScanner::Run(ByteSource* source, const std::function<Status(const ImportRow&)>& on_row,
                          const std::function<void(const RowProblem&)>& on_problem) {
  RowValidator validator(directory_, options_);
  if (Status s = validator.CheckOptions(); !s.ok()) return s;

  CsvReader reader(source);
  if (Status s = reader.Open(); !s.ok()) return s;
  summary_.encoding = reader.encoding();
  summary_.delimiter = reader.delimiter();

  CsvRecord record;
  CsvIssue issue;
  auto first = reader.Next(&record, &issue);
  if (!first.ok()) return first.error();
  if (*first == CsvReader::Item::kIssue) {
    return MakeError(ErrorCode::kInvalidArgument, "The header line cannot be read: " + issue.message,
                     "line " + std::to_string(issue.line));
  }
  if (*first == CsvReader::Item::kEnd) {
    return MakeError(ErrorCode::kInvalidArgument, "The file is empty: expected a header line and one row per user.");
  }
  const std::vector<std::string> headers = record.fields;
  auto mapping = InferMapping(headers, options_->overrides);
  if (!mapping.ok()) return mapping.error();
  summary_.mapping = *mapping;

  int column_of[7];
  std::fill(std::begin(column_of), std::end(column_of), -1);
  for (const ColumnMapping& m : summary_.mapping) {
    if (m.field != Field::kIgnore) column_of[static_cast<int>(m.field)] = m.column - 1;
  }
  if (column_of[static_cast<int>(Field::kEmail)] < 0) {
    std::string columns;
    for (const std::string& h : headers) columns += (columns.empty() ? "\"" : ", \"") + h + "\"";
    return MakeError(ErrorCode::kInvalidArgument,
                     "No column is recognised as the e-mail address (columns: " + columns +
                         "). Name it with --map COLUMN=email.");
  }

  auto report = [&](RowProblem p) {
    ++summary_.problem_counts[p.kind];
    on_problem(p);
  };
  std::vector<RowProblem> problems;
  ImportRow row;
  auto cell = [&](Field f) -> const std::string& {
    static const std::string kEmpty;
    int c = column_of[static_cast<int>(f)];
    return c < 0 ? kEmpty : record.fields[static_cast<size_t>(c)];
  };
  for (;;) {
    auto item = reader.Next(&record, &issue);
    if (!item.ok()) return item.error();
    if (*item == CsvReader::Item::kEnd) break;
    ++summary_.data_rows;
    if (*item == CsvReader::Item::kIssue) {
      report({issue.line,
              issue.kind == CsvIssueKind::kInvalidUtf8 ? ProblemKind::kInvalidUtf8 : ProblemKind::kMalformedCsv, "",
              issue.message});
      continue;
    }
    if (record.fields.size() != headers.size()) {
      report({record.line, ProblemKind::kWrongFieldCount, "",
              "The row has " + std::to_string(record.fields.size()) + " field" +
                  (record.fields.size() == 1 ? "" : "s") + ", the header has " + std::to_string(headers.size()) +
                  "; the row was skipped."});
      continue;
    }
    problems.clear();
    RowValidator::Values values{cell(Field::kEmail), cell(Field::kFirstName), cell(Field::kLastName),
                                cell(Field::kFullName), cell(Field::kRole), cell(Field::kTeam)};
    if (!validator.Validate(record.line, values, &row, &problems)) {
      for (RowProblem& p : problems) report(std::move(p));
      continue;
    }
    ++summary_.importable_rows;
    if (Status s = on_row(row); !s.ok()) return s;
  }
  return OkStatus();
}

}  // namespace salesync::invites
