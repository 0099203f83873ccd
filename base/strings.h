// Small string helpers shared by every folder: edit distance for "did you mean", trimming, splitting.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesync {

// Levenshtein distance (bytes).
size_t EditDistance(std::string_view a, std::string_view b);

// The closest candidate to `word` when it is close enough to be a plausible typo, else nullopt.
std::optional<std::string> DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

std::string_view TrimWhitespace(std::string_view s);
std::vector<std::string> SplitString(std::string_view s, char delimiter);
// "a, b, c" from {"a", "b", "c"} and ", ".
std::string JoinStrings(const std::vector<std::string>& parts, std::string_view separator);
// Unix milliseconds as "2026-11-23T17:36:37Z" (UTC, whole seconds), the form the API and CLI print.
std::string FormatUtcSeconds(int64_t unix_ms);
std::string ToLowerAscii(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
// Escapes & < > " ' for HTML text and attribute values (pages and e-mails we render).
std::string HtmlEscape(std::string_view text);

}  // namespace salesync
