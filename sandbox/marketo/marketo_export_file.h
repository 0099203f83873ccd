// ExportFile: a finished bulk extract file, written once to an anonymous temporary file (so a
// 500 MB export never sits in memory) and read back in ranges while clients download it.
// ExportWriter writes the delimited rows (CSV, TSV or SSV = semicolon-separated) and computes the
// record count, size and SHA-256 that status.json reports.
// Thread-safety: an ExportFile is immutable once finished and may be read from any thread
// (positional reads); an ExportWriter belongs to one thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/http_message.h"

namespace salesync::sandbox::marketo {

class ExportFile {
 public:
  explicit ExportFile(std::FILE* f) : f_(f) {}
  ~ExportFile();
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;

  uint64_t size() const { return size_; }
  // Up to `max` bytes at `offset`; 0 at the end or on error.
  size_t ReadAt(uint64_t offset, char* buffer, size_t max) const;

 private:
  friend class ExportWriter;
  std::FILE* f_;
  uint64_t size_ = 0;
};

class ExportWriter {
 public:
  // format: "CSV", "TSV" or "SSV".
  explicit ExportWriter(const std::string& format);
  ~ExportWriter();

  Status Open();
  void Row(const std::vector<std::string>& cells);
  // Flushes; the file, or an error when the disk failed.
  Result<std::shared_ptr<ExportFile>> Finish();

  int64_t rows() const { return rows_; }  // data rows (the header is not counted)
  std::string checksum() const { return checksum_; }  // "sha256:<hex>" after Finish()

 private:
  void Append(const std::string& s);

  char separator_;
  std::shared_ptr<ExportFile> file_;
  void* sha_ = nullptr;  // EVP_MD_CTX*
  std::string buffer_;
  int64_t rows_ = -1;
  bool failed_ = false;
  std::string checksum_;
};

// A streamed response body over [offset, offset+length) of a file.
class ExportFileSource : public net::BodySource {
 public:
  ExportFileSource(std::shared_ptr<ExportFile> file, uint64_t offset, uint64_t length)
      : file_(std::move(file)), offset_(offset), remaining_(length) {}
  size_t Read(char* buffer, size_t max) override;

 private:
  std::shared_ptr<ExportFile> file_;
  uint64_t offset_;
  uint64_t remaining_;
};

}  // namespace salesync::sandbox::marketo
