// Assets: the admin web page's files (HTML, CSS, JavaScript modules) as compiled into the binary, with the
// Content-Type each is served with and a strong ETag of its bytes (so browsers revalidate cheaply and a new
// binary's files are never mixed with a cached old one).
// Thread-safety: the table is built once, then read-only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace salesync::ui {

struct Asset {
  std::string name;          // "app.js"
  std::string content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
  std::string etag;          // "\"<16 hex digits>\""
};

// The asset called `name`, or null.
const Asset* FindAsset(std::string_view name);
// Every asset, sorted by name.
const std::vector<Asset>& AllAssets();
// The Content-Type for a file name, by its extension; application/octet-stream when unknown.
std::string ContentTypeFor(std::string_view name);

}  // namespace salesync::ui
