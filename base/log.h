// Logging: one line per event on stderr, a capitalised sentence followed by key=value fields.
//
//   LogInfo("Admin API listening.", {{"address", "127.0.0.1:8787"}});
//
// Under journald (JOURNAL_STREAM set) each line starts with its syslog priority "<N>" and carries no
// timestamp (journald adds one); otherwise lines read "2026-11-23T10:00:00.123Z INFO  Message key=value".
// Secret values print as "***". `error` means an operator must act.
// Thread-safety: all functions may be called from any thread; lines are never interleaved.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "base/secret.h"

namespace salesync {

enum class LogLevel { kDebug = 0, kInfo = 1, kNotice = 2, kWarning = 3, kError = 4 };

std::optional<LogLevel> ParseLogLevel(std::string_view name);
std::string_view LogLevelName(LogLevel level);

struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  LogField(std::string_view k, int64_t v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, uint64_t v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, double v);
  LogField(std::string_view k, const Secret&) : key(k), value("***") {}
  std::string_view key;
  std::string value;
};

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Forces the journald format on or off (tests); by default it follows JOURNAL_STREAM.
void SetJournalFormat(bool on);

void Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields = {});
inline void LogDebug(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kDebug, m, f); }
inline void LogInfo(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kInfo, m, f); }
inline void LogNotice(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kNotice, m, f); }
inline void LogWarning(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kWarning, m, f); }
inline void LogError(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kError, m, f); }

// Formats one line without writing it (for tests). `journal` selects the journald format.
std::string FormatLogLine(LogLevel level, std::string_view message, std::initializer_list<LogField> fields,
                          bool journal);

}  // namespace salesync
