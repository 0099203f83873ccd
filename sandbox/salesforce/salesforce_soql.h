// The SOQL subset the emulated org understands, parsed and bound to the schema.
//
//   SELECT field, field... | SELECT COUNT()
//   FROM Lead | Contact | Account | Task | User
//   [WHERE cond]    cond: field op literal | field [NOT] IN (literal, ...) | field LIKE 'pat'
//                         | NOT cond | cond AND cond | cond OR cond | (cond)     op: = != <> < <= > >=
//   [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n] [OFFSET n]
//
// Literals: 'strings' with the escapes \n \r \t \b \f (either case) \" \' \\ \uXXXX (and \_ \% only in
// LIKE), numbers, true/false/null, dateTimes 2005-10-08T01:02:03Z / ±hh:mm with optional fractional
// seconds, and dates 2005-10-08. Keywords and names are case-insensitive; names are checked against the
// schema and printed in their canonical spelling. Errors carry Salesforce's codes: MALFORMED_QUERY for
// syntax, INVALID_TYPE for unknown objects, INVALID_FIELD for unknown fields and literal-type mismatches,
// INVALID_QUERY_FILTER_OPERATOR for ids that are not ids.
// Thread-safety: pure functions over immutable values.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sandbox/salesforce/salesforce_schema.h"
#include "sandbox/salesforce/salesforce_values.h"

namespace salesync::sandbox::salesforce {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// One unit of a LIKE pattern: a literal byte, '%' (any run) or '_' (one character).
struct LikeUnit {
  char c = 0;
  enum class Kind { kByte, kAny, kOne } kind = Kind::kByte;
};

struct Condition {
  enum class Kind { kAnd, kOr, kNot, kCompare, kIn, kLike } kind = Kind::kCompare;
  std::vector<Condition> children;  // kAnd, kOr (two or more), kNot (one)
  int field = -1;
  CompareOp op = CompareOp::kEq;
  Value value;                      // kCompare
  std::vector<Value> values;        // kIn
  bool negated = false;             // NOT IN
  std::vector<LikeUnit> pattern;    // kLike
  bool id_compare = false;          // an id or reference field: compared on 15 case-sensitive characters
};

struct OrderItem {
  int field = -1;
  bool descending = false;
  bool nulls_last = false;
  bool id_compare = false;
};

struct SoqlQuery {
  const ObjectSpec* object = nullptr;
  std::vector<int> fields;  // SELECT list, in order
  bool count_only = false;  // SELECT COUNT()
  std::optional<Condition> where;
  std::vector<OrderItem> order;
  std::optional<int64_t> limit;
  int64_t offset = 0;
};

struct SoqlError {
  std::string code;  // "MALFORMED_QUERY", "INVALID_FIELD", "INVALID_TYPE"...
  std::string message;
};

std::variant<SoqlQuery, SoqlError> ParseSoql(std::string_view text);

// Decodes the body of a quoted SOQL string (without the quotes): index 0 holds the text, index 1 the
// error message on a bad escape (\_ and \% are bad here: they are only valid in LIKE patterns).
std::variant<std::string, std::string> DecodeSoqlString(std::string_view body);

// Whether a row satisfies the condition; `get(field)` returns the row's value of a field.
bool Evaluate(const Condition& c, const std::function<Value(int)>& get);
bool LikeMatches(const std::vector<LikeUnit>& pattern, std::string_view text);

// Compares two rows by the ORDER BY list (then by Id, so the order is total).
int CompareForOrder(const std::vector<OrderItem>& order, const std::function<Value(int)>& a,
                    const std::function<Value(int)>& b);

// The SystemModstamp range [lower, upper] (epoch ms, inclusive) outside which no row can satisfy `c`,
// from comparisons on SystemModstamp, LastModifiedDate and CreatedDate (the store keeps
// CreatedDate <= LastModifiedDate <= SystemModstamp).
struct StampRange {
  int64_t lower = std::numeric_limits<int64_t>::min();
  int64_t upper = std::numeric_limits<int64_t>::max();
};
StampRange StampRangeOf(const Condition& c, const ObjectSpec& object);

}  // namespace salesync::sandbox::salesforce
