// Where the daemon keeps its state, and the files in it:
//   salesync.db   the store (store.file)
//   admin.token   the generated admin API token (0600), unless admin.token is configured
//   admin.url     the admin API's base URL, written once listening, so salesyncctl can find it
// The state directory is $STATE_DIRECTORY under systemd, else --state-dir, else the config's state_dir,
// else ./var. It is created with mode 0700 when missing.
// Thread-safety: functions over the file system; call from one thread at start-up.
#pragma once

#include <string>

#include "base/result.h"
#include "base/secret.h"

namespace salesync::daemon {

std::string ResolveStateDir(const std::string& flag_value, const std::string& config_value);

// Reads STATE_DIR/admin.token, creating it with 32 random bytes (hex) and mode 0600 when missing.
// `created` tells whether it was generated now.
Result<Secret> LoadOrCreateAdminToken(const std::string& state_dir, bool* created);

inline constexpr const char* kAdminTokenFile = "admin.token";
inline constexpr const char* kAdminUrlFile = "admin.url";

}  // namespace salesync::daemon
