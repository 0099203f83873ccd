// Paging tokens. Clients must treat them as opaque; ours are base32 text like the service's, whose
// documented examples decode to "2008-11-06T00:00:00.000+0000,1078" (a datetime and a position).
//   - activity tokens: "<sinceDatetime>,<position>" (position in ActivityStore);
//   - lead and list page tokens: "<kind>:<offset or next id>:<fingerprint of the query>".
// Tokens do not expire (their lifetime is UNCONFIRMED in the fact sheet).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesync::sandbox::marketo {

std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);

struct ActivityToken {
  int64_t since_millis = 0;
  int64_t position = 0;
};
std::string EncodeActivityToken(const ActivityToken& t);
std::optional<ActivityToken> DecodeActivityToken(std::string_view token);

// kind: 'L' lead search offset, 'M' list members next id, 'X' export list offset.
std::string EncodePageToken(char kind, int64_t value, uint64_t fingerprint);
std::optional<int64_t> DecodePageToken(std::string_view token, char kind, uint64_t fingerprint);

uint64_t Fingerprint(std::string_view text);

}  // namespace salesync::sandbox::marketo
