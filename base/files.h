// File helpers that report errors as Results with the path in the context.
// Thread-safety: pure functions over the file system.
#pragma once

#include <string>
#include <sys/types.h>

#include "base/result.h"

namespace salesync {

// Reads a whole file. kNotFound when it does not exist, kConfig when it cannot be read.
Result<std::string> ReadFile(const std::string& path);

// Writes `content` to `path` atomically: a temporary file in the same folder with `mode`, fsync, rename,
// fsync of the folder. Readers see the old or the new content, never a torn one.
Status WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode);

// Creates `path` (and parents) as folders with `mode` when missing.
Status MakeDirectories(const std::string& path, mode_t mode);

// Joins two path parts with exactly one '/'.
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace salesync
