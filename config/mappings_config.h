// The `mappings` section: which fields of a source object become which fields of a target object, and how.
//
//   "mappings": {
//     "marketo-leads-to-salesforce": {
//       "source": {"connection": "marketo", "object": "lead"},
//       "target": {"connection": "salesforce", "object": "Lead"},
//       "identity": ["Email"],
//       "fields": [
//         {"source": "email", "target": "Email", "transforms": ["trim", "lower"]},
//         {"source": ["firstName", "lastName"], "target": "Description",
//          "transforms": [{"concat": {"separator": " "}}]},
//         {"source": "leadStatus", "target": "Status",
//          "transforms": [{"map": {"values": {"New": "Open - Not Contacted"}, "fallback": "Open - Not Contacted"}}]},
//         {"source": "company", "target": "Company", "default": "Unknown", "transforms": ["trim", "truncate"]}
//       ]
//     }
//   }
//
// This file only reads the syntax and the transform vocabulary into plain structs that remember where
// each part was written (FILE:LINE:COLUMN), so that later checks — compiling the plan, validating it against
// a connected system's describe (mapping/) — can point at the exact place in the file. The vocabulary is
// documented in docs/mapping.md; every key is shown in config/salesync.example.json.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config_error.h"
#include "config/config_reader.h"
#include "config/connections_config.h"

namespace salesync::config {

// Where a part of the spec was written. Specs built in code (tests, benchmarks) leave it empty.
struct SpecPosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;  // JSON pointer: /mappings/NAME/fields/2/transforms/0

  // A ConfigError at this position, so that problems found after loading read like loading errors.
  ConfigError Error(std::string message) const { return {file, line, column, pointer, std::move(message)}; }
};

enum class TransformKind { kTrim, kLower, kUpper, kDefault, kConcat, kSplit, kMap, kDateTime, kPhone, kTruncate };

// "trim", "lower", ... as written in the configuration.
std::string_view TransformName(TransformKind kind);
// Every transform name, in documentation order (for "did you mean" and "expected one of").
const std::vector<std::string>& TransformNames();

// The named date/time formats; anything else containing '%' is a strftime-style pattern.
inline constexpr std::string_view kFormatIso8601 = "iso8601";
inline constexpr std::string_view kFormatDate = "date";
inline constexpr std::string_view kFormatEpochMs = "epoch_ms";
inline constexpr std::string_view kFormatEpochSecs = "epoch_secs";

// One step of a row's transform chain. Only the members of its kind are meaningful; the others keep their
// defaults (which is also what makes the normalised form, and so the mapping version, stable).
struct TransformSpec {
  TransformKind kind = TransformKind::kTrim;
  SpecPosition position;

  std::string value;                  // default: the value used when the input is empty
  std::string separator = " ";        // concat, split
  bool skip_empty = true;             // concat: leave empty inputs out; split: ignore empty parts
  int64_t part = 0;                   // split: 0-based; negative counts from the end (-1 = last)
  std::vector<std::pair<std::string, std::string>> values;  // map: from → to, sorted by from
  std::optional<std::string> fallback;                      // map: for values not in the table; none = reject
  bool ignore_case = true;                                  // map: match "new" against "New"
  std::string from = std::string(kFormatIso8601);           // datetime: how the input is written
  std::string to = std::string(kFormatIso8601);             // datetime: how the output is written
  std::string time_zone = "UTC";      // datetime: the zone of inputs that carry no offset
  std::string to_time_zone = "UTC";   // datetime: the zone the output is expressed in
  std::string default_country;        // phone: ISO 3166 region for numbers without +country ("NL")
  std::string phone_format = "e164";  // phone: e164 | international | national
  std::string invalid = "reject";     // phone: reject | keep | drop (what happens to a non-number)
  int64_t max_chars = 0;              // truncate: characters (code points) kept; 0 = the target field's length
};

struct FieldMappingSpec {
  std::vector<std::string> source;            // empty: a constant row (it needs a default)
  std::vector<SpecPosition> source_positions;
  std::string target;
  SpecPosition target_position;
  std::vector<TransformSpec> transforms;
  std::optional<std::string> default_value;   // applied after the transforms when the value is empty
  SpecPosition default_position;
  SpecPosition position;                      // the row object
};

struct ObjectRefSpec {
  std::string connection;
  std::string object;
  SpecPosition position;
};

struct MappingSpec {
  std::string name;
  ObjectRefSpec source;
  ObjectRefSpec target;
  std::vector<std::string> identity;          // target fields that identify the record (upsert keys)
  std::vector<SpecPosition> identity_positions;
  std::vector<FieldMappingSpec> fields;
  SpecPosition position;
};

// Reads the `mappings` object (each member one mapping). `text` is the whole configuration file, used to
// locate every part; `connections` are the configured connections a mapping may name. Problems go to the
// reader's document, one per place.
std::map<std::string, MappingSpec> ReadMappings(ObjectReader mappings, std::string_view text,
                                                const std::map<std::string, ConnectionConfig>& connections);

// True when `pattern` is a strftime-style pattern this project can both parse and format with; otherwise
// `problem` says what is wrong with it ("unknown conversion %Q").
bool CheckDateTimePattern(std::string_view pattern, std::string* problem);

}  // namespace salesync::config
