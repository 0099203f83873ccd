// SQL time stamps: how the user, invitation and outbox repositories write instants into SQLite.
//
// Instants are stored as ISO 8601 UTC text with milliseconds ("2026-11-23T10:00:00.123Z"), the format of
// strftime('%Y-%m-%dT%H:%M:%fZ') used by migration 1, so text comparison orders them. Callers pass the
// instant in (an injectable clock), so expiry and retry rules are testable without waiting.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace salesync::store {

std::string FormatSqlTime(std::chrono::system_clock::time_point t);
// Parses what FormatSqlTime wrote (milliseconds optional). nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> ParseSqlTime(const std::string& text);
// Milliseconds since the Unix epoch.
int64_t UnixMillis(std::chrono::system_clock::time_point t);

}  // namespace salesync::store
