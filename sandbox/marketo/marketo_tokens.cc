#include "sandbox/marketo/marketo_tokens.h"

#include "sandbox/marketo/marketo_request.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint64_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint64_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= '2' && c <= '7') v = c - '2' + 26;
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string EncodeActivityToken(const ActivityToken& t) {
  std::string since = FormatActivityDatetime(t.since_millis);
  since.insert(since.size() - 5, ".000");  // "2008-11-06T00:00:00.000+0000"
  return Base32Encode(since + "," + std::to_string(t.position));
}

std::optional<ActivityToken> DecodeActivityToken(std::string_view token) {
  auto text = Base32Decode(token);
  if (!text) return std::nullopt;
  size_t comma = text->rfind(',');
  if (comma == std::string::npos) return std::nullopt;
  auto since = ParseMarketoDatetime(text->substr(0, comma));
  int64_t position = 0;
  if (!since || !ParseInt64(text->substr(comma + 1), &position) || position < 0) return std::nullopt;
  return ActivityToken{since->unix_millis, position};
}

uint64_t Fingerprint(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string EncodePageToken(char kind, int64_t value, uint64_t fingerprint) {
  return Base32Encode(std::string(1, kind) + ":" + std::to_string(value) + ":" + std::to_string(fingerprint % 1000000007));
}

std::optional<int64_t> DecodePageToken(std::string_view token, char kind, uint64_t fingerprint) {
  auto text = Base32Decode(token);
  if (!text || text->size() < 4 || (*text)[0] != kind || (*text)[1] != ':') return std::nullopt;
  size_t colon = text->find(':', 2);
  if (colon == std::string::npos) return std::nullopt;
  int64_t value = 0, fp = 0;
  if (!ParseInt64(text->substr(2, colon - 2), &value) || !ParseInt64(text->substr(colon + 1), &fp)) return std::nullopt;
  if (static_cast<uint64_t>(fp) != fingerprint % 1000000007 || value < 0) return std::nullopt;
  return value;
}

}  // namespace salesync::sandbox::marketo
