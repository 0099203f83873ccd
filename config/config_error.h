// ConfigError: one problem in a configuration file, located precisely enough to fix without searching.
//
// Rendered as "FILE:LINE:COLUMN: /json/pointer: what is wrong (expected what)". Configuration loading
// collects every error of a file instead of stopping at the first.
// Thread-safety: value type.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace salesync::config {

struct ConfigError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;  // JSON pointer of the offending value or key; "" for the whole document
  std::string message;

  std::string ToString() const;
};

// Joins errors one per line.
std::string FormatConfigErrors(const std::vector<ConfigError>& errors);

// One kConfig Error that carries every problem in its message.
Error ConfigErrorsToError(const std::vector<ConfigError>& errors);

}  // namespace salesync::config
