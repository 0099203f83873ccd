// SecretRef: where a secret comes from. Secrets are never written inline in a configuration file; a secret
// value is one of
//   {"file": "/etc/salesync/client_secret"}   read from a file (a trailing newline is dropped)
//   {"env": "SALESYNC_CLIENT_SECRET"}         read from an environment variable
//   {"credential": "client_secret"}           read from $CREDENTIALS_DIRECTORY/NAME (systemd LoadCredential=)
// Thread-safety: value type; ResolveSecret reads the environment and the file system.
#pragma once

#include <string>

#include "base/result.h"
#include "base/secret.h"

namespace salesync::config {

struct SecretRef {
  enum class Kind { kFile, kEnv, kCredential };
  Kind kind = Kind::kFile;
  std::string name;  // path, variable name or credential id

  // "file /etc/x", "env NAME", "credential NAME": safe to log, it says where, not what.
  std::string Describe() const;
};

// Reads the secret. Errors say which source failed and why, never the value.
Result<Secret> ResolveSecret(const SecretRef& ref);

}  // namespace salesync::config
