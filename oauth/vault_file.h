// The vault key on disk, and its crash-safe rotation.
//
// Without a configured key the vault key lives in STATE_DIR/vault.key (0600). Rotation writes the new
// key to vault.key.next first, re-seals every stored secret in one transaction, then renames
// vault.key.next over vault.key. If the daemon dies in between, the next start sees both files and
// keeps whichever key the store's secrets were sealed with, so no secret is ever orphaned.
// Thread-safety: call from one thread (start-up, or the rotate route, which the manager serialises).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/secret.h"
#include "oauth/connection_manager.h"
#include "oauth/token_vault.h"
#include "store/token_store.h"

namespace salesync::oauth {

// Loads the configured key, or STATE_DIR/vault.key (generated when missing), resolving an interrupted
// rotation against the key ids recorded in the store. `generated` tells whether a key was created now.
Result<std::shared_ptr<const TokenVault>> LoadVault(const std::optional<Secret>& configured, const std::string& state_dir,
                                                     store::TokenStore& tokens, bool* generated);

// Rotates to a fresh key. kConflict when the key comes from the configuration (rotate it there).
// Returns the new key id.
Result<std::string> RotateVaultKey(bool key_is_configured, const std::string& state_dir, ConnectionManager& manager);

}  // namespace salesync::oauth
