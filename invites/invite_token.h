// InviteTokens: the secret in an invitation link, and how it is kept out of the database.
//
// A token is HMAC-SHA256(key, nonce) in base64url, where the nonce is random per invitation and the key
// lives in the state directory (STATE_DIR/invite.key, mode 0600), not in the database. The database stores
// the nonce and SHA-256(token) only: a copy of the database alone cannot produce a working link, and an
// accepted link is looked up by hashing what was presented. Deriving (instead of storing) the token lets
// the outbox worker render the link when it sends, and send the same link again on a retry.
// Thread-safety: immutable after construction; all methods are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "base/secret.h"

namespace salesync::invites {

inline constexpr const char* kInviteKeyFile = "invite.key";

class InviteTokens {
 public:
  explicit InviteTokens(Secret key) : key_(std::move(key)) {}

  // Reads the key file, or creates it (32 random bytes, hex, mode 0600) when missing.
  static Result<Secret> LoadOrCreateKey(const std::string& path, bool* created = nullptr);

  struct Issued {
    std::string nonce;       // stored
    std::string token_hash;  // stored
  };
  Result<Issued> Issue() const;
  // The token for a stored nonce (for the link in the e-mail).
  std::string TokenFor(std::string_view nonce) const;
  // Hex SHA-256 of a presented token.
  static std::string HashToken(std::string_view token);

 private:
  Secret key_;
};

}  // namespace salesync::invites
