// TokenVault: encrypts tokens and secrets at rest with AES-256-GCM (OpenSSL EVP).
//
// Each value gets a fresh random 12-byte nonce; the connection name and field name are the additional
// authenticated data, so a sealed value copied to another connection or field fails to open. The
// 32-byte key comes from a configured secret (vault.key credential/file, 32 raw bytes or 64 hex
// characters) or, on first run without one, is generated into STATE_DIR/vault.key with mode 0600.
// Sealed format: "v1" | key id (8 bytes) | nonce (12) | ciphertext | tag (16).
// Thread-safety: immutable after construction; Seal/Open are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/secret.h"

namespace salesync::oauth {

class TokenVault {
 public:
  // From 32 raw bytes or 64 hex characters. kConfig otherwise.
  static Result<TokenVault> FromKeyMaterial(const Secret& material);
  // The configured key when given, else STATE_DIR/vault.key, generated when missing (`generated` tells).
  static Result<TokenVault> LoadOrCreate(const std::optional<Secret>& configured, const std::string& state_dir,
                                         bool* generated);
  // A fresh random key (for rotation).
  static Result<TokenVault> Generate();

  Result<std::string> Seal(std::string_view plaintext, std::string_view connection, std::string_view field) const;
  Result<Secret> Open(std::string_view sealed, std::string_view connection, std::string_view field) const;

  // First 8 bytes of SHA-256(key), hex: names the key without revealing it.
  const std::string& key_id() const { return key_id_; }
  // The key as 64 hex characters, for writing a new key file during rotation.
  Secret KeyHex() const;

 private:
  explicit TokenVault(std::string key);
  Secret key_;
  std::string key_id_;
};

}  // namespace salesync::oauth
