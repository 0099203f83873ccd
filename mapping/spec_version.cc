#include "mapping/spec_version.h"

#include <algorithm>

#include <openssl/evp.h>

#include "base/random.h"
#include "mapping/text.h"

namespace salesync::mapping {

namespace {

using config::TransformKind;

// Strings go through SanitiseUtf8 so that dump() never throws on bytes that are not UTF-8.
std::string S(const std::string& s) { return SanitiseUtf8(s); }

nlohmann::json TransformJson(const config::TransformSpec& t) {
  nlohmann::json args = nlohmann::json::object();
  switch (t.kind) {
    case TransformKind::kTrim:
    case TransformKind::kLower:
    case TransformKind::kUpper:
      break;
    case TransformKind::kDefault:
      args["value"] = S(t.value);
      break;
    case TransformKind::kConcat:
      args = {{"separator", S(t.separator)}, {"skip_empty", t.skip_empty}};
      break;
    case TransformKind::kSplit:
      args = {{"separator", S(t.separator)}, {"part", t.part}, {"skip_empty", t.skip_empty}};
      break;
    case TransformKind::kMap: {
      nlohmann::json values = nlohmann::json::array();
      auto sorted = t.values;
      std::sort(sorted.begin(), sorted.end());
      for (const auto& [from, to] : sorted) values.push_back({S(from), S(to)});
      args = {{"values", values}, {"ignore_case", t.ignore_case}};
      args["fallback"] = t.fallback ? nlohmann::json(S(*t.fallback)) : nlohmann::json(nullptr);
      break;
    }
    case TransformKind::kDateTime:
      args = {{"from", S(t.from)}, {"to", S(t.to)}, {"time_zone", S(t.time_zone)}, {"to_time_zone", S(t.to_time_zone)}};
      break;
    case TransformKind::kPhone:
      args = {{"default_country", S(t.default_country)}, {"format", S(t.phone_format)}, {"invalid", S(t.invalid)}};
      break;
    case TransformKind::kTruncate:
      args = {{"max_chars", t.max_chars}};
      break;
  }
  return {{"name", std::string(config::TransformName(t.kind))}, {"args", args}};
}

}  // namespace

nlohmann::json NormalisedSpec(const config::MappingSpec& spec) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& row : spec.fields) {
    nlohmann::json source = nlohmann::json::array();
    for (const auto& s : row.source) source.push_back(S(s));
    nlohmann::json transforms = nlohmann::json::array();
    for (const auto& t : row.transforms) transforms.push_back(TransformJson(t));
    fields.push_back({{"source", source},
                      {"target", S(row.target)},
                      {"transforms", transforms},
                      {"default", row.default_value ? nlohmann::json(S(*row.default_value)) : nlohmann::json(nullptr)}});
  }
  nlohmann::json identity = nlohmann::json::array();
  for (const auto& i : spec.identity) identity.push_back(S(i));
  return {{"source", {{"connection", S(spec.source.connection)}, {"object", S(spec.source.object)}}},
          {"target", {{"connection", S(spec.target.connection)}, {"object", S(spec.target.object)}}},
          {"identity", identity},
          {"fields", fields}};
}

std::string SpecVersion(const config::MappingSpec& spec) {
  std::string text = NormalisedSpec(spec).dump();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace salesync::mapping
