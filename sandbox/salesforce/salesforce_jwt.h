// JWT bearer assertions (RFC 7523) as the Salesforce token endpoint checks them: an RS256-signed JWT whose
// signature verifies with the certificate uploaded to the connected app.
// Thread-safety: JwtVerifier is immutable after construction; share it through a shared_ptr.
#pragma once

#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace salesync::sandbox::salesforce {

class JwtVerifier {
 public:
  // From a PEM X.509 certificate (or a PEM public key); kInvalidArgument when it holds no RSA key.
  static Result<std::shared_ptr<const JwtVerifier>> FromPem(const std::string& pem);
  ~JwtVerifier();

  // The claims of `jwt` when its header says RS256 and the signature verifies; kUnauthenticated with
  // the reason otherwise.
  Result<nlohmann::json> Verify(std::string_view jwt) const;

 private:
  explicit JwtVerifier(void* key) : key_(key) {}
  void* key_;  // EVP_PKEY*
};

// Base64url (with or without padding) to bytes; nullopt when malformed.
std::optional<std::string> Base64UrlDecode(std::string_view in);

}  // namespace salesync::sandbox::salesforce
