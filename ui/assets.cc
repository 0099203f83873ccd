#include "ui/assets.h"

#include <cstdint>
#include <cstdio>

#include "ui/embedded_files.h"

namespace salesync::ui {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// FNV-1a, 64 bit: an ETag only needs to change when the bytes do.
std::string Etag(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<Asset> BuildTable() {
  std::vector<Asset> out;
  for (size_t i = 0; i < kEmbeddedFileCount; ++i) {
    const EmbeddedFile& f = kEmbeddedFiles[i];
    std::string_view body(reinterpret_cast<const char*>(f.data), f.size);
    out.push_back({f.name, ContentTypeFor(f.name), body, Etag(body)});
  }
  return out;
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  if (EndsWith(name, ".html")) return "text/html; charset=utf-8";
  if (EndsWith(name, ".js")) return "text/javascript; charset=utf-8";
  if (EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (EndsWith(name, ".svg")) return "image/svg+xml";
  if (EndsWith(name, ".csv")) return "text/csv; charset=utf-8";
  return "application/octet-stream";
}

const std::vector<Asset>& AllAssets() {
  static const std::vector<Asset> table = BuildTable();
  return table;
}

const Asset* FindAsset(std::string_view name) {
  for (const Asset& a : AllAssets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace salesync::ui
