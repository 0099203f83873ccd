#include "config/secret_ref.h"

#include <cstdlib>

#include "base/files.h"

namespace salesync::config {

std::string SecretRef::Describe() const {
  switch (kind) {
    case Kind::kFile: return "file " + name;
    case Kind::kEnv: return "env " + name;
    case Kind::kCredential: return "credential " + name;
  }
  return name;
}

namespace {
Result<Secret> FromFile(const std::string& path, const std::string& what) {
  auto content = ReadFile(path);
  if (!content.ok()) {
    Error e = content.error();
    e.code = ErrorCode::kConfig;
    e.message = "Cannot read the " + what + " " + path + ": " + e.message;
    e.context.clear();
    return e;
  }
  std::string value = std::move(*content);
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) return MakeError(ErrorCode::kConfig, "The " + what + " " + path + " is empty.");
  return Secret(std::move(value));
}
}  // namespace

Result<Secret> ResolveSecret(const SecretRef& ref) {
  switch (ref.kind) {
    case SecretRef::Kind::kFile:
      return FromFile(ref.name, "secret file");
    case SecretRef::Kind::kEnv: {
      const char* v = std::getenv(ref.name.c_str());
      if (v == nullptr || *v == '\0') {
        return MakeError(ErrorCode::kConfig, "The environment variable " + ref.name + " is not set or empty.");
      }
      return Secret(v);
    }
    case SecretRef::Kind::kCredential: {
      const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
      if (dir == nullptr || *dir == '\0') {
        return MakeError(ErrorCode::kConfig, "The credential " + ref.name +
                                                 " cannot be read: CREDENTIALS_DIRECTORY is not set (add "
                                                 "LoadCredential=" + ref.name + ":PATH to the unit).");
      }
      return FromFile(JoinPath(dir, ref.name), "credential");
    }
  }
  return MakeError(ErrorCode::kInternal, "Unknown secret kind.");
}

}  // namespace salesync::config
