// ColumnMapping: which CSV column feeds which user field, inferred from the header and overridable.
//
// Headers are matched after folding case and dropping spaces and punctuation ("E-mail", "Email Address",
// "email_address" all match), against English spellings and those of the seed documents' languages:
// Dutch ("E-mailadres", "Voornaam", "Achternaam"), Swedish ("E-post", "Förnamn", "Efternamn"), Danish
// ("E-mailadresse", "Fornavn", "Efternavn") and Korean ("이메일", "이름", "성"). A close misspelling
// ("Emial") is guessed and marked as such. An override ("--map COLUMN=field") names the column by its
// header (case-insensitive) or its 1-based position, and the field by name; "ignore" drops a column.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace salesync::invites {

enum class Field { kEmail, kFirstName, kLastName, kFullName, kRole, kTeam, kIgnore };

// "email", "first_name", ... as used by --map and the JSON API.
std::string_view FieldName(Field field);
// "e-mail", "first name", ... for people.
std::string_view FieldLabel(Field field);
std::optional<Field> ParseFieldName(std::string_view name);
std::vector<std::string> FieldNames();

enum class MappingSource {
  kRecognised,  // the header is a known spelling
  kGuessed,     // the header is close to a known spelling
  kOverride,    // set by --map
  kUnknown,     // nothing matched: the column is ignored
  kDuplicate,   // another column already feeds this field: ignored
};
std::string_view MappingSourceName(MappingSource source);

struct ColumnMapping {
  int column = 0;  // 1-based
  std::string header;
  Field field = Field::kIgnore;
  MappingSource source = MappingSource::kUnknown;
  std::string note;  // why, for kGuessed / kUnknown / kDuplicate
};

struct MappingOverride {
  std::string column;  // header text or 1-based position
  Field field = Field::kIgnore;
};

// Parses "COLUMN=field". kInvalidArgument with a did-you-mean for an unknown field.
Result<MappingOverride> ParseMappingOverride(std::string_view text);

// Infers the mapping of every header column, then applies the overrides. kInvalidArgument when an
// override names a column the header does not have.
Result<std::vector<ColumnMapping>> InferMapping(const std::vector<std::string>& headers,
                                                const std::vector<MappingOverride>& overrides);

// The field a header spelling means, if it is a known one (exposed for tests).
std::optional<Field> RecogniseHeader(std::string_view header);

}  // namespace salesync::invites
