#include "oauth/vault_file.h"

#include <cstdio>
#include <filesystem>

#include "base/files.h"
#include "base/log.h"
#include "base/random.h"

namespace salesync::oauth {

Result<std::shared_ptr<const TokenVault>> LoadVault(const std::optional<Secret>& configured, const std::string& state_dir,
                                                     store::TokenStore& tokens, bool* generated) {
  *generated = false;
  std::string next_path = JoinPath(state_dir, "vault.key.next");
  std::string key_path = JoinPath(state_dir, "vault.key");
  if (!configured && std::filesystem::exists(next_path)) {
    // An interrupted rotation: keep the key the stored secrets use.
    auto next_text = ReadFile(next_path);
    if (next_text.ok()) {
      auto next = TokenVault::FromKeyMaterial(Secret(*next_text));
      auto fields = tokens.AllSealedValues();
      bool store_uses_next = false;
      // Sealed values carry "v1" and then the 8-byte id of the key that sealed them.
      if (next.ok() && fields.ok() && !fields->empty()) {
        const std::string& s = fields->front();
        store_uses_next = s.size() > 10 && HexEncode(s.substr(2, 8)) == next->key_id();
      }
      if (store_uses_next) {
        std::filesystem::rename(next_path, key_path);
        LogNotice("Finished an interrupted vault key rotation.", {{"key_id", next->key_id()}});
      } else {
        std::filesystem::remove(next_path);
        LogNotice("Discarded an unfinished vault key rotation; the previous key stays in use.");
      }
    }
  }
  auto vault = TokenVault::LoadOrCreate(configured, state_dir, generated);
  if (!vault.ok()) return vault.error();
  return std::shared_ptr<const TokenVault>(std::make_shared<TokenVault>(std::move(*vault)));
}

Result<std::string> RotateVaultKey(bool key_is_configured, const std::string& state_dir, ConnectionManager& manager) {
  if (key_is_configured) {
    return MakeError(ErrorCode::kConflict,
                     "The vault key comes from the configuration (vault.key), so salesync cannot replace it. Remove "
                     "vault.key from the configuration to let salesync manage STATE_DIR/vault.key, or re-seal by "
                     "reconnecting after changing the key.");
  }
  auto next = TokenVault::Generate();
  if (!next.ok()) return next.error();
  std::string next_path = JoinPath(state_dir, "vault.key.next");
  if (Status s = WriteFileAtomic(next_path, next->KeyHex().Reveal() + "\n", 0600); !s.ok()) return s.error();
  auto shared = std::make_shared<const TokenVault>(std::move(*next));
  if (Status s = manager.RotateVault(shared); !s.ok()) {
    std::filesystem::remove(next_path);
    return s.error();
  }
  std::error_code ec;
  std::filesystem::rename(next_path, JoinPath(state_dir, "vault.key"), ec);
  if (ec) return MakeError(ErrorCode::kInternal, "The secrets were re-sealed but vault.key.next could not replace vault.key: " + ec.message() + ". The next start finishes the rotation.");
  LogNotice("Vault key rotated.", {{"key_id", shared->key_id()}});
  return shared->key_id();
}

}  // namespace salesync::oauth
