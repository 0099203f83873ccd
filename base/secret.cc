#include "base/secret.h"

#include <openssl/crypto.h>

namespace salesync {

Secret::~Secret() {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  // Length is not secret (tokens have a fixed length); contents are.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace salesync
