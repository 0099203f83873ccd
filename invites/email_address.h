// E-mail address checks for invitations: what an import accepts and the form it is stored in.
//
// Accepted: local@domain with a dot-atom local part of 1-64 ASCII characters (no leading, trailing or
// doubled dot, no '/'), a domain of letter/digit/hyphen labels with a dot and a letters-only top-level
// label, 254 characters at most. Quoted local parts, IP-literal domains and non-ASCII addresses
// (SMTPUTF8) are refused with a reason. The stored form is trimmed and lower-cased, so "Ann@X.com" and
// "ann@x.com" are the same user.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace salesync::invites {

// The normalised address, or kInvalidArgument whose message says what is wrong (without the address).
Result<std::string> NormaliseEmail(std::string_view text);

}  // namespace salesync::invites
