#include "mapping/target_value.h"

#include <chrono>

#include "mapping/date_time.h"
#include "mapping/text.h"

namespace salesync::mapping {

namespace {

using connectors::FieldType;

bool IsInteger(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size() || s.size() - i > 18) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// [+-]digits[.digits][e[+-]digits], or .digits: what Salesforce and Marketo take for a number. Checked by
// hand: std::from_chars<double> would also compute the value, several times slower on the hot path.
bool IsNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t whole = digits();
  size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole + fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size() && s.size() <= 64;
}

// The practical shape Salesforce and Marketo accept: one '@', something before it, a dotted domain after
// it, no spaces.
bool IsEmail(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view domain = s.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '<' || c == '>') return false;
  }
  return true;
}

bool BooleanValue(std::string_view s, bool& out) {
  if (s.size() > 5) return false;
  char buf[5];
  for (size_t i = 0; i < s.size(); ++i) buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] + 32) : s[i];
  std::string_view lower(buf, s.size());
  if (lower == "true" || lower == "1" || lower == "yes") out = true;
  else if (lower == "false" || lower == "0" || lower == "no") out = false;
  else return false;
  return true;
}

}  // namespace

std::string_view RejectionName(Rejection r) {
  switch (r) {
    case Rejection::kNone: return "none";
    case Rejection::kUnmappedValue: return "unmapped_value";
    case Rejection::kInvalidDate: return "invalid_date";
    case Rejection::kInvalidPhone: return "invalid_phone";
    case Rejection::kTooLong: return "too_long";
    case Rejection::kNotInPicklist: return "not_in_picklist";
    case Rejection::kNotANumber: return "not_a_number";
    case Rejection::kNotAnInteger: return "not_an_integer";
    case Rejection::kNotABoolean: return "not_a_boolean";
    case Rejection::kNotADate: return "not_a_date";
    case Rejection::kNotADateTime: return "not_a_datetime";
    case Rejection::kNotAnEmail: return "not_an_email";
    case Rejection::kRequiredEmpty: return "required_empty";
    case Rejection::kIdentityEmpty: return "identity_empty";
  }
  return "none";
}

TargetField::TargetField(const connectors::FieldMetadata& f) : name_(f.name) {
  switch (f.type) {
    case FieldType::kEmail: kind_ = Kind::kEmail; break;
    case FieldType::kBoolean: kind_ = Kind::kBoolean; break;
    case FieldType::kInteger: kind_ = Kind::kInteger; break;
    case FieldType::kDouble: kind_ = Kind::kDouble; break;
    case FieldType::kDate: kind_ = Kind::kDate; break;
    case FieldType::kDateTime: kind_ = Kind::kDateTime; break;
    case FieldType::kPicklist: kind_ = Kind::kPicklist; break;
    case FieldType::kMultiPicklist: kind_ = Kind::kMultiPicklist; break;
    default: kind_ = Kind::kText; break;
  }
  max_chars_ = f.length > 0 ? static_cast<size_t>(f.length) : 0;
  required_ = f.RequiredOnCreate();
  restricted_ = f.restricted_picklist && !f.picklist_values.empty();
  for (const auto& v : f.picklist_values) {
    picklist_.insert(v);
    if (!picklist_text_.empty()) picklist_text_ += ", ";
    picklist_text_ += v;
  }
}

Rejection TargetField::Check(std::string& value, bool* normalised) const {
  if (max_chars_ > 0 && value.size() > max_chars_ && CountChars(value) > max_chars_) return Rejection::kTooLong;
  switch (kind_) {
    case Kind::kText:
      return Rejection::kNone;
    case Kind::kEmail:
      return IsEmail(value) ? Rejection::kNone : Rejection::kNotAnEmail;
    case Kind::kBoolean: {
      bool b = false;
      if (!BooleanValue(value, b)) return Rejection::kNotABoolean;
      const char* canonical = b ? "true" : "false";
      if (value != canonical) {
        value = canonical;
        if (normalised) *normalised = true;
      }
      return Rejection::kNone;
    }
    case Kind::kInteger:
      return IsInteger(value) ? Rejection::kNone : Rejection::kNotAnInteger;
    case Kind::kDouble:
      return IsNumber(value) ? Rejection::kNone : Rejection::kNotANumber;
    case Kind::kDate:
    case Kind::kDateTime: {
      std::chrono::milliseconds t{};
      bool has_offset = false, date_only = false;
      bool ok = ParseIso8601(value, t, has_offset, date_only);
      if (kind_ == Kind::kDate) return ok && date_only ? Rejection::kNone : Rejection::kNotADate;
      return ok && has_offset ? Rejection::kNone : Rejection::kNotADateTime;
    }
    case Kind::kPicklist:
      return !restricted_ || picklist_.count(value) ? Rejection::kNone : Rejection::kNotInPicklist;
    case Kind::kMultiPicklist: {
      if (!restricted_) return Rejection::kNone;
      size_t start = 0;
      while (start <= value.size()) {
        size_t end = value.find(';', start);
        if (end == std::string::npos) end = value.size();
        if (!picklist_.count(value.substr(start, end - start))) return Rejection::kNotInPicklist;
        start = end + 1;
      }
      return Rejection::kNone;
    }
  }
  return Rejection::kNone;
}

std::string TargetField::Explain(Rejection r, size_t value_chars) const {
  switch (r) {
    case Rejection::kTooLong:
      return std::to_string(value_chars) + " characters; " + name_ + " holds " + std::to_string(max_chars_) +
             " (add a truncate transform to cut it)";
    case Rejection::kNotInPicklist: return "not a value of the " + name_ + " picklist (" + picklist_text_ + ")";
    case Rejection::kNotANumber: return name_ + " takes a number";
    case Rejection::kNotAnInteger: return name_ + " takes a whole number";
    case Rejection::kNotABoolean: return name_ + " takes true or false (also yes/no, 1/0)";
    case Rejection::kNotADate: return name_ + " takes a date, YYYY-MM-DD (a datetime transform can convert)";
    case Rejection::kNotADateTime:
      return name_ + " takes an ISO 8601 date-time with an offset, such as 2024-03-31T14:05:00Z (a datetime "
                     "transform can convert)";
    case Rejection::kNotAnEmail: return "not an e-mail address, which " + name_ + " requires";
    case Rejection::kRequiredEmpty: return "empty, but " + name_ + " is required to create a record";
    case Rejection::kIdentityEmpty: return "empty, but " + name_ + " is an identity field: the record cannot be matched";
    default: return std::string(RejectionName(r));
  }
}

}  // namespace salesync::mapping
