#include "invites/email_address.h"

#include <cstring>

#include "base/strings.h"

namespace salesync::invites {

namespace {

Error Invalid(const std::string& why) { return MakeError(ErrorCode::kInvalidArgument, why); }

bool IsAtext(char c) {
  // RFC 5322 atext without '/', which would not survive in an admin API path.
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::strchr("!#$%&'*+=?^_`{|}~-", c) != nullptr;
}

}  // namespace

Result<std::string> NormaliseEmail(std::string_view text) {
  std::string e = ToLowerAscii(TrimWhitespace(text));
  if (e.empty()) return Invalid("the e-mail address is empty");
  for (char c : e) {
    if (static_cast<unsigned char>(c) >= 0x80) return Invalid("non-ASCII e-mail addresses are not supported");
    if (c == ' ' || c == '\t' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') {
      return Invalid("an e-mail address has no spaces, quotes, brackets, commas or semicolons; one address per row");
    }
  }
  if (e.size() > 254) return Invalid("the e-mail address is longer than 254 characters");
  size_t at = e.find('@');
  if (at == std::string::npos) return Invalid("the e-mail address has no @");
  if (e.find('@', at + 1) != std::string::npos) return Invalid("the e-mail address has more than one @");
  std::string_view local(e.data(), at);
  std::string_view domain(e.data() + at + 1, e.size() - at - 1);
  if (local.empty()) return Invalid("nothing before the @");
  if (local.size() > 64) return Invalid("the part before the @ is longer than 64 characters");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return Invalid("the part before the @ starts or ends with a dot, or has two dots in a row");
  }
  for (char c : local) {
    if (c != '.' && !IsAtext(c)) return Invalid(std::string("the part before the @ contains '") + c + "'");
  }
  if (domain.empty()) return Invalid("nothing after the @");
  if (domain.find('.') == std::string_view::npos) return Invalid("the domain has no dot (expected e.g. example.com)");
  size_t start = 0;
  std::string_view last_label;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty()) return Invalid("the domain has an empty label (two dots in a row, or a dot at an end)");
    if (label.size() > 63) return Invalid("a domain label is longer than 63 characters");
    if (label.front() == '-' || label.back() == '-') return Invalid("a domain label starts or ends with a hyphen");
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return Invalid(std::string("the domain contains '") + c + "'");
      }
    }
    last_label = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (last_label.size() < 2) return Invalid("the top-level domain is shorter than two letters");
  for (char c : last_label) {
    if (!(c >= 'a' && c <= 'z') && last_label.substr(0, 4) != "xn--") {
      return Invalid("the top-level domain is not made of letters");
    }
  }
  return e;
}

}  // namespace salesync::invites
