#include "sandbox/fault_injector.h"

#include <gtest/gtest.h>

namespace salesync::sandbox {
namespace {

TEST(GlobTest, Matches) {
  EXPECT_TRUE(GlobMatch("/rest/v1/leads*", "/rest/v1/leads.json"));
  EXPECT_TRUE(GlobMatch("*", "/x"));
  EXPECT_TRUE(GlobMatch("/services/data/*/query*", "/services/data/v60.0/query/01gx-2000"));
  EXPECT_FALSE(GlobMatch("/rest/v1/leads*", "/rest/v1/lists.json"));
  EXPECT_FALSE(GlobMatch("/a", "/ab"));
}

TEST(FaultInjectorTest, CountedRulesFireExactlyCountTimes) {
  FaultInjector f;
  ASSERT_TRUE(f.Add({{"match", "GET /x*"}, {"count", 2}, {"kind", "status"}, {"status", 503}}).ok());
  EXPECT_FALSE(f.Match("POST", "/x").has_value());
  auto a = f.Match("GET", "/x1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->status, 503);
  EXPECT_TRUE(f.Match("GET", "/x2").has_value());
  EXPECT_FALSE(f.Match("GET", "/x3").has_value());
}

TEST(FaultInjectorTest, ShareIsDeterministicForASeed) {
  auto count = [](uint64_t seed) {
    FaultInjector f(seed);
    EXPECT_TRUE(f.Add({{"match", "* *"}, {"share", 0.3}, {"kind", "drop_before"}}).ok());
    int n = 0;
    for (int i = 0; i < 1000; ++i) n += f.Match("GET", "/p").has_value();
    return n;
  };
  int a = count(7);
  EXPECT_EQ(a, count(7));
  EXPECT_GT(a, 220);
  EXPECT_LT(a, 380);
}

TEST(FaultInjectorTest, RejectsBadRulesWithASentence) {
  FaultInjector f;
  EXPECT_FALSE(f.Add({{"match", "nospace"}, {"kind", "status"}}).ok());
  auto r = f.Add({{"match", "GET /x"}, {"kind", "explode"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("Unknown fault kind \"explode\""), std::string::npos);
  EXPECT_FALSE(f.Add({{"match", "GET /x"}, {"kind", "provider_error"}}).ok());
  EXPECT_FALSE(f.Add({{"match", "GET /x"}, {"kind", "status"}, {"share", 2}}).ok());
}

}  // namespace
}  // namespace salesync::sandbox
