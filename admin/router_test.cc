#include "admin/router.h"

#include <gtest/gtest.h>

namespace salesync::admin {
namespace {

TEST(RouterTest, MatchesLiteralAndCapturedSegments) {
  Router r;
  r.Add("GET", "/api/v1/mappings/{name}/preview", true,
        [](const net::HttpRequest&, const PathParams& p) { return net::HttpResponse::Text(200, p.at("name")); });
  auto m = r.Route("GET", "/api/v1/mappings/leads/preview");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("name"), "leads");
  EXPECT_EQ(m.pattern, "/api/v1/mappings/{name}/preview");
  EXPECT_TRUE(m.requires_auth);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router r;
  r.Add("GET", "/x", false, [](const net::HttpRequest&, const PathParams&) { return net::HttpResponse{}; });
  r.Add("DELETE", "/x", false, [](const net::HttpRequest&, const PathParams&) { return net::HttpResponse{}; });
  auto m = r.Route("POST", "/x");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.allow, "GET, DELETE");
}

TEST(RouterTest, UnknownIs404AndHeadFallsBackToGet) {
  Router r;
  r.Add("GET", "/x", false, [](const net::HttpRequest&, const PathParams&) { return net::HttpResponse{}; });
  EXPECT_EQ(r.Route("GET", "/y").status, 404);
  EXPECT_EQ(r.Route("GET", "/y").pattern, "unmatched");
  EXPECT_NE(r.Route("HEAD", "/x").handler, nullptr);
}

}  // namespace
}  // namespace salesync::admin
