#include "invites/column_mapping.h"

#include <algorithm>
#include <charconv>

#include "base/strings.h"
#include "invites/utf8.h"

namespace salesync::invites {

namespace {

struct Spelling {
  const char* normalised;
  Field field;
};

// Normalised spellings (case folded, no spaces or punctuation). English, then the seed languages:
// Dutch (nl), Swedish (sv), Danish (da), Korean (ko).
constexpr Spelling kSpellings[] = {
    // e-mail
    {"email", Field::kEmail}, {"mail", Field::kEmail}, {"emailaddress", Field::kEmail},
    {"mailaddress", Field::kEmail}, {"workemail", Field::kEmail}, {"businessemail", Field::kEmail},
    {"emailadres", Field::kEmail},                                   // nl
    {"epost", Field::kEmail}, {"epostadress", Field::kEmail},        // sv
    {"emailadresse", Field::kEmail}, {"mailadresse", Field::kEmail}, // da
    {"이메일", Field::kEmail}, {"이메일주소", Field::kEmail}, {"메일", Field::kEmail},
    {"메일주소", Field::kEmail}, {"전자우편", Field::kEmail},        // ko
    // first name
    {"firstname", Field::kFirstName}, {"first", Field::kFirstName}, {"givenname", Field::kFirstName},
    {"forename", Field::kFirstName}, {"fname", Field::kFirstName},
    {"voornaam", Field::kFirstName},                                  // nl
    {"förnamn", Field::kFirstName},                                   // sv
    {"fornavn", Field::kFirstName},                                   // da
    {"이름", Field::kFirstName},                                      // ko (given name next to 성)
    // last name
    {"lastname", Field::kLastName}, {"last", Field::kLastName}, {"surname", Field::kLastName},
    {"familyname", Field::kLastName}, {"lname", Field::kLastName},
    {"achternaam", Field::kLastName},                                 // nl
    {"efternamn", Field::kLastName},                                  // sv
    {"efternavn", Field::kLastName},                                  // da
    {"성", Field::kLastName},                                         // ko
    // full name
    {"name", Field::kFullName}, {"fullname", Field::kFullName}, {"displayname", Field::kFullName},
    {"naam", Field::kFullName}, {"volledigenaam", Field::kFullName},  // nl
    {"namn", Field::kFullName}, {"fullständigtnamn", Field::kFullName},  // sv
    {"navn", Field::kFullName}, {"fuldenavn", Field::kFullName}, {"fuldtnavn", Field::kFullName},  // da
    {"성명", Field::kFullName}, {"전체이름", Field::kFullName},       // ko
    // role
    {"role", Field::kRole}, {"userrole", Field::kRole},
    {"rol", Field::kRole},                                            // nl
    {"roll", Field::kRole},                                           // sv
    {"rolle", Field::kRole},                                          // da
    {"역할", Field::kRole},                                           // ko
    // team
    {"team", Field::kTeam}, {"teams", Field::kTeam}, {"group", Field::kTeam}, {"groups", Field::kTeam},
    {"groep", Field::kTeam},                                          // nl
    {"grupp", Field::kTeam},                                          // sv
    {"hold", Field::kTeam},                                           // da
    {"팀", Field::kTeam}, {"그룹", Field::kTeam},                    // ko
};

std::string Normalise(std::string_view header) {
  std::string folded = FoldCase(TrimWhitespace(header));
  std::string out;
  for (char c : folded) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

// Optimal string alignment distance: like Levenshtein, but a swap of neighbours ("emial") is one edit.
size_t OsaDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A close misspelling of an ASCII spelling: one edit for 4 to 7 letters, two from 8 on.
std::optional<Spelling> Guess(const std::string& normalised) {
  if (normalised.size() < 4 || !IsAscii(normalised)) return std::nullopt;
  size_t limit = normalised.size() >= 8 ? 2 : 1;
  std::optional<Spelling> best;
  size_t best_distance = limit + 1;
  for (const Spelling& s : kSpellings) {
    std::string_view candidate(s.normalised);
    if (candidate.size() < 4 || !IsAscii(candidate)) continue;
    size_t d = OsaDistance(normalised, candidate);
    if (d < best_distance) {
      best = s;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace

std::string_view FieldName(Field field) {
  switch (field) {
    case Field::kEmail: return "email";
    case Field::kFirstName: return "first_name";
    case Field::kLastName: return "last_name";
    case Field::kFullName: return "full_name";
    case Field::kRole: return "role";
    case Field::kTeam: return "team";
    case Field::kIgnore: return "ignore";
  }
  return "ignore";
}

std::string_view FieldLabel(Field field) {
  switch (field) {
    case Field::kEmail: return "e-mail";
    case Field::kFirstName: return "first name";
    case Field::kLastName: return "last name";
    case Field::kFullName: return "full name";
    case Field::kRole: return "role";
    case Field::kTeam: return "team";
    case Field::kIgnore: return "(ignored)";
  }
  return "(ignored)";
}

std::vector<std::string> FieldNames() {
  return {"email", "first_name", "last_name", "full_name", "role", "team", "ignore"};
}

std::optional<Field> ParseFieldName(std::string_view name) {
  std::string lowered = ToLowerAscii(TrimWhitespace(name));
  for (Field f : {Field::kEmail, Field::kFirstName, Field::kLastName, Field::kFullName, Field::kRole, Field::kTeam,
                  Field::kIgnore}) {
    if (lowered == FieldName(f)) return f;
  }
  // People write "e-mail" or "first name" too.
  if (auto recognised = RecogniseHeader(name)) return recognised;
  return std::nullopt;
}

std::string_view MappingSourceName(MappingSource source) {
  switch (source) {
    case MappingSource::kRecognised: return "recognised";
    case MappingSource::kGuessed: return "guessed";
    case MappingSource::kOverride: return "override";
    case MappingSource::kUnknown: return "not recognised";
    case MappingSource::kDuplicate: return "duplicate";
  }
  return "not recognised";
}

std::optional<Field> RecogniseHeader(std::string_view header) {
  std::string n = Normalise(header);
  for (const Spelling& s : kSpellings) {
    if (n == s.normalised) return s.field;
  }
  return std::nullopt;
}

Result<MappingOverride> ParseMappingOverride(std::string_view text) {
  size_t eq = text.rfind('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Expected COLUMN=FIELD such as \"Mail=email\", found \"" + std::string(text) + "\".");
  }
  std::string column(TrimWhitespace(text.substr(0, eq)));
  std::string field_text(TrimWhitespace(text.substr(eq + 1)));
  auto field = ParseFieldName(field_text);
  if (!field) {
    std::string message = "Unknown field \"" + field_text + "\" in --map " + std::string(text) + ".";
    if (auto hint = DidYouMean(field_text, FieldNames())) message += " Did you mean \"" + *hint + "\"?";
    message += " Fields: email, first_name, last_name, full_name, role, team, ignore.";
    return MakeError(ErrorCode::kInvalidArgument, message);
  }
  return MappingOverride{column, *field};
}

Result<std::vector<ColumnMapping>> InferMapping(const std::vector<std::string>& headers,
                                                const std::vector<MappingOverride>& overrides) {
  std::vector<ColumnMapping> mapping;
  for (size_t i = 0; i < headers.size(); ++i) {
    ColumnMapping m;
    m.column = static_cast<int>(i + 1);
    m.header = headers[i];
    std::string n = Normalise(headers[i]);
    if (auto f = RecogniseHeader(headers[i])) {
      m.field = *f;
      m.source = MappingSource::kRecognised;
    } else if (auto g = Guess(n)) {
      m.field = g->field;
      m.source = MappingSource::kGuessed;
      m.note = "looks like \"" + std::string(g->normalised) + "\"";
    } else {
      m.note = "not recognised; map it with --map \"" + headers[i] + "=FIELD\" if it matters";
    }
    mapping.push_back(std::move(m));
  }

  for (const MappingOverride& o : overrides) {
    ColumnMapping* target = nullptr;
    int position = 0;
    auto [ptr, ec] = std::from_chars(o.column.data(), o.column.data() + o.column.size(), position);
    if (ec == std::errc() && ptr == o.column.data() + o.column.size() && position >= 1 &&
        position <= static_cast<int>(mapping.size())) {
      target = &mapping[static_cast<size_t>(position - 1)];
    } else {
      std::string wanted = FoldCase(TrimWhitespace(o.column));
      for (ColumnMapping& m : mapping) {
        if (FoldCase(TrimWhitespace(m.header)) == wanted) {
          target = &m;
          break;
        }
      }
    }
    if (target == nullptr) {
      std::string message = "--map names the column \"" + o.column + "\", which the header does not have.";
      if (auto hint = DidYouMean(o.column, headers)) message += " Did you mean \"" + *hint + "\"?";
      return MakeError(ErrorCode::kInvalidArgument, message);
    }
    target->field = o.field;
    target->source = MappingSource::kOverride;
    target->note.clear();
  }

  // Korean forms write 이름 (given name) next to 성 (family name); alone, 이름 is the whole name.
  bool has_last = std::any_of(mapping.begin(), mapping.end(), [](const ColumnMapping& m) {
    return m.field == Field::kLastName;
  });
  for (ColumnMapping& m : mapping) {
    if (!has_last && m.source == MappingSource::kRecognised && Normalise(m.header) == "이름") m.field = Field::kFullName;
  }

  // One column per field: an override wins over a recognised header, which wins over a guess; among
  // equals the leftmost column wins. The others are ignored, with a note saying why.
  auto rank = [](const ColumnMapping& m) {
    int source = m.source == MappingSource::kOverride ? 0 : m.source == MappingSource::kRecognised ? 1 : 2;
    return std::make_pair(source, m.column);
  };
  std::vector<const ColumnMapping*> winners;
  for (const ColumnMapping& m : mapping) {
    if (m.field == Field::kIgnore) continue;
    auto same = std::find_if(winners.begin(), winners.end(), [&](const ColumnMapping* w) { return w->field == m.field; });
    if (same == winners.end()) winners.push_back(&m);
    else if (rank(m) < rank(**same)) *same = &m;
  }
  std::vector<ColumnMapping> resolved = mapping;
  for (size_t i = 0; i < mapping.size(); ++i) {
    const ColumnMapping& m = mapping[i];
    if (m.field == Field::kIgnore) continue;
    auto winner = *std::find_if(winners.begin(), winners.end(), [&](const ColumnMapping* w) { return w->field == m.field; });
    if (winner == &m) continue;
    resolved[i].note = "column " + std::to_string(winner->column) + " (\"" + winner->header + "\") already feeds " +
                       std::string(FieldLabel(m.field));
    resolved[i].source = MappingSource::kDuplicate;
    resolved[i].field = Field::kIgnore;
  }
  return resolved;
}

}  // namespace salesync::invites
