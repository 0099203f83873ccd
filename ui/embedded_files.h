// The files of ui/assets/ compiled into the binary by embed_assets.cmake (the generated embedded_files.cc).
// Thread-safety: immutable data.
#pragma once

#include <cstddef>

namespace salesync::ui {

struct EmbeddedFile {
  const char* name;  // file name inside ui/assets/, e.g. "app.js"
  const unsigned char* data;
  size_t size;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

}  // namespace salesync::ui
