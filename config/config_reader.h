// ConfigDocument and ObjectReader: typed, position-aware reading of a JSON configuration file.
//
// ConfigDocument parses the text (comments allowed) and owns the error list. ObjectReader reads one JSON
// object: every accessor checks the type and range, records the key as known, and adds a ConfigError at
// the value's FILE:LINE:COLUMN on any problem; Finish() reports keys nobody asked for, with a "did you
// mean" suggestion. Readers never stop at the first error, so one run reports every problem of a file.
// Later sections (connections, syncs, mappings) reuse these readers.
// Thread-safety: not thread-safe; one document is read by one thread.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.h"
#include "config/json_positions.h"
#include "config/secret_ref.h"

namespace salesync::config {

class ConfigDocument {
 public:
  // Parses `text`; a syntax error becomes one ConfigError with its line and column, and parsed() is false.
  ConfigDocument(std::string file, std::string text);

  bool parsed() const { return parsed_; }
  const nlohmann::json& root() const { return root_; }
  const std::string& file() const { return file_; }

  void AddError(const std::string& pointer, std::string message, bool at_key = false);
  const std::vector<ConfigError>& errors() const { return errors_; }

 private:
  std::string file_;
  std::string text_;
  nlohmann::json root_;
  JsonPositions positions_;
  bool parsed_ = false;
  std::vector<ConfigError> errors_;
};

enum class Presence { kOptional, kRequired };

class ObjectReader {
 public:
  // `node` may be null (the section is absent) — then every accessor returns nullopt silently and
  // required keys are not reported (the caller reports the missing section once).
  ObjectReader(ConfigDocument& doc, const nlohmann::json* node, std::string pointer);

  bool present() const { return node_ != nullptr && node_->is_object(); }
  const std::string& pointer() const { return pointer_; }
  ConfigDocument& document() { return doc_; }

  std::optional<std::string> String(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<std::string> Enum(std::string_view key, const std::vector<std::string>& allowed,
                                  Presence presence = Presence::kOptional);
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max,
                                 Presence presence = Presence::kOptional);
  std::optional<bool> Bool(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<std::vector<std::string>> StringList(std::string_view key, Presence presence = Presence::kOptional);
  // A secret reference; resolves it too, and reports an unreadable source at the value's position.
  std::optional<Secret> SecretValue(std::string_view key, Presence presence = Presence::kOptional,
                                    SecretRef* ref_out = nullptr);
  // A nested object (checked to be an object). The returned reader is not present() when absent.
  ObjectReader Object(std::string_view key, Presence presence = Presence::kOptional);
  // The raw JSON of a key (marked known); null when absent.
  const nlohmann::json* Raw(std::string_view key);
  // Every key of this object, all marked known: for objects whose keys are names (connections, syncs).
  std::vector<std::string> MemberNames();

  void AddError(std::string_view key, std::string message, bool at_key = false);
  // Reports every key that no accessor asked for.
  void Finish();

 private:
  const nlohmann::json* Get(std::string_view key, Presence presence, const char* expected);
  std::string ChildPointer(std::string_view key) const;

  ConfigDocument& doc_;
  const nlohmann::json* node_;
  std::string pointer_;
  std::vector<std::string> known_;
};

// "an object", "a string", ... for the JSON type of `v`.
std::string DescribeJsonType(const nlohmann::json& v);

}  // namespace salesync::config
