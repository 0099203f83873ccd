// Secret: a string that cannot be logged by accident.
//
// Streaming or formatting a Secret prints "***". The only way to the plaintext is Reveal(), which is
// meant to be called at the last moment (an Authorization header, a cipher). The buffer is wiped on
// destruction. Thread-safety: value type.
#pragma once

#include <ostream>
#include <string>

namespace salesync {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string plaintext) : value_(std::move(plaintext)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret();

  bool empty() const { return value_.empty(); }
  const std::string& Reveal() const { return value_; }

  friend std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "***"; }
  friend bool operator==(const Secret&, const Secret&) = delete;  // use ConstantTimeEquals

 private:
  std::string value_;
};

// Compares without leaking the position of the first difference through timing.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace salesync
