// Small string helpers shared by every folder: edit distance for "did you mean", trimming, splitting.
// Thread-safety: pure functions.
#pragma once

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
std::string ToLowerAscii(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
// Escapes & < > " ' for HTML text and attribute values (pages and e-mails we render).
std::string HtmlEscape(std::string_view text);

}  // namespace salesync
