// TargetField: what one field of the target system accepts, compiled from its describe (FieldMetadata) so
// that checking a value costs no lookups: the kind of text it parses (number, date, e-mail...), its length
// in characters, a restricted picklist. Used per record by the plan and once per constant (defaults, map
// outputs) by the validation.
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "connectors/field_metadata.h"

namespace salesync::mapping {

// Why a cell cannot be written. Stable names (RejectionName) appear in preview JSON.
enum class Rejection : uint8_t {
  kNone,
  kUnmappedValue,   // map: not in the value table and no fallback
  kInvalidDate,     // datetime: the input is not a date/time in the expected format
  kInvalidPhone,    // phone: not a possible number
  kTooLong,         // longer than the target field holds
  kNotInPicklist,   // outside a restricted picklist
  kNotANumber,
  kNotAnInteger,
  kNotABoolean,
  kNotADate,
  kNotADateTime,
  kNotAnEmail,
  kRequiredEmpty,   // the target needs a value to create a record
  kIdentityEmpty,   // an identity field is empty: the record cannot be matched
};

std::string_view RejectionName(Rejection r);

class TargetField {
 public:
  enum class Kind : uint8_t { kText, kEmail, kBoolean, kInteger, kDouble, kDate, kDateTime, kPicklist, kMultiPicklist };

  TargetField() = default;
  explicit TargetField(const connectors::FieldMetadata& field);

  // Checks a non-empty `value`; booleans are rewritten to "true"/"false" in place (returns true in
  // `normalised` when that changed the text). kNone when the value can be written.
  Rejection Check(std::string& value, bool* normalised = nullptr) const;

  // A sentence for a rejection of `value` by this field: "41 characters; Lead.FirstName holds 40".
  std::string Explain(Rejection r, size_t value_chars) const;

  Kind kind() const { return kind_; }
  size_t max_chars() const { return max_chars_; }
  bool required() const { return required_; }
  const std::string& name() const { return name_; }

 private:
  Kind kind_ = Kind::kText;
  size_t max_chars_ = 0;  // 0: no limit known
  bool required_ = false;
  bool restricted_ = false;
  std::unordered_set<std::string> picklist_;
  std::string name_;        // "Status"
  std::string picklist_text_;  // "Open - Not Contacted, Working - Contacted, ..." for messages
};

}  // namespace salesync::mapping
