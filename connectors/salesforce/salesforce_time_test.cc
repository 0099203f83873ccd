#include "connectors/salesforce/salesforce_time.h"

#include <gtest/gtest.h>

namespace salesync::connectors::salesforce {
namespace {

constexpr int64_t kT = 1368996572000;  // 2013-05-19T20:49:32Z

TEST(SalesforceTimeTest, ParsesEveryFormatSalesforceAndPeersSend) {
  struct Case {
    const char* text;
    int64_t ms;
  } cases[] = {
      {"2013-05-19T20:49:32.000+0000", kT},       // REST records, getDeleted
      {"2013-05-19T20:49:32.123+0000", kT + 123},
      {"2013-05-19T20:49:32Z", kT},               // SOQL literal style
      {"2013-05-19T20:49:32.5Z", kT + 500},
      {"2013-05-19T20:49:32.000000Z", kT},        // tap-salesforce
      {"2013-05-19T20:49:32.000+00:00", kT},      // airbyte
      {"2013-05-19T22:49:32.000+02:00", kT},
      {"2013-05-19T15:49:32.000-0500", kT},
      {"2013-05-19T21:49:32+01", kT},
      {"2013-05-19T20:49:32", kT},                // no offset: UTC
  };
  for (const auto& c : cases) {
    auto ms = ParseSalesforceDateTime(c.text);
    ASSERT_TRUE(ms.ok()) << c.text << ": " << ms.error().ToString();
    EXPECT_EQ(*ms, c.ms) << c.text;
  }
}

TEST(SalesforceTimeTest, TruncatesBelowTheMillisecondNeverRoundsUp) {
  EXPECT_EQ(*ParseSalesforceDateTime("2013-05-19T20:49:32.999999Z"), kT + 999);
  EXPECT_EQ(*ParseSalesforceDateTime("2013-05-19T20:49:32.0019Z"), kT + 1);
}

TEST(SalesforceTimeTest, RefusesMalformedText) {
  for (const char* bad : {"", "2013-05-19", "2013-05-19 20:49:32Z", "2013-13-01T00:00:00Z", "2013-02-29T00:00:00Z",
                          "2013-05-19T24:00:00Z", "2013-05-19T20:49:32.Z", "2013-05-19T20:49:32+0", "2013-05-19T20:49:32ZZ",
                          "2013-05-19T20:49:32.0000000000Z", "2013-05-19T20:49:32 +0000", "x013-05-19T20:49:32Z"}) {
    auto ms = ParseSalesforceDateTime(bad);
    ASSERT_FALSE(ms.ok()) << bad;
    EXPECT_EQ(ms.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(ParseSalesforceDateTime("2012-02-29T00:00:00Z").ok()) << "leap day";
}

TEST(SalesforceTimeTest, FormatsForSoqlWithMillisecondsAndRoundTrips) {
  EXPECT_EQ(*FormatSoqlDateTime(kT + 7), "2013-05-19T20:49:32.007Z");
  EXPECT_EQ(*FormatSoqlDateTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(*FormatSoqlDateTime(-1), "1969-12-31T23:59:59.999Z");
  for (int64_t ms : {kT, kT + 1, kT + 999, int64_t{951782400000}, int64_t{253402300799999}}) {
    auto text = FormatSoqlDateTime(ms);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*ParseSalesforceDateTime(*text), ms) << *text;
  }
  EXPECT_FALSE(FormatSoqlDateTime(253402300800000).ok()) << "year 10000";
}

}  // namespace
}  // namespace salesync::connectors::salesforce
