#include "sandbox/marketo/marketo_export_file.h"

#include <openssl/evp.h>
#include <unistd.h>

#include "base/random.h"

namespace salesync::sandbox::marketo {

ExportFile::~ExportFile() {
  if (f_) std::fclose(f_);
}

size_t ExportFile::ReadAt(uint64_t offset, char* buffer, size_t max) const {
  if (!f_ || offset >= size_) return 0;
  size_t want = static_cast<size_t>(std::min<uint64_t>(max, size_ - offset));
  ssize_t n = ::pread(fileno(f_), buffer, want, static_cast<off_t>(offset));
  return n > 0 ? static_cast<size_t>(n) : 0;
}

ExportWriter::ExportWriter(const std::string& format)
    : separator_(format == "TSV" ? '\t' : (format == "SSV" ? ';' : ',')) {}

ExportWriter::~ExportWriter() {
  if (sha_) EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(sha_));
}

Status ExportWriter::Open() {
  std::FILE* f = std::tmpfile();
  if (!f) return MakeError(ErrorCode::kInternal, "Cannot create a temporary file for a bulk export.");
  file_ = std::make_shared<ExportFile>(f);
  sha_ = EVP_MD_CTX_new();
  if (!sha_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(sha_), EVP_sha256(), nullptr) != 1) {
    return MakeError(ErrorCode::kInternal, "Cannot start a SHA-256 digest.");
  }
  return OkStatus();
}

void ExportWriter::Append(const std::string& s) {
  buffer_ += s;
  if (buffer_.size() >= (1 << 16)) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(sha_), buffer_.data(), buffer_.size());
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_->f_) != buffer_.size()) failed_ = true;
    file_->size_ += buffer_.size();
    buffer_.clear();
  }
}

void ExportWriter::Row(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += separator_;
    const std::string& c = cells[i];
    // CSV/SSV quote cells holding the separator, a quote or a line break; TSV has no quoting
    // convention for quotes, so only separators and line breaks force it there.
    std::string specials = std::string("\r\n") + separator_ + (separator_ == '\t' ? "" : "\"");
    bool quote = c.find_first_of(specials) != std::string::npos;
    if (!quote) {
      line += c;
      continue;
    }
    line += '"';
    for (char ch : c) {
      if (ch == '"') line += '"';
      line += ch;
    }
    line += '"';
  }
  line += '\n';
  Append(line);
  ++rows_;
}

Result<std::shared_ptr<ExportFile>> ExportWriter::Finish() {
  if (!buffer_.empty()) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(sha_), buffer_.data(), buffer_.size());
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_->f_) != buffer_.size()) failed_ = true;
    file_->size_ += buffer_.size();
    buffer_.clear();
  }
  if (std::fflush(file_->f_) != 0) failed_ = true;
  if (failed_) return MakeError(ErrorCode::kInternal, "Writing a bulk export file failed (disk full?).");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(sha_), digest, &len);
  checksum_ = "sha256:" + HexEncode(std::string(reinterpret_cast<char*>(digest), len));
  if (rows_ < 0) rows_ = 0;
  return file_;
}

size_t ExportFileSource::Read(char* buffer, size_t max) {
  if (remaining_ == 0) return 0;
  size_t n = file_->ReadAt(offset_, buffer, static_cast<size_t>(std::min<uint64_t>(max, remaining_)));
  offset_ += n;
  remaining_ -= n;
  return n;
}

}  // namespace salesync::sandbox::marketo
