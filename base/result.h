// Result<T>: the value of a fallible call, or the Error that says what happens next.
//
// Every fallible call in salesync returns Result<T> (or Status = Result<void>). The error code tells the
// caller what to do: retry later (kTransient), wait (kRateLimited, with retry_after), refresh credentials
// (kAuthExpired), give up on this item (kPermanent), fix the configuration (kConfig), and so on.
// Exceptions from throwing libraries (nlohmann/json, SQLiteCpp) are caught in thin adapters and turned
// into Errors; they never cross a folder boundary.
//
// Thread-safety: value types, no shared state.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace salesync {

enum class ErrorCode {
  kTransient,        // try again with backoff
  kRateLimited,      // wait at least retry_after, then try again
  kAuthExpired,      // refresh the credentials, then try again once
  kPermanent,        // this request will never succeed as it is
  kConfig,           // the configuration is wrong; an operator must act
  kNotFound,         // the thing asked for does not exist
  kInvalidArgument,  // the caller passed something malformed
  kConflict,         // the operation is not allowed in the current state
  kUnauthenticated,  // the caller did not prove who it is
  kInternal,         // a bug or an unexpected environment failure
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // a sentence an operator can act on; never contains secrets
  std::string context;  // where: "FILE:LINE:COLUMN", a JSON path, a URL path, a CSV row...
  std::chrono::milliseconds retry_after{0};

  // "context: message" or just the message.
  std::string ToString() const;
};

Error MakeError(ErrorCode code, std::string message, std::string context = {});

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok().
  const Error& error() const { return std::get<1>(data_); }
  Error& error() { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }
  Error& error() { return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace salesync
