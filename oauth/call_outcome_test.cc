#include "oauth/call_outcome.h"

#include <gtest/gtest.h>

namespace salesync::oauth {
namespace {

net::ClientResponse Response(int status, std::string body, net::HeaderMap headers = {}) {
  net::ClientResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(CallOutcomeTest, DefaultTableFollowsHttp) {
  EXPECT_EQ(ClassifyResponse("linkedin", Response(200, "{}")).cls, CallClass::kSuccess);
  EXPECT_EQ(ClassifyResponse("linkedin", Response(401, "")).cls, CallClass::kAuthExpired);
  EXPECT_EQ(ClassifyResponse("linkedin", Response(403, "")).cls, CallClass::kPermanent);
  EXPECT_EQ(ClassifyResponse("linkedin", Response(404, "")).cls, CallClass::kPermanent);
  EXPECT_EQ(ClassifyResponse("linkedin", Response(408, "")).cls, CallClass::kTransient);
  EXPECT_EQ(ClassifyResponse("linkedin", Response(503, "")).cls, CallClass::kTransient);
  auto limited = ClassifyResponse("linkedin", Response(429, "", {{"Retry-After", "7"}}));
  EXPECT_EQ(limited.cls, CallClass::kRateLimited);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(7));
}

TEST(CallOutcomeTest, MarketoErrorsInsideA200) {
  auto code = [](const std::string& c) {
    return ClassifyResponse("marketo", Response(200, R"({"requestId":"a#b","success":false,"errors":[{"code":")" + c +
                                                         R"(","message":"m"}]})"));
  };
  EXPECT_EQ(code("601").cls, CallClass::kAuthExpired);
  EXPECT_EQ(code("602").cls, CallClass::kAuthExpired);
  EXPECT_EQ(code("606").cls, CallClass::kRateLimited);
  EXPECT_EQ(code("606").retry_after, std::chrono::seconds(20));
  EXPECT_EQ(code("615").cls, CallClass::kRateLimited);
  EXPECT_EQ(code("607").cls, CallClass::kRateLimited);
  EXPECT_EQ(code("604").cls, CallClass::kTransient);
  EXPECT_EQ(code("611").cls, CallClass::kTransient);
  EXPECT_EQ(code("1003").cls, CallClass::kPermanent);
  EXPECT_EQ(code("702").cls, CallClass::kPermanent);
  EXPECT_EQ(code("606").code, "606");
  EXPECT_EQ(ClassifyResponse("marketo", Response(200, R"({"success":true,"result":[]})")).cls, CallClass::kSuccess);
  // A 200 that is not JSON cannot be trusted as an answer.
  EXPECT_EQ(ClassifyResponse("marketo", Response(200, "<html>")).cls, CallClass::kTransient);
}

TEST(CallOutcomeTest, SalesforceErrorArrays) {
  auto expired = ClassifyResponse("salesforce", Response(401, R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])"));
  EXPECT_EQ(expired.cls, CallClass::kAuthExpired);
  EXPECT_EQ(expired.code, "INVALID_SESSION_ID");
  auto quota = ClassifyResponse("salesforce", Response(403, R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])"));
  EXPECT_EQ(quota.cls, CallClass::kRateLimited);
  EXPECT_GT(quota.retry_after.count(), 0);
  auto malformed = ClassifyResponse("salesforce", Response(400, R"([{"message":"unexpected token","errorCode":"MALFORMED_QUERY"}])"));
  EXPECT_EQ(malformed.cls, CallClass::kPermanent);
  EXPECT_EQ(malformed.message, "unexpected token");
  EXPECT_EQ(ClassifyResponse("salesforce", Response(400, R"([{"errorCode":"QUERY_TIMEOUT","message":"t"}])")).cls,
            CallClass::kTransient);
}

TEST(CallOutcomeTest, TransportErrors) {
  EXPECT_EQ(ClassifyTransportError(MakeError(ErrorCode::kTransient, "refused")).cls, CallClass::kTransient);
  EXPECT_EQ(ClassifyTransportError(MakeError(ErrorCode::kPermanent, "bad certificate")).cls, CallClass::kPermanent);
}

TEST(CallOutcomeTest, RetryAfterSecondsAndDates) {
  auto now = std::chrono::system_clock::from_time_t(1700000000);
  EXPECT_EQ(ParseRetryAfter("120", now), std::chrono::seconds(120));
  EXPECT_EQ(ParseRetryAfter("", now).count(), 0);
  EXPECT_EQ(ParseRetryAfter("soon", now).count(), 0);
  // 1700000000 is Tue, 14 Nov 2023 22:13:20 GMT.
  EXPECT_EQ(ParseRetryAfter("Tue, 14 Nov 2023 22:13:50 GMT", now), std::chrono::seconds(30));
  EXPECT_EQ(ParseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now).count(), 0);
}

TEST(CallOutcomeTest, FullJitterStaysUnderTheCeiling) {
  std::mt19937_64 rng(1);
  for (int attempt = 0; attempt < 12; ++attempt) {
    int64_t ceiling = std::min<int64_t>(500LL << attempt, 30000);
    int64_t max_seen = 0;
    for (int i = 0; i < 200; ++i) {
      auto d = FullJitterBackoff(attempt, std::chrono::milliseconds(500), std::chrono::milliseconds(30000), rng).count();
      EXPECT_GE(d, 0);
      EXPECT_LE(d, ceiling);
      max_seen = std::max(max_seen, d);
    }
    EXPECT_GT(max_seen, ceiling / 2);  // it really spreads over the range
  }
}

}  // namespace
}  // namespace salesync::oauth
