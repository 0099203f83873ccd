#include "mapping/phone.h"

#include <set>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace salesync::mapping {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const char* ParseErrorText(PhoneNumberUtil::ErrorType e) {
  switch (e) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return "no valid country code (write +COUNTRY or set default_country)";
    case PhoneNumberUtil::NOT_A_NUMBER: return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN: return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN: return "too long";
    default: return "not a phone number";
  }
}

}  // namespace

Result<PhoneNormaliser> PhoneNormaliser::Create(const config::TransformSpec& spec) {
  PhoneNormaliser p;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  if (!spec.default_country.empty()) {
    std::set<std::string> regions;
    util->GetSupportedRegions(&regions);
    if (regions.count(spec.default_country) == 0) {
      return MakeError(ErrorCode::kConfig, "Unknown default_country \"" + spec.default_country +
                                               "\" for the phone transform (expected an ISO 3166 code such as NL).");
    }
    p.region_ = spec.default_country;
  }
  if (spec.phone_format == "international") p.format_ = PhoneNumberUtil::INTERNATIONAL;
  else if (spec.phone_format == "national") p.format_ = PhoneNumberUtil::NATIONAL;
  else p.format_ = PhoneNumberUtil::E164;
  return p;
}

bool PhoneNormaliser::Normalise(std::string_view input, std::string& out, std::string* why) const {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  // Longer than any real number with its formatting and an extension: refuse before parsing.
  if (input.size() > 64) {
    if (why) *why = "too long for a phone number";
    return false;
  }
  PhoneNumberUtil::ErrorType e = util->Parse(std::string(input), region_, &number);
  if (e != PhoneNumberUtil::NO_PARSING_ERROR) {
    if (why) *why = ParseErrorText(e);
    return false;
  }
  if (!util->IsPossibleNumber(number)) {
    if (why) *why = "not a possible number for its country (wrong length)";
    return false;
  }
  out.clear();
  util->Format(number, static_cast<PhoneNumberUtil::PhoneNumberFormat>(format_), &out);
  return true;
}

}  // namespace salesync::mapping
