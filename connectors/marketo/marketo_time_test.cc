#include "connectors/marketo/marketo_time.h"

#include <gtest/gtest.h>

namespace salesync::connectors::marketo {
namespace {

constexpr int64_t k2016 = 1463523105000;  // 2016-05-17T22:11:45Z

TEST(MarketoTime, EveryFactSheetSpelling) {
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45Z"), k2016);
  EXPECT_EQ(ParseDatetime("2016-05-17T14:11:45-08:00"), k2016);
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45+0000"), k2016);
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45+00:00"), k2016);
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45Z+0000"), k2016);  // asset API, sic
  EXPECT_EQ(ParseDatetime("2016-05-17 22:11:45"), k2016);        // 2014 captures: no zone is UTC
  EXPECT_EQ(ParseDatetime("2016-05-18T00:11:45+02"), k2016);
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45 0000"), k2016);   // '+' not URL-encoded
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11Z"), k2016 - 45000);
}

TEST(MarketoTime, FactSheetExamplesVerbatim) {
  EXPECT_TRUE(ParseDatetime("2015-05-07T11:47:30-08:00").has_value());
  EXPECT_TRUE(ParseDatetime("2014-09-17T22:31:49+0000").has_value());
  EXPECT_TRUE(ParseDatetime("2017-07-27T01:38:33Z+0000").has_value());
  EXPECT_TRUE(ParseDatetime("2014-11-13 12:43:04").has_value());
  EXPECT_EQ(*ParseDatetime("2015-05-07T11:47:30-08:00"), *ParseDatetime("2015-05-07T19:47:30Z"));
}

TEST(MarketoTime, Milliseconds) {
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45.123Z"), k2016 + 123);
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45.1+0000"), k2016 + 100);
  EXPECT_EQ(ParseDatetime("2016-05-17T22:11:45.123456-00:00"), k2016 + 123);
  EXPECT_EQ(ParseDatetime("2008-11-06T00:00:00.000+0000"), 1225929600000);  // inside the doc's paging token
}

TEST(MarketoTime, DateOnly) { EXPECT_EQ(ParseDatetime("2016-05-17"), 1463443200000); }

TEST(MarketoTime, Rejects) {
  for (const char* bad : {"", "yesterday", "2016-13-01", "2016-05-17T25:00:00Z", "2016-05-17T22:11:45Q",
                          "2016-05-17T22:11:45.Z", "2016/05/17", "2016-05-17T22:11:45+9"}) {
    EXPECT_FALSE(ParseDatetime(bad).has_value()) << bad;
  }
}

TEST(MarketoTime, FormatHasNoMillisecondsAndNeverRoundsUp) {
  EXPECT_EQ(FormatDatetime(k2016), "2016-05-17T22:11:45Z");
  EXPECT_EQ(FormatDatetime(k2016 + 999), "2016-05-17T22:11:45Z");
  EXPECT_EQ(ParseDatetime(FormatDatetime(k2016)), k2016);
}

TEST(MarketoTime, CentralMidnightFollowsDaylightSavingTime) {
  // 2026-07-01T12:00Z is 07:00 CDT: the next Central day starts 2026-07-02T05:00Z.
  int64_t summer = *ParseDatetime("2026-07-01T12:00:00Z");
  EXPECT_EQ(FormatDatetime(NextCentralMidnight(summer)), "2026-07-02T05:00:00Z");
  // 2026-11-23T03:00Z is still 2026-11-22 21:00 CST: the next day starts 2026-11-23T06:00Z.
  int64_t winter = *ParseDatetime("2026-11-23T03:00:00Z");
  EXPECT_EQ(FormatDatetime(NextCentralMidnight(winter)), "2026-11-23T06:00:00Z");
  EXPECT_EQ(CentralDay(winter) + 1, CentralDay(NextCentralMidnight(winter)));
  // The night clocks go back (2026-11-01 02:00 CDT → 01:00 CST).
  int64_t change = *ParseDatetime("2026-10-31T20:00:00Z");
  EXPECT_EQ(FormatDatetime(NextCentralMidnight(change)), "2026-11-01T05:00:00Z");
}

}  // namespace
}  // namespace salesync::connectors::marketo
