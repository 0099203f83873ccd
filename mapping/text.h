// UTF-8 text helpers for the transforms and the previews: counting and cutting characters (code points,
// never bytes, never inside a character), Unicode-aware trimming and case mapping, and making arbitrary
// bytes safe to print or put in JSON. ASCII takes a fast path everywhere; only non-ASCII text reaches ICU.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace salesync::mapping {

// Characters (code points) in `s`. Invalid bytes count one each.
size_t CountChars(std::string_view s);

// Cuts `s` to at most `max_chars` characters, at a character boundary. Returns true when it cut.
bool TruncateChars(std::string& s, size_t max_chars);

// Removes leading and trailing whitespace: ASCII space, tab, CR, LF, VT, FF and the Unicode spaces that
// arrive from copy-paste (U+00A0 no-break space, U+2000–U+200B, U+202F, U+205F, U+3000, U+FEFF BOM, U+0085,
// U+2028, U+2029). In place.
void TrimInPlace(std::string& s);

// Full Unicode case mapping with the root locale ("ÉRIC" → "éric", "straße" → "STRASSE"). In place;
// `scratch` is reused between calls. Invalid UTF-8 sequences become U+FFFD.
void ToLowerInPlace(std::string& s, std::string& scratch);
void ToUpperInPlace(std::string& s, std::string& scratch);

bool IsAscii(std::string_view s);
bool IsValidUtf8(std::string_view s);

// `s` with every invalid UTF-8 byte replaced by U+FFFD, so it can be printed and serialised as JSON.
std::string SanitiseUtf8(std::string_view s);

// `s` cut to `width` characters for a terminal column, ending in "…" when it was cut; control characters
// (newlines, tabs) are shown as a space so that a table row stays one line.
std::string FitToWidth(std::string_view s, size_t width);

}  // namespace salesync::mapping
