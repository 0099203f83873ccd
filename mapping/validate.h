// Validate: a mapping spec checked against the describe of its source and target objects, before any record
// moves. Pure: the caller fetches (and caches) the metadata.
//
// Rules (each finding names its rule in `rule`):
//   unknown_source_field, unknown_target_field   with "did you mean" from the describe
//   unknown_identity_field, identity_not_mapped
//   type_mismatch       text into a date, a string into a number... (constants and map outputs are checked
//                       value by value, so a map producing "true"/"false" into a boolean is fine)
//   too_long            source longer than the target without truncate (warning); a constant too long (error)
//   required_unmapped   a field the target needs to create a record that no row writes
//   not_in_picklist     a constant or map output outside a restricted picklist (error); free text into a
//                       restricted picklist without a map (warning)
//   not_writable        read-only target (error); create-only or update-only target (warning)
//   duplicate_target    two rows writing one target field
//   truncate_no_length  truncate without max_chars into a field with no length
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/mappings_config.h"
#include "connectors/field_metadata.h"

namespace salesync::mapping {

enum class Severity { kOk, kWarning, kError };
std::string_view SeverityName(Severity s);  // "ok", "warning", "error"

struct Finding {
  Severity severity = Severity::kError;
  std::string rule;          // "unknown_target_field"
  std::string message;       // a sentence an admin can act on
  std::optional<size_t> row;  // the spec row it concerns; nullopt for the mapping as a whole
  config::SpecPosition position;

  // "FILE:LINE:COLUMN: /pointer: message" when the spec came from a file, else the message.
  std::string ToString() const;
};

std::vector<Finding> Validate(const config::MappingSpec& spec, const connectors::ObjectMetadata& source,
                              const connectors::ObjectMetadata& target);

// The worst severity among `findings` (kOk when empty).
Severity WorstSeverity(const std::vector<Finding>& findings);

nlohmann::json ToJson(const Finding& finding);

}  // namespace salesync::mapping
