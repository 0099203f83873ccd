// UTF-8 helpers for CSV input: validation (so a row with invalid bytes is reported, not imported) and the
// case folding that header matching needs for the seed languages (Latin-1 letters such as "Ö").
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace salesync::invites {

// The byte offset of the first invalid sequence (overlong forms, surrogates and code points above
// U+10FFFF are invalid), or nullopt when `s` is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

// Lower-cases ASCII letters and the Latin-1 Supplement capitals (À-Þ except ×); other bytes unchanged.
// REQUIRES: valid UTF-8.
std::string FoldCase(std::string_view s);

}  // namespace salesync::invites
