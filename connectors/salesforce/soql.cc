#include "connectors/salesforce/soql.h"

#include <cstdio>

#include "connectors/salesforce/salesforce_time.h"
#include "net/http_message.h"

namespace salesync::connectors::salesforce {

namespace {

constexpr size_t kMaxIdentifier = 255;

Error BadIdentifier(std::string_view what, std::string_view name) {
  std::string shown(name.substr(0, 80));
  return MakeError(ErrorCode::kInvalidArgument,
                   "\"" + shown + "\" is not a valid Salesforce " + std::string(what) +
                       " name (letters, digits and underscores, not starting with a digit).");
}

bool IsIdChar(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Escapes for a quoted literal; in LIKE patterns '%' and '_' are escaped too so they match themselves.
void AppendEscaped(std::string& out, std::string_view value, bool like) {
  for (char ch : value) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '%': out += like ? "\\%" : "%"; break;
      case '_': out += like ? "\\_" : "_"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += ch;  // UTF-8 bytes pass through unchanged
        }
    }
  }
}

const char* OpText(Op op) {
  switch (op) {
    case Op::kEq: return " = ";
    case Op::kNe: return " != ";
    case Op::kLt: return " < ";
    case Op::kLe: return " <= ";
    case Op::kGt: return " > ";
    case Op::kGe: return " >= ";
    case Op::kLike: return " LIKE ";
  }
  return " = ";
}

}  // namespace

bool IsSoqlIdentifier(std::string_view name) {
  if (name.empty() || name.size() > kMaxIdentifier) return false;
  char first = name.front();
  if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_')) return false;
  for (char c : name) {
    if (!IsIdChar(c) && c != '_') return false;
  }
  return true;
}

std::string EscapeSoqlString(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 8);
  AppendEscaped(out, value, false);
  return out;
}

Literal Literal::String(std::string_view value) {
  Literal l;
  l.kind_ = Kind::kString;
  l.text_ = value;
  return l;
}

Literal Literal::LikeText(std::string_view value, bool prefix_wildcard, bool suffix_wildcard) {
  Literal l;
  l.kind_ = Kind::kLike;
  l.text_ = value;
  l.number_ = (prefix_wildcard ? 1 : 0) | (suffix_wildcard ? 2 : 0);
  return l;
}

Literal Literal::Id(std::string_view id) {
  Literal l;
  l.kind_ = Kind::kId;
  l.text_ = id;
  return l;
}

Literal Literal::DateTime(int64_t unix_ms) {
  Literal l;
  l.kind_ = Kind::kDateTime;
  l.number_ = unix_ms;
  return l;
}

Literal Literal::Integer(int64_t value) {
  Literal l;
  l.kind_ = Kind::kInteger;
  l.number_ = value;
  return l;
}

Literal Literal::Bool(bool value) {
  Literal l;
  l.kind_ = Kind::kBool;
  l.number_ = value ? 1 : 0;
  return l;
}

Literal Literal::Null() { return Literal(); }

Result<std::string> Literal::Render() const {
  switch (kind_) {
    case Kind::kString: {
      std::string out = "'";
      AppendEscaped(out, text_, false);
      return out + "'";
    }
    case Kind::kLike: {
      std::string out = "'";
      if (number_ & 1) out += '%';
      AppendEscaped(out, text_, true);
      if (number_ & 2) out += '%';
      return out + "'";
    }
    case Kind::kId: {
      bool ok = (text_.size() == 15 || text_.size() == 18);
      for (char c : text_) ok = ok && IsIdChar(c);
      if (!ok) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "\"" + text_.substr(0, 40) + "\" is not a Salesforce id (15 or 18 letters and digits).");
      }
      return "'" + text_ + "'";
    }
    case Kind::kDateTime: return FormatSoqlDateTime(number_);
    case Kind::kInteger: return std::to_string(number_);
    case Kind::kBool: return std::string(number_ ? "true" : "false");
    case Kind::kNull: return std::string("null");
  }
  return std::string("null");
}

Cond Cond::Compare(std::string_view field, Op op, Literal value) {
  Cond c;
  c.kind_ = Kind::kCompare;
  c.field_ = field;
  c.op_ = op;
  c.values_.push_back(std::move(value));
  return c;
}

Cond Cond::In(std::string_view field, std::vector<Literal> values) {
  Cond c;
  c.kind_ = Kind::kIn;
  c.field_ = field;
  c.values_ = std::move(values);
  return c;
}

Cond Cond::And(std::vector<Cond> parts) {
  Cond c;
  c.kind_ = Kind::kAnd;
  c.parts_ = std::move(parts);
  return c;
}

Cond Cond::Or(std::vector<Cond> parts) {
  Cond c;
  c.kind_ = Kind::kOr;
  c.parts_ = std::move(parts);
  return c;
}

Cond Cond::Not(Cond part) {
  Cond c;
  c.kind_ = Kind::kNot;
  c.parts_.push_back(std::move(part));
  return c;
}

Result<std::string> Cond::Render() const {
  switch (kind_) {
    case Kind::kCompare: {
      if (!IsSoqlIdentifier(field_)) return BadIdentifier("field", field_);
      auto v = values_.front().Render();
      if (!v.ok()) return v.error();
      return field_ + OpText(op_) + *v;
    }
    case Kind::kIn: {
      if (!IsSoqlIdentifier(field_)) return BadIdentifier("field", field_);
      if (values_.empty()) return MakeError(ErrorCode::kInvalidArgument, "An IN list on " + field_ + " needs a value.");
      std::string out = field_ + " IN (";
      for (size_t i = 0; i < values_.size(); ++i) {
        auto v = values_[i].Render();
        if (!v.ok()) return v.error();
        out += (i ? ", " : "") + *v;
      }
      return out + ")";
    }
    case Kind::kAnd:
    case Kind::kOr: {
      if (parts_.empty()) return MakeError(ErrorCode::kInvalidArgument, "An AND/OR condition needs a part.");
      std::string out;
      for (size_t i = 0; i < parts_.size(); ++i) {
        auto p = parts_[i].Render();
        if (!p.ok()) return p.error();
        bool group = parts_[i].kind_ == Kind::kAnd || parts_[i].kind_ == Kind::kOr;
        if (i) out += kind_ == Kind::kAnd ? " AND " : " OR ";
        out += group && parts_[i].parts_.size() > 1 ? "(" + *p + ")" : *p;
      }
      return out;
    }
    case Kind::kNot: {
      auto p = parts_.front().Render();
      if (!p.ok()) return p.error();
      return "NOT (" + *p + ")";
    }
  }
  return MakeError(ErrorCode::kInternal, "Unknown condition kind.");
}

SoqlQuery::SoqlQuery(std::string_view object) : object_(object) {}

SoqlQuery& SoqlQuery::Select(const std::vector<std::string>& fields) {
  fields_.insert(fields_.end(), fields.begin(), fields.end());
  return *this;
}

SoqlQuery& SoqlQuery::Count() {
  count_ = true;
  return *this;
}

SoqlQuery& SoqlQuery::Where(Cond cond) {
  where_.push_back(std::move(cond));
  return *this;
}

SoqlQuery& SoqlQuery::OrderBy(std::string_view field, bool descending) {
  order_.emplace_back(std::string(field), descending);
  return *this;
}

SoqlQuery& SoqlQuery::Limit(int64_t n) {
  limit_ = n;
  return *this;
}

Result<std::string> SoqlQuery::Build() const {
  if (!IsSoqlIdentifier(object_)) return BadIdentifier("object", object_);
  std::string out = "SELECT ";
  if (count_) {
    if (!fields_.empty()) return MakeError(ErrorCode::kInvalidArgument, "COUNT() cannot be combined with fields.");
    out += "COUNT()";
  } else {
    if (fields_.empty()) return MakeError(ErrorCode::kInvalidArgument, "A query on " + object_ + " selects no field.");
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (!IsSoqlIdentifier(fields_[i])) return BadIdentifier("field", fields_[i]);
      out += (i ? ", " : "") + fields_[i];
    }
  }
  out += " FROM " + object_;
  if (!where_.empty()) {
    auto cond = where_.size() == 1 ? where_.front().Render() : Cond::And(where_).Render();
    if (!cond.ok()) return cond.error();
    out += " WHERE " + *cond;
  }
  for (size_t i = 0; i < order_.size(); ++i) {
    if (!IsSoqlIdentifier(order_[i].first)) return BadIdentifier("field", order_[i].first);
    out += (i ? ", " : " ORDER BY ") + order_[i].first + (order_[i].second ? " DESC" : "");
  }
  if (limit_ >= 0) out += " LIMIT " + std::to_string(limit_);
  return out;
}

std::string QueryPath(std::string_view api_version, std::string_view soql, bool all_rows) {
  return "/services/data/" + std::string(api_version) + (all_rows ? "/queryAll?q=" : "/query?q=") +
         net::PercentEncode(soql);
}

}  // namespace salesync::connectors::salesforce
