#include "invites/invite_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/files.h"
#include "base/random.h"
#include "base/strings.h"

namespace salesync::invites {

Result<Secret> InviteTokens::LoadOrCreateKey(const std::string& path, bool* created) {
  if (created) *created = false;
  auto existing = ReadFile(path);
  if (existing.ok()) {
    std::string key(TrimWhitespace(*existing));
    if (key.size() < 32) {
      return MakeError(ErrorCode::kConfig,
                       "The invitation key file is too short (expected 64 hex characters). Delete it to make a new "
                       "one; links already sent stop working.",
                       path);
    }
    return Secret(std::move(key));
  }
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  auto key = RandomHex(32);
  if (!key.ok()) return key.error();
  if (Status s = WriteFileAtomic(path, *key + "\n", 0600); !s.ok()) return s.error();
  if (created) *created = true;
  return Secret(std::move(key).value());
}

Result<InviteTokens::Issued> InviteTokens::Issue() const {
  auto nonce = RandomHex(16);
  if (!nonce.ok()) return nonce.error();
  Issued issued;
  issued.nonce = std::move(nonce).value();
  issued.token_hash = HashToken(TokenFor(issued.nonce));
  return issued;
}

std::string InviteTokens::TokenFor(std::string_view nonce) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const std::string& key = key_.Reveal();
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(nonce.data()),
       nonce.size(), mac, &len);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string InviteTokens::HashToken(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace salesync::invites
