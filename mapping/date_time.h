// DateTimeConverter: the compiled `datetime` transform. Reads a date/time written one way (ISO 8601, epoch
// milliseconds or seconds, or a strftime-style pattern) in one time zone and writes it another way in
// another zone. Time zones come from the system tz database through Howard Hinnant's date library (GCC 12's
// <chrono> has no time zones).
//
// Local times that do not exist or exist twice (DST) are resolved the way java.time does it, and said so:
// a time in a spring-forward gap moves later by the gap ("02:30" → "03:30" in Europe/Amsterdam on the last
// Sunday of March), an autumn time that happens twice takes the earlier (summer-time) offset.
// Thread-safety: immutable after Create(); Convert() may run on many threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "config/mappings_config.h"

namespace date {
class time_zone;
}

namespace salesync::mapping {

// Milliseconds since 1970-01-01T00:00:00Z.
using SysMs = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class DateTimeConverter {
 public:
  enum class Outcome {
    kOk,
    kShifted,  // a local time in a DST gap or overlap was resolved (why says how)
    kInvalid,  // the input is not a date/time in the expected format (why says what was expected)
  };

  // Resolves the zones and checks the formats. kConfig when a zone is unknown or a pattern unusable.
  static Result<DateTimeConverter> Create(const config::TransformSpec& spec);

  // Converts `input` into `out`. On kShifted and kInvalid, `why` (when given) says what happened.
  Outcome Convert(std::string_view input, std::string& out, std::string* why = nullptr) const;

  // The instant `input` denotes, resolving zone-less inputs in the source zone (also used by tests).
  Outcome Parse(std::string_view input, SysMs& out, std::string* why) const;
  void Format(SysMs instant, std::string& out) const;

 private:
  enum class Form { kIso8601, kDate, kEpochMs, kEpochSecs, kPattern };

  Outcome ResolveLocal(std::chrono::milliseconds local_since_epoch, SysMs& out, std::string* why) const;

  Form from_ = Form::kIso8601;
  Form to_ = Form::kIso8601;
  std::string from_pattern_;
  std::string to_pattern_;
  bool from_pattern_has_offset_ = false;
  const date::time_zone* zone_ = nullptr;     // nullptr: UTC
  const date::time_zone* to_zone_ = nullptr;  // nullptr: UTC
  std::string zone_name_ = "UTC";
};

// Parses a strict ISO 8601 date ("2024-03-31") or date-time ("2024-03-31T02:30:00", optional fraction and
// "Z" / "+02:00" / "+0200" / "+02"). `has_offset` tells whether the text carried one; when it did, the
// returned time is UTC, otherwise it is the local wall time as if it were UTC. False when malformed or not
// a real calendar date (2023-02-29).
bool ParseIso8601(std::string_view s, std::chrono::milliseconds& since_epoch, bool& has_offset, bool& date_only);

}  // namespace salesync::mapping
