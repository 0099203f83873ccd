#include "sandbox/salesforce/salesforce_soql.h"

#include <algorithm>

#include "base/strings.h"

namespace salesync::sandbox::salesforce {

namespace {

struct Token {
  enum class Kind { kIdent, kString, kNumber, kTemporal, kOp, kLParen, kRParen, kComma, kEnd } kind = Kind::kEnd;
  std::string text;  // identifiers and ops as written; string bodies raw (escapes undecoded)
  size_t pos = 0;
};

bool IsIdentStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c) || c == '.'; }

bool KeywordIs(const Token& t, std::string_view kw) {
  return t.kind == Token::Kind::kIdent && ToLowerAscii(t.text) == ToLowerAscii(kw);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::variant<SoqlQuery, SoqlError> Run() {
    if (auto e = Lex()) return *e;
    SoqlQuery q;
    if (!KeywordIs(Peek(), "SELECT")) return Unexpected(Peek());
    Next();
    // The SELECT list is resolved once FROM names the object.
    std::vector<Token> names;
    if (KeywordIs(Peek(), "COUNT") && Peek(1).kind == Token::Kind::kLParen && Peek(2).kind == Token::Kind::kRParen) {
      q.count_only = true;
      Next(); Next(); Next();
    } else {
      while (true) {
        if (Peek().kind != Token::Kind::kIdent || IsReserved(Peek())) return Unexpected(Peek());
        names.push_back(Next());
        if (Peek().kind != Token::Kind::kComma) break;
        Next();
      }
    }
    if (!KeywordIs(Peek(), "FROM")) return Unexpected(Peek());
    Next();
    Token object = Peek();
    if (object.kind != Token::Kind::kIdent || IsReserved(object)) return Unexpected(object);
    Next();
    q.object = Schema().Find(object.text);
    if (q.object == nullptr || object.text.find('.') != std::string::npos) {
      return SoqlError{"INVALID_TYPE", Located(object.pos, "sObject type '" + object.text +
                                                               "' is not supported. If you are attempting to use a "
                                                               "custom object, be sure to append the '__c' after the "
                                                               "entity name. Please reference your WSDL or the "
                                                               "describe call for the appropriate names.")};
    }
    object_ = q.object;
    for (const Token& n : names) {
      auto f = ResolveField(n);
      if (auto* e = std::get_if<SoqlError>(&f)) return *e;
      int field = std::get<int>(f);
      if (std::find(q.fields.begin(), q.fields.end(), field) != q.fields.end()) {
        return SoqlError{"MALFORMED_QUERY", Located(n.pos, "duplicate field selected: " + object_->field(field).name)};
      }
      q.fields.push_back(field);
    }
    if (KeywordIs(Peek(), "WHERE")) {
      Next();
      auto c = ParseExpression();
      if (auto* e = std::get_if<SoqlError>(&c)) return *e;
      q.where = std::move(std::get<Condition>(c));
    }
    if (KeywordIs(Peek(), "ORDER")) {
      Next();
      if (!KeywordIs(Peek(), "BY")) return Unexpected(Peek());
      Next();
      while (true) {
        Token n = Peek();
        if (n.kind != Token::Kind::kIdent || IsReserved(n)) return Unexpected(n);
        Next();
        auto f = ResolveField(n);
        if (auto* e = std::get_if<SoqlError>(&f)) return *e;
        OrderItem item;
        item.field = std::get<int>(f);
        item.id_compare = object_->field(item.field).type == FieldType::kId ||
                          object_->field(item.field).type == FieldType::kReference;
        if (object_->field(item.field).type == FieldType::kTextArea) {
          return SoqlError{"INVALID_FIELD", Located(n.pos, "field '" + object_->field(item.field).name +
                                                               "' can not be sorted in a query call")};
        }
        if (KeywordIs(Peek(), "ASC")) Next();
        else if (KeywordIs(Peek(), "DESC")) { Next(); item.descending = true; }
        if (KeywordIs(Peek(), "NULLS")) {
          Next();
          if (KeywordIs(Peek(), "FIRST")) item.nulls_last = false;
          else if (KeywordIs(Peek(), "LAST")) item.nulls_last = true;
          else return Unexpected(Peek());
          Next();
        }
        q.order.push_back(item);
        if (Peek().kind != Token::Kind::kComma) break;
        Next();
      }
    }
    if (KeywordIs(Peek(), "LIMIT")) {
      Next();
      auto n = Integer();
      if (auto* e = std::get_if<SoqlError>(&n)) return *e;
      q.limit = std::get<int64_t>(n);
    }
    if (KeywordIs(Peek(), "OFFSET")) {
      Next();
      Token at = Peek();
      auto n = Integer();
      if (auto* e = std::get_if<SoqlError>(&n)) return *e;
      q.offset = std::get<int64_t>(n);
      if (q.offset > 2000) {
        return SoqlError{"NUMBER_OUTSIDE_VALID_RANGE", Located(at.pos, "Maximum SOQL offset allowed is 2000")};
      }
    }
    if (Peek().kind != Token::Kind::kEnd) return Unexpected(Peek());
    return q;
  }

 private:
  // Salesforce's way of pointing at a spot: the query, a caret, "ERROR at Row:R:Column:C", the reason.
  std::string Located(size_t pos, const std::string& reason) const {
    size_t line_start = text_.rfind('\n', pos == 0 ? 0 : pos - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    if (pos < line_start) line_start = 0;
    size_t row = 1 + static_cast<size_t>(std::count(text_.begin(), text_.begin() + static_cast<long>(pos), '\n'));
    size_t line_end = text_.find('\n', pos);
    std::string_view line = text_.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos : line_end - line_start);
    size_t col = pos - line_start + 1;
    return "\n" + std::string(line) + "\n" + std::string(col - 1, ' ') + "^\nERROR at Row:" + std::to_string(row) +
           ":Column:" + std::to_string(col) + "\n" + reason;
  }

  SoqlError Unexpected(const Token& t) const {
    std::string shown = t.kind == Token::Kind::kEnd ? "<EOF>" : (t.kind == Token::Kind::kString ? "'" + t.text + "'" : t.text);
    return SoqlError{"MALFORMED_QUERY", Located(t.pos, "unexpected token: " + shown)};
  }

  static bool IsReserved(const Token& t) {
    static const char* kReserved[] = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "ORDER", "BY", "LIMIT",
                                      "OFFSET", "IN", "LIKE", "NULL", "TRUE", "FALSE", "ASC", "DESC", "NULLS",
                                      "GROUP", "HAVING", "WITH", "FOR", "USING", "INCLUDES", "EXCLUDES"};
    for (const char* k : kReserved) {
      if (KeywordIs(t, k)) return true;
    }
    return false;
  }

  std::optional<SoqlError> Lex() {
    size_t i = 0;
    while (true) {
      while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
      Token t;
      t.pos = i;
      if (i >= text_.size()) {
        tokens_.push_back(t);
        return std::nullopt;
      }
      char c = text_[i];
      if (c == '\'') {
        size_t j = i + 1;
        while (j < text_.size() && text_[j] != '\'') j += text_[j] == '\\' ? 2 : 1;
        if (j >= text_.size()) {
          return SoqlError{"MALFORMED_QUERY", Located(i, "unterminated string literal")};
        }
        t.kind = Token::Kind::kString;
        t.text = std::string(text_.substr(i + 1, j - i - 1));
        i = j + 1;
      } else if (IsDigit(c) && i + 4 < text_.size() && IsDigit(text_[i + 1]) && IsDigit(text_[i + 2]) &&
                 IsDigit(text_[i + 3]) && text_[i + 4] == '-') {
        size_t j = i;
        while (j < text_.size() && (IsIdentChar(text_[j]) || text_[j] == ':' || text_[j] == '+' || text_[j] == '-')) ++j;
        t.kind = Token::Kind::kTemporal;
        t.text = std::string(text_.substr(i, j - i));
        i = j;
      } else if (IsDigit(c) || ((c == '-' || c == '+') && i + 1 < text_.size() && IsDigit(text_[i + 1]))) {
        size_t j = i + 1;
        while (j < text_.size() && (IsDigit(text_[j]) || text_[j] == '.')) ++j;
        t.kind = Token::Kind::kNumber;
        t.text = std::string(text_.substr(i, j - i));
        i = j;
      } else if (IsIdentStart(c)) {
        size_t j = i;
        while (j < text_.size() && IsIdentChar(text_[j])) ++j;
        t.kind = Token::Kind::kIdent;
        t.text = std::string(text_.substr(i, j - i));
        i = j;
      } else if (c == '(' || c == ')' || c == ',') {
        t.kind = c == '(' ? Token::Kind::kLParen : (c == ')' ? Token::Kind::kRParen : Token::Kind::kComma);
        t.text = std::string(1, c);
        ++i;
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        std::string op(1, c);
        if (i + 1 < text_.size() && (text_[i + 1] == '=' || (c == '<' && text_[i + 1] == '>'))) op += text_[i + 1];
        if (op == "!") return SoqlError{"MALFORMED_QUERY", Located(i, "unexpected token: !")};
        t.kind = Token::Kind::kOp;
        t.text = op;
        i += op.size();
      } else {
        return SoqlError{"MALFORMED_QUERY", Located(i, "unexpected token: " + std::string(1, c))};
      }
      tokens_.push_back(std::move(t));
    }
  }

  const Token& Peek(size_t ahead = 0) const { return tokens_[std::min(next_ + ahead, tokens_.size() - 1)]; }
  Token Next() {
    Token t = Peek();
    if (next_ < tokens_.size() - 1) ++next_;
    return t;
  }

  std::variant<int, SoqlError> ResolveField(const Token& n) const {
    if (n.text.find('.') != std::string::npos) {
      std::string rel = n.text.substr(0, n.text.find('.'));
      return SoqlError{"INVALID_FIELD",
                       Located(n.pos, "Didn't understand relationship '" + rel +
                                          "' in field path. If you are attempting to use a custom relationship, be "
                                          "sure to append the '__r' after the custom relationship name. Please "
                                          "reference your WSDL or the describe call for the appropriate names.")};
    }
    int f = object_->FieldIndex(n.text);
    if (f < 0) {
      return SoqlError{"INVALID_FIELD",
                       Located(n.pos, "No such column '" + n.text + "' on entity '" + object_->name +
                                          "'. If you are attempting to use a custom field, be sure to append the "
                                          "'__c' after the custom field name. Please reference your WSDL or the "
                                          "describe call for the appropriate names.")};
    }
    return f;
  }

  std::variant<int64_t, SoqlError> Integer() {
    Token t = Peek();
    if (t.kind != Token::Kind::kNumber || t.text.find('.') != std::string::npos || t.text[0] == '-' || t.text[0] == '+') {
      return Unexpected(t);
    }
    Next();
    return static_cast<int64_t>(std::stoll(t.text));
  }

  // expression := term (AND term)* | term (OR term)*  — SOQL refuses AND and OR mixed without parentheses.
  std::variant<Condition, SoqlError> ParseExpression() {
    auto first = ParseTerm();
    if (std::holds_alternative<SoqlError>(first)) return first;
    if (!KeywordIs(Peek(), "AND") && !KeywordIs(Peek(), "OR")) return first;
    Condition group;
    bool is_and = KeywordIs(Peek(), "AND");
    group.kind = is_and ? Condition::Kind::kAnd : Condition::Kind::kOr;
    group.children.push_back(std::move(std::get<Condition>(first)));
    while (KeywordIs(Peek(), is_and ? "AND" : "OR")) {
      Next();
      auto next = ParseTerm();
      if (std::holds_alternative<SoqlError>(next)) return next;
      group.children.push_back(std::move(std::get<Condition>(next)));
    }
    if (KeywordIs(Peek(), is_and ? "OR" : "AND")) return Unexpected(Peek());
    return group;
  }

  std::variant<Condition, SoqlError> ParseTerm() {
    if (KeywordIs(Peek(), "NOT")) {
      Next();
      auto inner = ParseTerm();
      if (std::holds_alternative<SoqlError>(inner)) return inner;
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children.push_back(std::move(std::get<Condition>(inner)));
      return c;
    }
    if (Peek().kind == Token::Kind::kLParen) {
      Next();
      auto inner = ParseExpression();
      if (std::holds_alternative<SoqlError>(inner)) return inner;
      if (Peek().kind != Token::Kind::kRParen) return Unexpected(Peek());
      Next();
      return inner;
    }
    Token name = Peek();
    if (name.kind != Token::Kind::kIdent || IsReserved(name)) return Unexpected(name);
    Next();
    auto f = ResolveField(name);
    if (auto* e = std::get_if<SoqlError>(&f)) return *e;
    Condition c;
    c.field = std::get<int>(f);
    const FieldSpec& spec = object_->field(c.field);
    c.id_compare = spec.type == FieldType::kId || spec.type == FieldType::kReference;
    if (!spec.filterable()) {
      return SoqlError{"INVALID_FIELD", Located(name.pos, "field '" + spec.name + "' can not be filtered in a query call")};
    }
    if (KeywordIs(Peek(), "LIKE")) {
      Next();
      Token lit = Peek();
      if (lit.kind != Token::Kind::kString) return Unexpected(lit);
      Next();
      if (!spec.is_text() && spec.type != FieldType::kId && spec.type != FieldType::kReference) {
        return SoqlError{"INVALID_FIELD", Located(name.pos, "invalid operator on " + FieldTypeName(spec.type) + " field")};
      }
      auto pattern = DecodeLike(lit);
      if (auto* e = std::get_if<SoqlError>(&pattern)) return *e;
      c.kind = Condition::Kind::kLike;
      c.pattern = std::move(std::get<std::vector<LikeUnit>>(pattern));
      return c;
    }
    if (KeywordIs(Peek(), "IN") || (KeywordIs(Peek(), "NOT") && KeywordIs(Peek(1), "IN"))) {
      c.kind = Condition::Kind::kIn;
      if (KeywordIs(Peek(), "NOT")) {
        c.negated = true;
        Next();
      }
      Next();
      if (Peek().kind != Token::Kind::kLParen) return Unexpected(Peek());
      Next();
      while (true) {
        auto v = Literal(spec, name.pos);
        if (auto* e = std::get_if<SoqlError>(&v)) return *e;
        c.values.push_back(std::move(std::get<Value>(v)));
        if (Peek().kind == Token::Kind::kComma) {
          Next();
          continue;
        }
        if (Peek().kind != Token::Kind::kRParen) return Unexpected(Peek());
        Next();
        break;
      }
      return c;
    }
    Token op = Peek();
    if (op.kind != Token::Kind::kOp) return Unexpected(op);
    Next();
    c.kind = Condition::Kind::kCompare;
    if (op.text == "=") c.op = CompareOp::kEq;
    else if (op.text == "!=" || op.text == "<>") c.op = CompareOp::kNe;
    else if (op.text == "<") c.op = CompareOp::kLt;
    else if (op.text == "<=") c.op = CompareOp::kLe;
    else if (op.text == ">") c.op = CompareOp::kGt;
    else c.op = CompareOp::kGe;
    auto v = Literal(spec, name.pos);
    if (auto* e = std::get_if<SoqlError>(&v)) return *e;
    c.value = std::move(std::get<Value>(v));
    if (c.value.is_null() && c.op != CompareOp::kEq && c.op != CompareOp::kNe) {
      return SoqlError{"MALFORMED_QUERY", Located(op.pos, "invalid operator for null: " + op.text)};
    }
    return c;
  }

  SoqlError TypeMismatch(size_t pos, const FieldSpec& f, const std::string& type, bool quoted) const {
    return SoqlError{"INVALID_FIELD", Located(pos, "value of filter criterion for field '" + f.name +
                                                       "' must be of type " + type + " and should " +
                                                       (quoted ? "" : "not ") + "be enclosed in quotes")};
  }

  // A literal for a comparison with field `f`, type-checked.
  std::variant<Value, SoqlError> Literal(const FieldSpec& f, size_t field_pos) {
    Token t = Peek();
    Next();
    if (KeywordIs(t, "NULL")) return Value::Null();
    bool text = f.is_text() || f.type == FieldType::kId || f.type == FieldType::kReference;
    switch (f.type) {
      case FieldType::kBoolean:
        if (KeywordIs(t, "TRUE") || KeywordIs(t, "FALSE")) return Value::Bool(KeywordIs(t, "TRUE"));
        if (t.kind == Token::Kind::kString || t.kind == Token::Kind::kNumber || t.kind == Token::Kind::kTemporal) {
          return TypeMismatch(field_pos, f, "boolean", false);
        }
        return Unexpected(t);
      case FieldType::kInt:
      case FieldType::kDouble:
        if (t.kind == Token::Kind::kNumber) {
          char* end = nullptr;
          double d = std::strtod(t.text.c_str(), &end);
          if (*end != '\0') return Unexpected(t);
          return Value::Number(d);
        }
        if (t.kind == Token::Kind::kString || t.kind == Token::Kind::kTemporal) return TypeMismatch(field_pos, f, "number", false);
        return Unexpected(t);
      case FieldType::kDateTime:
        if (t.kind == Token::Kind::kTemporal) {
          if (auto ms = ParseDateTime(t.text, false)) return Value::DateTime(*ms);
          if (ParseDate(t.text)) return TypeMismatch(field_pos, f, "dateTime", false);
          return SoqlError{"MALFORMED_QUERY", Located(t.pos, "line 1:" + std::to_string(t.pos) +
                                                                 " no viable alternative at character '" + t.text + "'")};
        }
        if (t.kind == Token::Kind::kString || t.kind == Token::Kind::kNumber) return TypeMismatch(field_pos, f, "dateTime", false);
        return Unexpected(t);
      case FieldType::kDate:
        if (t.kind == Token::Kind::kTemporal) {
          if (auto d = ParseDate(t.text)) return Value::Date(*d);
          return TypeMismatch(field_pos, f, "date", false);
        }
        if (t.kind == Token::Kind::kString || t.kind == Token::Kind::kNumber) return TypeMismatch(field_pos, f, "date", false);
        return Unexpected(t);
      default:
        break;
    }
    if (!text) return Unexpected(t);
    if (t.kind != Token::Kind::kString) {
      if (t.kind == Token::Kind::kNumber || t.kind == Token::Kind::kTemporal || KeywordIs(t, "TRUE") || KeywordIs(t, "FALSE")) {
        return TypeMismatch(field_pos, f, "string", true);
      }
      return Unexpected(t);
    }
    auto decoded = DecodeSoqlString(t.text);
    if (auto* err = std::get_if<1>(&decoded)) return SoqlError{"MALFORMED_QUERY", Located(t.pos, *err)};
    std::string s = std::move(std::get<0>(decoded));
    if (f.type == FieldType::kId || f.type == FieldType::kReference) {
      bool ok = (s.size() == 15 || s.size() == 18) &&
                std::all_of(s.begin(), s.end(), [](char ch) { return IsDigit(ch) || (IsIdentStart(ch) && ch != '_'); });
      if (!ok) return SoqlError{"INVALID_QUERY_FILTER_OPERATOR", Located(t.pos, "invalid ID field: " + s)};
    }
    return Value::Text(std::move(s));
  }

  std::variant<std::vector<LikeUnit>, SoqlError> DecodeLike(const Token& t) const {
    std::vector<LikeUnit> out;
    std::string_view body = t.text;
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '%') { out.push_back({0, LikeUnit::Kind::kAny}); continue; }
      if (body[i] == '_') { out.push_back({0, LikeUnit::Kind::kOne}); continue; }
      if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == '%' || body[i + 1] == '_')) {
        out.push_back({body[i + 1], LikeUnit::Kind::kByte});
        ++i;
        continue;
      }
      // Any other escape decodes as in a plain string.
      size_t j = i;
      if (body[i] == '\\') j = i + (i + 1 < body.size() && (body[i + 1] == 'u' || body[i + 1] == 'U') ? 5 : 1);
      auto piece = DecodeSoqlString(body.substr(i, j - i + 1));
      if (auto* err = std::get_if<1>(&piece)) return SoqlError{"MALFORMED_QUERY", Located(t.pos, *err)};
      for (char ch : std::get<0>(piece)) out.push_back({ch, LikeUnit::Kind::kByte});
      i = j;
    }
    return out;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  const ObjectSpec* object_ = nullptr;
};

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the UTF-8 sequence starting with byte c (1 for stray continuation bytes).
size_t Utf8Length(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

char LowerByte(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool LikeAt(const std::vector<LikeUnit>& p, size_t pi, std::string_view s, size_t si) {
  while (pi < p.size()) {
    const LikeUnit& u = p[pi];
    if (u.kind == LikeUnit::Kind::kAny) {
      for (size_t k = si; k <= s.size(); ++k) {
        if (LikeAt(p, pi + 1, s, k)) return true;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (u.kind == LikeUnit::Kind::kOne) {
      si += std::min(Utf8Length(static_cast<unsigned char>(s[si])), s.size() - si);
    } else {
      if (LowerByte(u.c) != LowerByte(s[si])) return false;
      ++si;
    }
    ++pi;
  }
  return si == s.size();
}

// Ids compare on their first 15 characters, case-sensitively (18-character ids only add a checksum);
// other values as CompareValues does.
int CompareAs(bool id_compare, const Value& a, const Value& b) {
  if (id_compare && a.kind == Value::Kind::kText && b.kind == Value::Kind::kText) {
    int c = std::string_view(a.text).substr(0, 15).compare(std::string_view(b.text).substr(0, 15));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return CompareValues(a, b);
}

}  // namespace

std::variant<std::string, std::string> DecodeSoqlString(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= body.size()) return std::variant<std::string, std::string>(std::in_place_index<1>, "Invalid string literal: a backslash ends the string");
    char e = body[++i];
    switch (e) {
      case 'n': case 'N': out += '\n'; break;
      case 'r': case 'R': out += '\r'; break;
      case 't': case 'T': out += '\t'; break;
      case 'b': case 'B': out += '\b'; break;
      case 'f': case 'F': out += '\f'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      case 'u': case 'U': {
        uint32_t cp = 0;
        for (size_t k = 1; k <= 4; ++k) {
          if (i + k >= body.size()) {
            return std::variant<std::string, std::string>(std::in_place_index<1>, "Invalid string literal: \\u needs four hex digits");
          }
          char h = body[i + k];
          int d = IsDigit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
          if (d < 0) {
            return std::variant<std::string, std::string>(std::in_place_index<1>, "Invalid string literal: \\u needs four hex digits");
          }
          cp = cp * 16 + static_cast<uint32_t>(d);
        }
        AppendUtf8(out, cp);
        i += 4;
        break;
      }
      default:
        return std::variant<std::string, std::string>(
            std::in_place_index<1>, std::string("Invalid string literal '") + std::string(body) +
                                        "'. Illegal character sequence \\" + e + " in string literal.");
    }
  }
  return std::variant<std::string, std::string>(std::in_place_index<0>, std::move(out));
}

std::variant<SoqlQuery, SoqlError> ParseSoql(std::string_view text) { return Parser(text).Run(); }

bool LikeMatches(const std::vector<LikeUnit>& pattern, std::string_view text) { return LikeAt(pattern, 0, text, 0); }

bool Evaluate(const Condition& c, const std::function<Value(int)>& get) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const auto& child : c.children) {
        if (!Evaluate(child, get)) return false;
      }
      return true;
    case Condition::Kind::kOr:
      for (const auto& child : c.children) {
        if (Evaluate(child, get)) return true;
      }
      return false;
    case Condition::Kind::kNot:
      return !Evaluate(c.children[0], get);
    case Condition::Kind::kLike: {
      Value v = get(c.field);
      return !v.is_null() && LikeMatches(c.pattern, v.text);
    }
    case Condition::Kind::kIn: {
      Value v = get(c.field);
      bool found = false;
      for (const auto& candidate : c.values) {
        if (v.is_null() ? candidate.is_null() : (!candidate.is_null() && CompareAs(c.id_compare, v, candidate) == 0)) {
          found = true;
        }
      }
      return c.negated ? !found : found;
    }
    case Condition::Kind::kCompare: {
      Value v = get(c.field);
      if (c.value.is_null()) return c.op == CompareOp::kEq ? v.is_null() : !v.is_null();
      if (v.is_null()) return c.op == CompareOp::kNe;
      int cmp = CompareAs(c.id_compare, v, c.value);
      switch (c.op) {
        case CompareOp::kEq: return cmp == 0;
        case CompareOp::kNe: return cmp != 0;
        case CompareOp::kLt: return cmp < 0;
        case CompareOp::kLe: return cmp <= 0;
        case CompareOp::kGt: return cmp > 0;
        case CompareOp::kGe: return cmp >= 0;
      }
    }
  }
  return false;
}

int CompareForOrder(const std::vector<OrderItem>& order, const std::function<Value(int)>& a,
                    const std::function<Value(int)>& b) {
  for (const auto& item : order) {
    Value x = a(item.field), y = b(item.field);
    if (x.is_null() != y.is_null()) {
      // NULLS FIRST by default, whatever the direction.
      bool x_first = x.is_null() != item.nulls_last;
      return x_first ? -1 : 1;
    }
    int c = CompareAs(item.id_compare, x, y);
    if (c != 0) return item.descending ? -c : c;
  }
  return 0;
}

StampRange StampRangeOf(const Condition& c, const ObjectSpec& object) {
  StampRange r;
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const auto& child : c.children) {
        StampRange x = StampRangeOf(child, object);
        r.lower = std::max(r.lower, x.lower);
        r.upper = std::min(r.upper, x.upper);
      }
      return r;
    case Condition::Kind::kOr: {
      bool first = true;
      for (const auto& child : c.children) {
        StampRange x = StampRangeOf(child, object);
        r.lower = first ? x.lower : std::min(r.lower, x.lower);
        r.upper = first ? x.upper : std::max(r.upper, x.upper);
        first = false;
      }
      return r;
    }
    case Condition::Kind::kCompare: {
      if (c.value.kind != Value::Kind::kDateTime) return r;
      bool sms = c.field == object.system_modstamp;
      bool below = c.field == object.last_modified_date || c.field == object.created_date;
      if (!sms && !below) return r;
      int64_t t = c.value.time;
      if (c.op == CompareOp::kGt) r.lower = t + 1;
      if (c.op == CompareOp::kGe || c.op == CompareOp::kEq) r.lower = t;
      if (sms && c.op == CompareOp::kLt) r.upper = t - 1;
      if (sms && (c.op == CompareOp::kLe || c.op == CompareOp::kEq)) r.upper = t;
      return r;
    }
    default:
      return r;
  }
}

}  // namespace salesync::sandbox::salesforce
