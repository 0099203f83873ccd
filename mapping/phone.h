// PhoneNormaliser: the compiled `phone` transform, on Google's libphonenumber (Debian: libphonenumber-dev).
// "020 555 1234" with default country NL becomes "+31205551234" (e164), "+31 20 555 1234" (international) or
// "020 555 1234" (national). A number must be *possible* for its region (right length for its country
// code); whether it is also assigned to a carrier is not checked, so test and fictional numbers pass.
// Cost: about 15–20 µs a value, far more than the other transforms (docs/benchmarks.md).
// Thread-safety: immutable after Create(); PhoneNumberUtil is a thread-safe singleton.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "config/mappings_config.h"

namespace salesync::mapping {

class PhoneNormaliser {
 public:
  // kConfig when default_country is not a region libphonenumber knows.
  static Result<PhoneNormaliser> Create(const config::TransformSpec& spec);

  // Writes the normalised number into `out`; false (with `why`) when `input` is not a possible number.
  bool Normalise(std::string_view input, std::string& out, std::string* why = nullptr) const;

 private:
  std::string region_ = "ZZ";  // libphonenumber's "unknown region": only +country numbers parse
  int format_ = 0;             // PhoneNumberUtil::PhoneNumberFormat
};

}  // namespace salesync::mapping
