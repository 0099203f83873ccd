#include "sandbox/marketo/marketo_time.h"

#include <gtest/gtest.h>

#include "sandbox/marketo/marketo_tokens.h"

namespace salesync::sandbox::marketo {
namespace {

int64_t Millis(const char* s) { return ParseMarketoDatetime(s)->unix_millis; }

TEST(MarketoTimeTest, AcceptsEveryDatetimeSpellingOfTheFactSheet) {
  const int64_t utc = 1463523105000;  // 2016-05-17T22:11:45Z
  EXPECT_EQ(Millis("2016-05-17T22:11:45Z"), utc);
  EXPECT_EQ(Millis("2016-05-17T14:11:45-08:00"), utc);
  EXPECT_EQ(Millis("2016-05-17T22:11:45+0000"), utc);
  EXPECT_EQ(Millis("2016-05-17T22:11:45Z+0000"), utc);  // the asset API's spelling (sic)
  EXPECT_EQ(Millis("2016-05-17 22:11:45"), utc);         // 2014 captures: no T, no zone -> UTC
  EXPECT_EQ(Millis("2016-05-18T00:11:45 02:00"), utc);   // an unencoded '+' arrives as a space
  EXPECT_EQ(Millis("2016-05-17T22:11:45.000+00:00"), utc);
  EXPECT_EQ(Millis("2016-05-17"), 1463443200000);
  EXPECT_TRUE(ParseMarketoDatetime("2016-05-17T22:11:45.250Z")->had_fraction);
  EXPECT_EQ(Millis("2016-05-17T22:11:45.250Z"), utc + 250);
  EXPECT_FALSE(ParseMarketoDatetime("17/05/2016"));
  EXPECT_FALSE(ParseMarketoDatetime("2016-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseMarketoDatetime("2016-05-17T22:11:45Zjunk"));
}

TEST(MarketoTimeTest, FormatsLeadsWithZAndActivitiesWithOffset) {
  EXPECT_EQ(FormatLeadDatetime(1463523105000), "2016-05-17T22:11:45Z");
  EXPECT_EQ(FormatActivityDatetime(1463523105000), "2016-05-17T22:11:45+0000");
}

TEST(MarketoTimeTest, CentralDaysFollowDaylightSavingTime) {
  // Winter (CST, UTC-6): 2026-01-15 05:59Z is still Jan 14 in Chicago, 06:00Z is Jan 15.
  EXPECT_EQ(FormatDay(CentralDay(Millis("2026-01-15T05:59:59Z"))), "2026-01-14");
  EXPECT_EQ(FormatDay(CentralDay(Millis("2026-01-15T06:00:00Z"))), "2026-01-15");
  // Summer (CDT, UTC-5).
  EXPECT_EQ(FormatDay(CentralDay(Millis("2026-07-15T04:59:59Z"))), "2026-07-14");
  EXPECT_EQ(FormatDay(CentralDay(Millis("2026-07-15T05:00:00Z"))), "2026-07-15");
  EXPECT_EQ(CentralDayStartMillis(CentralDay(Millis("2026-07-15T12:00:00Z"))), Millis("2026-07-15T05:00:00Z"));
  EXPECT_EQ(CentralDayStartMillis(CentralDay(Millis("2026-11-23T12:00:00Z"))), Millis("2026-11-23T06:00:00Z"));
}

TEST(MarketoTokensTest, ActivityTokensDecodeLikeTheDocumentedExamples) {
  // The documentation's token "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBRGA3TQ===" is base32 of
  // "2008-11-06T00:00:00.000+0000,1078".
  auto doc = DecodeActivityToken("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBRGA3TQ===");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->position, 1078);
  EXPECT_EQ(FormatLeadDatetime(doc->since_millis), "2008-11-06T00:00:00Z");
  std::string ours = EncodeActivityToken({doc->since_millis, 1078});
  EXPECT_EQ(ours, "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBRGA3TQ===");
  EXPECT_FALSE(DecodeActivityToken("not a token"));
  EXPECT_EQ(DecodePageToken(EncodePageToken('L', 300, 42), 'L', 42), 300);
  EXPECT_FALSE(DecodePageToken(EncodePageToken('L', 300, 42), 'L', 43));  // another query's token
}

}  // namespace
}  // namespace salesync::sandbox::marketo
