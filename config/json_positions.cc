#include "config/json_positions.h"

#include <set>

namespace salesync::config {

TextPosition PositionOfOffset(std::string_view text, size_t offset) {
  TextPosition p{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++p.column;
    }
  }
  return p;
}

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

class PositionScanner {
 public:
  PositionScanner(std::string_view text, JsonPositions& out) : text_(text), out_(out) {}

  void Run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 BOM is not a character of the document
    SkipSpace();
    Value("");
  }

 private:
  TextPosition Here() const {
    return TextPosition{line_, column_};
  }

  void Advance() {
    if (pos_ >= text_.size()) return;
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    ++pos_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
  }

  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void SkipSpace() {
    while (pos_ < text_.size()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        Advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && Peek() != '\n') Advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        Advance();
        Advance();
        while (pos_ < text_.size() && !(Peek() == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) Advance();
        Advance();
        Advance();
      } else {
        return;
      }
    }
  }

  // Reads a string token and returns its unescaped content (enough for keys: \uXXXX kept verbatim
  // except for the common escapes, which is fine because keys are ASCII in practice).
  std::string String() {
    std::string s;
    Advance();  // opening quote
    while (pos_ < text_.size() && Peek() != '"') {
      if (Peek() == '\\') {
        Advance();
        char e = Peek();
        switch (e) {
          case 'n': s += '\n'; break;
          case 't': s += '\t'; break;
          case 'r': s += '\r'; break;
          case 'b': s += '\b'; break;
          case 'f': s += '\f'; break;
          default: s += e;
        }
        Advance();
      } else {
        s += Peek();
        Advance();
      }
    }
    Advance();  // closing quote
    return s;
  }

  void Value(const std::string& pointer) {
    out_.values_[pointer] = Here();
    char c = Peek();
    if (c == '{') {
      Object(pointer);
    } else if (c == '[') {
      Array(pointer);
    } else if (c == '"') {
      String();
    } else {
      while (pos_ < text_.size()) {
        char d = Peek();
        if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '/') break;
        Advance();
      }
    }
  }

  void Object(const std::string& pointer) {
    Advance();  // {
    std::set<std::string> seen;
    SkipSpace();
    while (pos_ < text_.size() && Peek() != '}') {
      TextPosition key_pos = Here();
      std::string key = String();
      std::string child = pointer + "/" + EscapePointerToken(key);
      if (!seen.insert(key).second) out_.duplicates_.push_back({child, key_pos});
      out_.keys_[child] = key_pos;
      SkipSpace();
      Advance();  // :
      SkipSpace();
      Value(child);
      SkipSpace();
      if (Peek() == ',') {
        Advance();
        SkipSpace();
      }
    }
    Advance();  // }
  }

  void Array(const std::string& pointer) {
    Advance();  // [
    SkipSpace();
    size_t index = 0;
    while (pos_ < text_.size() && Peek() != ']') {
      Value(pointer + "/" + std::to_string(index++));
      SkipSpace();
      if (Peek() == ',') {
        Advance();
        SkipSpace();
      }
    }
    Advance();  // ]
  }

  std::string_view text_;
  JsonPositions& out_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

JsonPositions JsonPositions::Build(std::string_view text) {
  JsonPositions positions;
  PositionScanner(text, positions).Run();
  return positions;
}

TextPosition JsonPositions::ValueAt(const std::string& pointer) const {
  auto it = values_.find(pointer);
  return it == values_.end() ? TextPosition{} : it->second;
}

TextPosition JsonPositions::KeyAt(const std::string& pointer) const {
  auto it = keys_.find(pointer);
  return it == keys_.end() ? ValueAt(pointer) : it->second;
}

}  // namespace salesync::config
