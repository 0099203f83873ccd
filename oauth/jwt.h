// JWT bearer assertions (RFC 7523) signed RS256 with OpenSSL, for Salesforce's headless server flow.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>

#include "base/result.h"
#include "base/secret.h"

namespace salesync::oauth {

struct JwtClaims {
  std::string issuer;    // iss: the connected app's consumer key (client id)
  std::string subject;   // sub: the Salesforce username the daemon acts as
  std::string audience;  // aud: https://login.salesforce.com or https://test.salesforce.com (or the sandbox)
  std::chrono::seconds lifetime{180};  // exp = now + lifetime; Salesforce allows at most 3 minutes
};

// "header.payload.signature" signed with the PEM private key (PKCS#8 or traditional RSA).
// kConfig when the key is not a usable RSA private key; lifetime is clamped to 180 s.
Result<std::string> SignJwtRs256(const JwtClaims& claims, const Secret& private_key_pem,
                                 std::chrono::system_clock::time_point now);

// Verifies an RS256 JWT against a PEM certificate or public key; returns the decoded payload JSON text.
// Used by tests and the sandbox; kPermanent on a bad signature or malformed token.
Result<std::string> VerifyJwtRs256(const std::string& jwt, const std::string& certificate_or_public_key_pem);

}  // namespace salesync::oauth
