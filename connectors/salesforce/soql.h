// SOQL builder: the only way salesync writes a Salesforce query. Owned by the Salesforce connector.
//
// Nothing is spliced as text. Object and field names must be identifiers (`[A-Za-z_][A-Za-z0-9_]*`, which
// covers custom `Foo__c` and namespaced `ns__Foo__c` names), and every value is a typed Literal that
// prints itself in SOQL's syntax: strings quoted with Salesforce's escapes (so a value holding a quote or
// a backslash can never end the literal and change the query), dateTimes as `YYYY-MM-DDThh:mm:ss.sssZ`
// (UTC, milliseconds kept exactly), ids checked to be ids. Mistakes surface as one kInvalidArgument
// error from Build(), naming the offending identifier or value.
//
//   SoqlQuery q("Lead");
//   q.Select({"Id", "Email"}).Where(Cond::Compare("Email", Op::kEq, Literal::String(email)))
//    .OrderBy("SystemModstamp").OrderBy("Id");
//   Result<std::string> soql = q.Build();
//   std::string path = QueryPath("v60.0", *soql, /*all_rows=*/true);   // ".../queryAll?q=SELECT%20Id..."
//
// Escaping follows the fact sheet (shared/reference/salesforce.md §3.2, simple-salesforce's format.py):
// `\ ' " \n \r \t \b \f` become backslash escapes, other control characters `\uXXXX`; LIKE patterns also
// escape `%` and `_` unless they are meant as wildcards.
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace salesync::connectors::salesforce {

// True for a name SOQL accepts as an object or field name without quoting: `[A-Za-z_][A-Za-z0-9_]*`,
// at most 255 characters.
bool IsSoqlIdentifier(std::string_view name);

// The body of a quoted SOQL string literal (quotes not included) for `value`.
std::string EscapeSoqlString(std::string_view value);

// A typed value for a condition. Construct with the factories; Render() prints it for SOQL.
class Literal {
 public:
  static Literal String(std::string_view value);
  // A LIKE pattern where `value` is matched literally ('%' and '_' in it are escaped); `prefix_wildcard` and
  // `suffix_wildcard` add the unescaped '%' around it ("contains", "starts with").
  static Literal LikeText(std::string_view value, bool prefix_wildcard, bool suffix_wildcard);
  // A record id: 15 or 18 ASCII letters and digits, checked by Render().
  static Literal Id(std::string_view id);
  static Literal DateTime(int64_t unix_ms);
  static Literal Integer(int64_t value);
  static Literal Bool(bool value);
  static Literal Null();

  // The literal as SOQL text, or kInvalidArgument (a malformed id, an out-of-range dateTime).
  Result<std::string> Render() const;

 private:
  enum class Kind { kString, kLike, kId, kDateTime, kInteger, kBool, kNull };
  Kind kind_ = Kind::kNull;
  std::string text_;
  int64_t number_ = 0;
};

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kLike };

// A WHERE expression: comparisons of a field with a literal, IN lists, combined with AND / OR / NOT.
class Cond {
 public:
  static Cond Compare(std::string_view field, Op op, Literal value);
  static Cond In(std::string_view field, std::vector<Literal> values);
  static Cond And(std::vector<Cond> parts);
  static Cond Or(std::vector<Cond> parts);
  static Cond Not(Cond part);

  // The condition as SOQL text (parenthesised where needed), or the first invalid name or value.
  Result<std::string> Render() const;

 private:
  enum class Kind { kCompare, kIn, kAnd, kOr, kNot };
  Kind kind_ = Kind::kCompare;
  std::string field_;
  Op op_ = Op::kEq;
  std::vector<Literal> values_;
  std::vector<Cond> parts_;
};

// SELECT fields | COUNT() FROM object [WHERE cond] [ORDER BY f [ASC|DESC], ...] [LIMIT n].
class SoqlQuery {
 public:
  explicit SoqlQuery(std::string_view object);

  SoqlQuery& Select(const std::vector<std::string>& fields);
  SoqlQuery& Count();
  SoqlQuery& Where(Cond cond);
  SoqlQuery& OrderBy(std::string_view field, bool descending = false);
  SoqlQuery& Limit(int64_t n);

  // The query text, or kInvalidArgument naming the first invalid identifier or value.
  Result<std::string> Build() const;

 private:
  std::string object_;
  std::vector<std::string> fields_;
  bool count_ = false;
  std::vector<Cond> where_;
  std::vector<std::pair<std::string, bool>> order_;
  int64_t limit_ = -1;
};

// "/services/data/v60.0/query?q=<percent-encoded soql>" (queryAll when `all_rows`: deleted rows too).
std::string QueryPath(std::string_view api_version, std::string_view soql, bool all_rows);

}  // namespace salesync::connectors::salesforce
