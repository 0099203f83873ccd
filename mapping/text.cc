#include "mapping/text.h"

#include <cstdint>

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace salesync::mapping {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one.
size_t SequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

uint32_t DecodeAt(std::string_view s, size_t i, size_t n) {
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[k])); };
  switch (n) {
    case 1: return b(i);
    case 2: return ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F);
    case 3: return ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    default: return ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
  }
}

bool IsSpace(uint32_t cp) {
  switch (cp) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
    case 0x85: case 0xA0: case 0x1680: case 0x200B: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// Start of the character that ends just before `end` (for walking backwards).
size_t PreviousStart(std::string_view s, size_t end) {
  size_t i = end - 1;
  size_t steps = 0;
  while (i > 0 && steps < 3 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    --i;
    ++steps;
  }
  return SequenceLength(s, i) == end - i ? i : end - 1;
}

template <typename AsciiFn, typename IcuFn>
void MapCase(std::string& s, std::string& scratch, AsciiFn ascii, IcuFn icu) {
  if (IsAscii(s)) {
    for (char& c : s) c = ascii(c);
    return;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu(u);
  scratch.clear();
  u.toUTF8String(scratch);
  s.swap(scratch);
}

}  // namespace

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t CountChars(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    i += n == 0 ? 1 : n;
    ++count;
  }
  return count;
}

bool TruncateChars(std::string& s, size_t max_chars) {
  if (s.size() <= max_chars) return false;  // bytes >= characters
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    if (count == max_chars) {
      s.resize(i);
      return true;
    }
    size_t n = SequenceLength(s, i);
    i += n == 0 ? 1 : n;
    ++count;
  }
  return false;
}

void TrimInPlace(std::string& s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t n = SequenceLength(s, b);
    if (n == 0 || !IsSpace(DecodeAt(s, b, n))) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    size_t start = PreviousStart(s, e);
    size_t n = SequenceLength(s, start);
    if (n == 0 || start + n != e || !IsSpace(DecodeAt(s, start, n))) break;
    e = start;
  }
  s.resize(e);
  s.erase(0, b);
}

void ToLowerInPlace(std::string& s, std::string& scratch) {
  MapCase(s, scratch, [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; },
          [](icu::UnicodeString& u) { u.toLower(icu::Locale::getRoot()); });
}

void ToUpperInPlace(std::string& s, std::string& scratch) {
  MapCase(s, scratch, [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; },
          [](icu::UnicodeString& u) { u.toUpper(icu::Locale::getRoot()); });
}

std::string SanitiseUtf8(std::string_view s) {
  if (IsAscii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string FitToWidth(std::string_view text, size_t width) {
  std::string s = SanitiseUtf8(text);
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  if (CountChars(s) <= width) return s;
  if (width == 0) return "";
  TruncateChars(s, width - 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();  // "long…", not "long …"
  s += "\xE2\x80\xA6";  // …
  return s;
}

}  // namespace salesync::mapping
