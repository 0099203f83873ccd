#include "oauth/token_vault.h"

#include <memory>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "base/files.h"
#include "base/random.h"

namespace salesync::oauth {

namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr size_t kKeyIdBytes = 8;
constexpr std::string_view kVersion = "v1";

struct CipherFree { void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); } };

std::string Aad(std::string_view connection, std::string_view field) {
  std::string aad(connection);
  aad += '\0';
  aad += field;
  return aad;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

TokenVault::TokenVault(std::string key) : key_(std::move(key)) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key_.Reveal().data()), key_.Reveal().size(), digest);
  key_id_ = HexEncode(std::string(reinterpret_cast<const char*>(digest), kKeyIdBytes));
}

Result<TokenVault> TokenVault::FromKeyMaterial(const Secret& material) {
  const std::string& m = material.Reveal();
  if (m.size() == kKeyBytes) return TokenVault(m);
  std::string trimmed = m;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' ')) trimmed.pop_back();
  if (trimmed.size() == 2 * kKeyBytes) {
    if (auto raw = FromHex(trimmed)) return TokenVault(*raw);
  }
  return MakeError(ErrorCode::kConfig, "The vault key must be 32 random bytes or 64 hex characters (generate one with: "
                                       "openssl rand -hex 32).");
}

Result<TokenVault> TokenVault::Generate() {
  auto raw = RandomBytes(kKeyBytes);
  if (!raw.ok()) return raw.error();
  return TokenVault(*raw);
}

Result<TokenVault> TokenVault::LoadOrCreate(const std::optional<Secret>& configured, const std::string& state_dir,
                                            bool* generated) {
  *generated = false;
  if (configured) return FromKeyMaterial(*configured);
  std::string path = JoinPath(state_dir, "vault.key");
  auto existing = ReadFile(path);
  if (existing.ok()) {
    auto vault = FromKeyMaterial(Secret(*existing));
    if (!vault.ok()) vault.error().context = path;
    return vault;
  }
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  auto vault = Generate();
  if (!vault.ok()) return vault;
  if (Status s = WriteFileAtomic(path, vault->KeyHex().Reveal() + "\n", 0600); !s.ok()) return s.error();
  *generated = true;
  return vault;
}

Secret TokenVault::KeyHex() const { return Secret(HexEncode(key_.Reveal())); }

Result<std::string> TokenVault::Seal(std::string_view plaintext, std::string_view connection,
                                     std::string_view field) const {
  auto nonce = RandomBytes(kNonceBytes);
  if (!nonce.ok()) return nonce.error();
  std::string aad = Aad(connection, field);
  std::unique_ptr<EVP_CIPHER_CTX, CipherFree> ctx(EVP_CIPHER_CTX_new());
  std::string out(kVersion);
  out += std::string(*FromHex(key_id_));
  out += *nonce;
  size_t header = out.size();
  out.resize(header + plaintext.size() + kTagBytes);
  auto* k = reinterpret_cast<const unsigned char*>(key_.Reveal().data());
  auto* iv = reinterpret_cast<const unsigned char*>(nonce->data());
  int len = 0, final_len = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceBytes), nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, k, iv) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                              static_cast<int>(aad.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data() + header), &len,
                              reinterpret_cast<const unsigned char*>(plaintext.data()),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data() + header + len), &final_len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                                out.data() + header + plaintext.size()) == 1;
  if (!ok) return MakeError(ErrorCode::kInternal, "Encrypting a value for the vault failed.");
  return out;
}

Result<Secret> TokenVault::Open(std::string_view sealed, std::string_view connection, std::string_view field) const {
  size_t header = kVersion.size() + kKeyIdBytes + kNonceBytes;
  std::string where = std::string(connection) + "/" + std::string(field);
  if (sealed.size() < header + kTagBytes || sealed.substr(0, kVersion.size()) != kVersion) {
    return MakeError(ErrorCode::kPermanent, "A stored secret is not in the vault format.", where);
  }
  if (HexEncode(sealed.substr(kVersion.size(), kKeyIdBytes)) != key_id_) {
    return MakeError(ErrorCode::kConfig,
                     "A stored secret was sealed with another vault key (id " +
                         HexEncode(sealed.substr(kVersion.size(), kKeyIdBytes)) + ", current " + key_id_ +
                         "). Restore that key, or reconnect.",
                     where);
  }
  std::string_view nonce = sealed.substr(kVersion.size() + kKeyIdBytes, kNonceBytes);
  std::string_view body = sealed.substr(header, sealed.size() - header - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string aad = Aad(connection, field);
  std::string plain(body.size(), '\0');
  std::unique_ptr<EVP_CIPHER_CTX, CipherFree> ctx(EVP_CIPHER_CTX_new());
  int len = 0, final_len = 0;
  auto* k = reinterpret_cast<const unsigned char*>(key_.Reveal().data());
  bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceBytes), nullptr) == 1 &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, k, reinterpret_cast<const unsigned char*>(nonce.data())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                              static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len,
                              reinterpret_cast<const unsigned char*>(body.data()), static_cast<int>(body.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &final_len) == 1;
  if (!ok) {
    return MakeError(ErrorCode::kPermanent, "A stored secret failed authentication (tampered, or moved to another "
                                            "connection or field).", where);
  }
  return Secret(std::move(plain));
}

}  // namespace salesync::oauth
