// TokenStore: connection tokens and connection state in the store.
//
// Secrets arrive already sealed by the token vault (oauth/token_vault.h): this layer never sees
// plaintext. SaveGrant writes every sealed field of a grant and the new state in one transaction, so a
// rotated refresh token is durable before the new access token is used, and a crash leaves either the
// old grant or the new one, never half of each.
// Thread-safety: thread-safe (serialised by the Store).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace salesync::store {

struct ConnectionStateRow {
  std::string connection;
  std::string state = "not_connected";  // not_connected | connected | needs_reauth | error
  std::optional<int64_t> expires_at_ms;
  std::string instance_url;
  std::string identity_url;
  std::string scope;
  std::optional<int64_t> last_success_ms;
  std::string last_error;
};

struct SealedField {
  std::string sealed;
  std::string key_id;
};

class TokenStore {
 public:
  explicit TokenStore(Store* store) : store_(store) {}

  // Replaces the given fields (others are kept) and the state row, atomically.
  Status SaveGrant(const std::string& connection, const std::map<std::string, SealedField>& fields,
                   const ConnectionStateRow& state);
  Result<std::map<std::string, SealedField>> LoadFields(const std::string& connection);
  Result<std::optional<ConnectionStateRow>> LoadState(const std::string& connection);
  Result<std::vector<ConnectionStateRow>> ListStates();
  Status SetState(const ConnectionStateRow& state);
  Status RecordSuccess(const std::string& connection, int64_t at_ms);
  // Deletes every secret of the connection and marks it not_connected, atomically.
  Status Forget(const std::string& connection);

  // Re-seals every stored secret in one transaction: `reseal(connection, field, sealed)` returns the
  // new sealed value and key id. Any failure rolls everything back.
  Status Reseal(const std::function<Result<SealedField>(const std::string& connection, const std::string& field,
                                                        const std::string& sealed)>& reseal);
  // Every sealed value, for tests that check nothing is stored in plaintext.
  Result<std::vector<std::string>> AllSealedValues();

 private:
  Store* store_;
};

}  // namespace salesync::store
