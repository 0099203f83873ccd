#include "oauth/pkce.h"

#include <openssl/sha.h>

#include "base/random.h"

namespace salesync::oauth {

std::string S256Challenge(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return Base64UrlEncode(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<Pkce> MakePkce() {
  auto bytes = RandomBytes(48);
  if (!bytes.ok()) return bytes.error();
  Pkce p;
  p.verifier = Base64UrlEncode(*bytes);
  p.challenge = S256Challenge(p.verifier);
  return p;
}

}  // namespace salesync::oauth
