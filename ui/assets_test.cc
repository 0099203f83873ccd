#include "ui/assets.h"

#include <gtest/gtest.h>

namespace salesync::ui {
namespace {

TEST(AssetsTest, ThePageAndItsModulesAreCompiledIn) {
  for (const char* name : {"index.html", "app.css", "app.js", "api.js", "setup.js", "connections.js", "mapping.js",
                           "sync.js", "invites.js", "journeys.js", "jobs.js"}) {
    const Asset* a = FindAsset(name);
    ASSERT_NE(a, nullptr) << name;
    EXPECT_FALSE(a->body.empty()) << name;
    EXPECT_EQ(a->etag.size(), 18u) << name;
  }
  EXPECT_EQ(FindAsset("nope.js"), nullptr);
  EXPECT_EQ(FindAsset("../CMakeLists.txt"), nullptr);
}

TEST(AssetsTest, ContentTypesFollowTheExtension) {
  EXPECT_EQ(ContentTypeFor("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a"), "application/octet-stream");
}

// The page's source holds no script or style inline (the CSP forbids both) and no secrets.
TEST(AssetsTest, NoInlineScriptOrStyleInHtml) {
  for (const Asset& a : AllAssets()) {
    if (a.content_type.rfind("text/html", 0) != 0) continue;
    std::string body(a.body);
    size_t pos = 0;
    while ((pos = body.find("<script", pos)) != std::string::npos) {
      size_t end = body.find('>', pos);
      EXPECT_NE(body.substr(pos, end - pos).find("src="), std::string::npos) << a.name << ": inline script";
      pos = end;
    }
    EXPECT_EQ(body.find("<style"), std::string::npos) << a.name;
    EXPECT_EQ(body.find(" style="), std::string::npos) << a.name;
    EXPECT_EQ(body.find(" onclick="), std::string::npos) << a.name;
  }
}

}  // namespace
}  // namespace salesync::ui
