#include "config/config_reader.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"

namespace salesync::config {

std::string DescribeJsonType(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a number with a fraction";
    case nlohmann::json::value_t::null: return "null";
    default: return "an unsupported value";
  }
}

ConfigDocument::ConfigDocument(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
  try {
    root_ = nlohmann::json::parse(text_, /*cb=*/nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    parsed_ = true;
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based offset of the last byte read, the end of the offending token; point at its
    // start, which is where a person looks.
    size_t offset = e.byte > 0 ? std::min(e.byte - 1, text_.size()) : 0;
    if (offset < text_.size() && text_[offset] == '"' && offset > 0) {
      size_t open = offset - 1;
      while (open > 0 && !(text_[open] == '"' && text_[open - 1] != '\\')) --open;
      if (text_[open] == '"') offset = open;
    } else {
      auto token_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+'; };
      while (offset > 0 && offset < text_.size() && token_char(text_[offset - 1]) && token_char(text_[offset])) {
        --offset;
      }
    }
    TextPosition p = PositionOfOffset(text_, offset);
    std::string what = e.what();
    // Keep nlohmann's explanation, drop its own "[json.exception...] parse error at line L, column C: ".
    size_t colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    errors_.push_back({file_, p.line, p.column, "", "Syntax error: " + detail + "."});
    return;
  } catch (const nlohmann::json::exception& e) {
    // Valid JSON that cannot be held, e.g. a number beyond a double ("1E400"). The parser does not say
    // where, so the error names the file and what to look for.
    std::string what = e.what();
    size_t bracket = what.find("] ");
    errors_.push_back({file_, 1, 1, "", "Unreadable value: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)) +
                                            " (a number too large or too precise?)."});
    return;
  }
  positions_ = JsonPositions::Build(text_);
  for (const auto& d : positions_.duplicate_keys()) {
    errors_.push_back({file_, d.position.line, d.position.column, d.pointer,
                       "Duplicate key: this key appears more than once in the same object (expected each key once)."});
  }
}

void ConfigDocument::AddError(const std::string& pointer, std::string message, bool at_key) {
  TextPosition p = at_key ? positions_.KeyAt(pointer) : positions_.ValueAt(pointer);
  errors_.push_back({file_, p.line, p.column, pointer, std::move(message)});
}

ObjectReader::ObjectReader(ConfigDocument& doc, const nlohmann::json* node, std::string pointer)
    : doc_(doc), node_(node), pointer_(std::move(pointer)) {
  if (node_ != nullptr && !node_->is_object()) {
    doc_.AddError(pointer_, "Wrong type: found " + DescribeJsonType(*node_) + " (expected an object).");
    node_ = nullptr;
  }
}

std::string ObjectReader::ChildPointer(std::string_view key) const {
  return pointer_ + "/" + EscapePointerToken(key);
}

void ObjectReader::AddError(std::string_view key, std::string message, bool at_key) {
  doc_.AddError(key.empty() ? pointer_ : ChildPointer(key), std::move(message), at_key);
}

const nlohmann::json* ObjectReader::Get(std::string_view key, Presence presence, const char* expected) {
  known_.emplace_back(key);
  if (node_ == nullptr) return nullptr;
  auto it = node_->find(std::string(key));
  if (it == node_->end()) {
    if (presence == Presence::kRequired) {
      doc_.AddError(pointer_, "Missing required key \"" + std::string(key) + "\" (expected " + expected + ").");
    }
    return nullptr;
  }
  return &*it;
}

const nlohmann::json* ObjectReader::Raw(std::string_view key) { return Get(key, Presence::kOptional, "a value"); }

std::vector<std::string> ObjectReader::MemberNames() {
  std::vector<std::string> names;
  if (node_ == nullptr) return names;
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    names.push_back(it.key());
    known_.push_back(it.key());
  }
  return names;
}

std::optional<std::string> ObjectReader::String(std::string_view key, Presence presence) {
  const nlohmann::json* v = Get(key, presence, "a string");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    AddError(key, "Wrong type: found " + DescribeJsonType(*v) + " (expected a string).");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> ObjectReader::Enum(std::string_view key, const std::vector<std::string>& allowed,
                                              Presence presence) {
  auto s = String(key, presence);
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + ("\"" + a + "\"");
  std::string message = "Unknown value \"" + *s + "\" (expected one of " + list + ").";
  if (auto hint = DidYouMean(*s, allowed)) message += " Did you mean \"" + *hint + "\"?";
  AddError(key, message);
  return std::nullopt;
}

std::optional<int64_t> ObjectReader::Integer(std::string_view key, int64_t min, int64_t max, Presence presence) {
  const nlohmann::json* v = Get(key, presence, "an integer");
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    AddError(key, "Wrong type: found " + DescribeJsonType(*v) + " (expected an integer from " + std::to_string(min) +
                      " to " + std::to_string(max) + ").");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
    AddError(key, "Out of range: " + v->dump() + " (expected an integer from " + std::to_string(min) + " to " +
                      std::to_string(max) + ").");
    return std::nullopt;
  }
  int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    AddError(key, "Out of range: " + std::to_string(n) + " (expected an integer from " + std::to_string(min) +
                      " to " + std::to_string(max) + ").");
    return std::nullopt;
  }
  return n;
}

std::optional<bool> ObjectReader::Bool(std::string_view key, Presence presence) {
  const nlohmann::json* v = Get(key, presence, "true or false");
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    AddError(key, "Wrong type: found " + DescribeJsonType(*v) + " (expected true or false).");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::StringList(std::string_view key, Presence presence) {
  const nlohmann::json* v = Get(key, presence, "an array of strings");
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    AddError(key, "Wrong type: found " + DescribeJsonType(*v) + " (expected an array of strings).");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    if (!item.is_string()) {
      doc_.AddError(ChildPointer(key) + "/" + std::to_string(i),
                    "Wrong type: found " + DescribeJsonType(item) + " (expected a string).");
      ok = false;
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Secret> ObjectReader::SecretValue(std::string_view key, Presence presence, SecretRef* ref_out) {
  static const char* kExpected = "{\"file\": PATH}, {\"env\": NAME} or {\"credential\": NAME}";
  const nlohmann::json* v = Get(key, presence, kExpected);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) {
    AddError(key, std::string("Inline secrets are not accepted, so that configuration files can be shared and "
                              "versioned (expected ") + kExpected + ").");
    return std::nullopt;
  }
  ObjectReader r(doc_, v, ChildPointer(key));
  if (!r.present()) return std::nullopt;
  SecretRef ref;
  int kinds = 0;
  if (auto f = r.String("file")) { ref.kind = SecretRef::Kind::kFile; ref.name = *f; ++kinds; }
  if (auto e = r.String("env")) { ref.kind = SecretRef::Kind::kEnv; ref.name = *e; ++kinds; }
  if (auto c = r.String("credential")) { ref.kind = SecretRef::Kind::kCredential; ref.name = *c; ++kinds; }
  r.Finish();
  if (kinds != 1) {
    AddError(key, std::string("A secret needs exactly one source (expected ") + kExpected + ").");
    return std::nullopt;
  }
  if (ref.name.empty()) {
    AddError(key, "The secret source name is empty (expected a path, variable or credential name).");
    return std::nullopt;
  }
  auto secret = ResolveSecret(ref);
  if (!secret.ok()) {
    AddError(key, secret.error().message);
    return std::nullopt;
  }
  if (ref_out) *ref_out = ref;
  return std::move(secret).value();
}

ObjectReader ObjectReader::Object(std::string_view key, Presence presence) {
  const nlohmann::json* v = Get(key, presence, "an object");
  return ObjectReader(doc_, v, ChildPointer(key));
}

void ObjectReader::Finish() {
  if (node_ == nullptr) return;
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    if (std::find(known_.begin(), known_.end(), it.key()) != known_.end()) continue;
    std::string message = "Unknown key \"" + it.key() + "\".";
    if (auto hint = DidYouMean(it.key(), known_)) message += " Did you mean \"" + *hint + "\"?";
    else {
      std::string list;
      for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
      message += " Expected one of: " + list + ".";
    }
    doc_.AddError(ChildPointer(it.key()), message, /*at_key=*/true);
  }
}

}  // namespace salesync::config
