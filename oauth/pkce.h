// PKCE (RFC 7636) for the authorization-code flow: a random code verifier and its S256 challenge.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "base/result.h"

namespace salesync::oauth {

struct Pkce {
  std::string verifier;   // 64 characters of base64url (48 random bytes): within RFC 7636's 43..128
  std::string challenge;  // BASE64URL(SHA256(verifier)), no padding
  static constexpr const char* kMethod = "S256";
};

Result<Pkce> MakePkce();
std::string S256Challenge(const std::string& verifier);

}  // namespace salesync::oauth
