#include "daemon/state_dir.h"

#include <cstdlib>
#include <sys/stat.h>

#include "base/files.h"
#include "base/log.h"
#include "base/random.h"
#include "base/strings.h"

namespace salesync::daemon {

std::string ResolveStateDir(const std::string& flag_value, const std::string& config_value) {
  if (const char* env = std::getenv("STATE_DIRECTORY"); env != nullptr && *env != '\0') {
    // systemd passes a colon-separated list when StateDirectory= names several; ours is the first.
    return SplitString(env, ':').front();
  }
  if (!flag_value.empty()) return flag_value;
  if (!config_value.empty()) return config_value;
  return "./var";
}

Result<Secret> LoadOrCreateAdminToken(const std::string& state_dir, bool* created) {
  std::string path = JoinPath(state_dir, kAdminTokenFile);
  *created = false;
  auto existing = ReadFile(path);
  if (existing.ok()) {
    std::string token(TrimWhitespace(*existing));
    if (token.size() < 16) {
      return MakeError(ErrorCode::kConfig, "The admin token file is too short (expected at least 16 characters); "
                                           "delete it to have a new one generated.", path);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0) {
      LogWarning("The admin token file is readable by other users; tightening it to 0600.", {{"path", path}});
      ::chmod(path.c_str(), 0600);
    }
    return Secret(std::move(token));
  }
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  auto hex = RandomHex(32);
  if (!hex.ok()) return hex.error();
  Status s = WriteFileAtomic(path, *hex + "\n", 0600);
  if (!s.ok()) return s.error();
  *created = true;
  return Secret(std::move(*hex));
}

}  // namespace salesync::daemon
