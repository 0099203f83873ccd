#include "mapping/date_time.h"

#include <gtest/gtest.h>

namespace salesync::mapping {
namespace {

using Outcome = DateTimeConverter::Outcome;

DateTimeConverter Make(std::string from, std::string to, std::string zone = "UTC", std::string to_zone = "UTC") {
  config::TransformSpec t;
  t.kind = config::TransformKind::kDateTime;
  t.from = std::move(from);
  t.to = std::move(to);
  t.time_zone = std::move(zone);
  t.to_time_zone = std::move(to_zone);
  auto c = DateTimeConverter::Create(t);
  EXPECT_TRUE(c.ok()) << c.error().ToString();
  return std::move(c).value();
}

Outcome Try(const DateTimeConverter& c, std::string_view in) {
  std::string out;
  return c.Convert(in, out, nullptr);
}

std::string Convert(const DateTimeConverter& c, std::string_view in, Outcome expected = Outcome::kOk,
                    std::string* why_out = nullptr) {
  std::string out, why;
  Outcome o = c.Convert(in, out, &why);
  EXPECT_EQ(o, expected) << in << ": " << why;
  if (why_out) *why_out = why;
  return o == Outcome::kInvalid ? "invalid: " + why : out;
}

TEST(DateTimeTest, ReadsIso8601Variants) {
  auto c = Make("iso8601", "iso8601");
  EXPECT_EQ(Convert(c, "2024-03-31T14:05:00Z"), "2024-03-31T14:05:00.000Z");
  EXPECT_EQ(Convert(c, "2024-03-31T14:05:00.123456Z"), "2024-03-31T14:05:00.123Z");
  EXPECT_EQ(Convert(c, "2013-05-20T20:49:32.000+0000"), "2013-05-20T20:49:32.000Z");  // Salesforce
  EXPECT_EQ(Convert(c, "2024-03-31T16:05:00+02:00"), "2024-03-31T14:05:00.000Z");
  EXPECT_EQ(Convert(c, "2024-03-31T09:05-05"), "2024-03-31T14:05:00.000Z");
  EXPECT_EQ(Convert(c, "2024-03-31 14:05"), "2024-03-31T14:05:00.000Z");
  EXPECT_EQ(Convert(c, "2024-02-29"), "2024-02-29T00:00:00.000Z");
}

TEST(DateTimeTest, RejectsInvalidDates) {
  auto c = Make("iso8601", "date");
  for (const char* bad : {"", "2023-02-29", "2024-13-01", "2024-04-31", "2024-03-31T24:00:00Z", "2024-03-31T12:60Z",
                          "2024-3-31", "31/03/2024", "2024-03-31T12:00:00+25:00", "2024-03-31T12:00:00Zjunk",
                          "tomorrow", "2024-03-31T"}) {
    EXPECT_EQ(Try(c, bad), Outcome::kInvalid) << bad;
  }
  std::string why;
  std::string out;
  EXPECT_EQ(c.Convert("2023-02-29", out, &why), Outcome::kInvalid);
  EXPECT_EQ(why, "not a date/time in the expected format (ISO 8601 such as 2024-03-31T14:05:00Z)");
}

TEST(DateTimeTest, ConvertsBetweenZonesAcrossMidnight) {
  auto to_amsterdam = Make("iso8601", "iso8601", "UTC", "Europe/Amsterdam");
  EXPECT_EQ(Convert(to_amsterdam, "2024-01-15T23:30:00Z"), "2024-01-16T00:30:00.000+01:00");
  EXPECT_EQ(Convert(to_amsterdam, "2024-07-15T23:30:00Z"), "2024-07-16T01:30:00.000+02:00");
  auto date_in_seoul = Make("iso8601", "date", "UTC", "Asia/Seoul");
  EXPECT_EQ(Convert(date_in_seoul, "2024-03-31T20:00:00Z"), "2024-04-01");
  auto new_york_local = Make("iso8601", "iso8601", "America/New_York", "UTC");
  EXPECT_EQ(Convert(new_york_local, "2024-07-04T12:00:00"), "2024-07-04T16:00:00.000Z");
  EXPECT_EQ(Convert(new_york_local, "2024-12-04T12:00:00"), "2024-12-04T17:00:00.000Z");
  // An explicit offset wins over the configured zone.
  EXPECT_EQ(Convert(new_york_local, "2024-12-04T12:00:00Z"), "2024-12-04T12:00:00.000Z");
}

TEST(DateTimeTest, DaylightSavingGapMovesLaterAndOverlapTakesTheFirst) {
  auto c = Make("iso8601", "iso8601", "Europe/Amsterdam", "Europe/Amsterdam");
  std::string why;
  // 2024-03-31 02:00 → 03:00 in Amsterdam: 02:30 does not exist.
  EXPECT_EQ(Convert(c, "2024-03-31T02:30:00", Outcome::kShifted, &why), "2024-03-31T03:30:00.000+02:00");
  EXPECT_EQ(why, "02:30 does not exist in Europe/Amsterdam (clocks moved forward); moved 60 minutes later, to 03:30");
  // 2024-10-27 03:00 → 02:00: 02:30 happens twice.
  EXPECT_EQ(Convert(c, "2024-10-27T02:30:00", Outcome::kShifted, &why), "2024-10-27T02:30:00.000+02:00");
  EXPECT_EQ(why, "02:30 happens twice in Europe/Amsterdam (clocks moved back); took the first, at +02:00");
  EXPECT_EQ(Convert(c, "2024-10-27T03:30:00"), "2024-10-27T03:30:00.000+01:00");
  auto to_utc = Make("iso8601", "iso8601", "Europe/Amsterdam", "UTC");
  EXPECT_EQ(Convert(to_utc, "2024-03-31T01:59:59"), "2024-03-31T00:59:59.000Z");
  EXPECT_EQ(Convert(to_utc, "2024-03-31T03:00:00"), "2024-03-31T01:00:00.000Z");
}

TEST(DateTimeTest, EpochInAndOut) {
  auto ms = Make("epoch_ms", "iso8601");
  EXPECT_EQ(Convert(ms, "1711929600000"), "2024-04-01T00:00:00.000Z");
  EXPECT_EQ(Convert(ms, "-1000"), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(Convert(ms, "1.7e12", Outcome::kInvalid), "invalid: not a date/time in the expected format (milliseconds since 1970, an integer)");
  EXPECT_EQ(Try(ms, "99999999999999999999"), Outcome::kInvalid);
  EXPECT_EQ(Try(ms, "253402300800000"), Outcome::kInvalid);  // year 10000
  auto secs = Make("epoch_secs", "epoch_ms");
  EXPECT_EQ(Convert(secs, "1711929600"), "1711929600000");
  EXPECT_EQ(Try(secs, "9223372036854775807"), Outcome::kInvalid);
  auto back = Make("iso8601", "epoch_secs");
  EXPECT_EQ(Convert(back, "1969-12-31T23:59:59.500Z"), "-1");
}

TEST(DateTimeTest, PatternsInAndOut) {
  auto dutch = Make("%d/%m/%Y %H:%M", "iso8601", "Europe/Amsterdam", "UTC");
  EXPECT_EQ(Convert(dutch, "31/12/2024 23:15"), "2024-12-31T22:15:00.000Z");
  EXPECT_EQ(Convert(dutch, "31/02/2024 23:15", Outcome::kInvalid).substr(0, 8), "invalid:");
  EXPECT_EQ(Convert(dutch, "31/12/2024 23:15 trailing", Outcome::kInvalid).substr(0, 8), "invalid:");
  auto with_offset = Make("%Y-%m-%d %H:%M %z", "date", "Asia/Seoul", "UTC");
  EXPECT_EQ(Convert(with_offset, "2024-01-01 01:00 +0900"), "2023-12-31");
  auto out_pattern = Make("iso8601", "%d %B %Y, %I:%M %p %Ez", "UTC", "America/New_York");
  EXPECT_EQ(Convert(out_pattern, "2024-07-04T16:30:00Z"), "04 July 2024, 12:30 PM -04:00");
}

TEST(DateTimeTest, CreateRefusesUnknownZonesAndBadPatterns) {
  config::TransformSpec t;
  t.kind = config::TransformKind::kDateTime;
  t.time_zone = "Mars/Olympus";
  EXPECT_FALSE(DateTimeConverter::Create(t).ok());
  t.time_zone = "UTC";
  t.from = "%Q";
  EXPECT_FALSE(DateTimeConverter::Create(t).ok());
}

}  // namespace
}  // namespace salesync::mapping
