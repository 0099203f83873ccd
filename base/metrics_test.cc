#include "base/metrics.h"

#include <gtest/gtest.h>

namespace salesync {
namespace {

TEST(MetricsTest, RendersCountersWithHelpTypeAndLabels) {
  MetricsRegistry r;
  r.DeclareCounter("http_requests_total", "Requests by route and code.");
  r.AddCounter("http_requests_total", {{"route", "/healthz"}, {"code", "200"}});
  r.AddCounter("http_requests_total", {{"route", "/healthz"}, {"code", "200"}});
  std::string text = r.RenderPrometheus();
  EXPECT_NE(text.find("# HELP http_requests_total Requests by route and code.\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{route=\"/healthz\",code=\"200\"} 2\n"), std::string::npos) << text;
  EXPECT_EQ(r.CounterValue("http_requests_total", {{"route", "/healthz"}, {"code", "200"}}), 2);
}

TEST(MetricsTest, GaugeCallbacksAreComputedAtRenderTime) {
  MetricsRegistry r;
  r.DeclareGauge("uptime_seconds", "Seconds since start.");
  double v = 1;
  r.SetGaugeCallback("uptime_seconds", {}, [&v] { return v; });
  v = 42.5;
  EXPECT_NE(r.RenderPrometheus().find("uptime_seconds 42.5\n"), std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  EXPECT_EQ(RenderLabels({{"a", "x\"y\\z\n"}}), "{a=\"x\\\"y\\\\z\\n\"}");
}

}  // namespace
}  // namespace salesync
