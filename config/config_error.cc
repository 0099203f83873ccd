#include "config/config_error.h"

namespace salesync::config {

std::string ConfigError::ToString() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!pointer.empty()) out += pointer + ": ";
  out += message;
  return out;
}

std::string FormatConfigErrors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += e.ToString();
    out += '\n';
  }
  return out;
}

Error ConfigErrorsToError(const std::vector<ConfigError>& errors) {
  std::string message = FormatConfigErrors(errors);
  if (!message.empty()) message.pop_back();
  return MakeError(ErrorCode::kConfig, message, errors.empty() ? "" : errors.front().file);
}

}  // namespace salesync::config
