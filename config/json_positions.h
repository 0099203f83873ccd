// JsonPositions: where each value and key of a JSON document (with // and /* */ comments) starts.
//
// nlohmann/json 3.11 (Debian 12) parses and validates but does not record positions, so this index walks
// the same text once more to map every JSON pointer ("/admin/listen") to the line and column of its value
// and, for object members, of its key. It also reports duplicate keys, which nlohmann silently collapses.
// It is only run on text nlohmann accepted, so it does not re-validate syntax.
// Thread-safety: immutable after Build().
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace salesync::config {

struct TextPosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters (UTF-8 code points)
};

// Line and column of byte offset `offset` (0-based) in `text`.
TextPosition PositionOfOffset(std::string_view text, size_t offset);

// Escapes one JSON pointer reference token (RFC 6901: ~ -> ~0, / -> ~1).
std::string EscapePointerToken(std::string_view token);

class JsonPositions {
 public:
  static JsonPositions Build(std::string_view text);

  // Position of the value at `pointer` ("" is the root); {0,0} when unknown.
  TextPosition ValueAt(const std::string& pointer) const;
  // Position of the key of the member at `pointer`, falling back to its value.
  TextPosition KeyAt(const std::string& pointer) const;

  struct DuplicateKey {
    std::string pointer;
    TextPosition position;
  };
  const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }

 private:
  std::map<std::string, TextPosition> values_;
  std::map<std::string, TextPosition> keys_;
  std::vector<DuplicateKey> duplicates_;
  friend class PositionScanner;
};

}  // namespace salesync::config
