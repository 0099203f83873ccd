// Cryptographically strong randomness (OpenSSL RAND_bytes) and the encodings tokens are printed in.
// Thread-safety: pure functions; OpenSSL's DRBG is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace salesync {

// `n` random bytes. Fails only if the system's entropy source fails.
Result<std::string> RandomBytes(size_t n);
// `n` random bytes as lowercase hex (2n characters).
Result<std::string> RandomHex(size_t n);

std::string HexEncode(std::string_view bytes);
// Base64url without padding (RFC 4648 §5), as used by PKCE and JWT.
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace salesync
