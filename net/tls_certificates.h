// Throwaway TLS material for loopback servers (salesync-sandbox, tests): a fresh CA and a server
// certificate signed by it, for 127.0.0.1, ::1 and localhost. Clients then verify TLS exactly as in
// production, trusting only this CA (ca_file). Keys are ECDSA P-256, valid for 7 days.
// Thread-safety: pure function.
#pragma once

#include <string>

#include "base/result.h"

namespace salesync::net {

struct ThrowawayTls {
  std::string ca_certificate_pem;
  std::string server_certificate_pem;  // leaf followed by the CA (a chain)
  std::string server_private_key_pem;
};

Result<ThrowawayTls> GenerateThrowawayTls(const std::string& common_name = "salesync-sandbox");

}  // namespace salesync::net
