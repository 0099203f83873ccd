// The shipped configuration files must stay valid: the example documents every key, the demo runs.
#include <gtest/gtest.h>

#include "config/config.h"

namespace salesync::config {
namespace {

TEST(ExampleConfigTest, ExampleAndDemoConfigsAreValid) {
  ::setenv("SALESYNC_ADMIN_TOKEN", "example-admin-token-0123456789", 1);
  for (const char* name : {"/config/salesync.example.json", "/config/demo.json"}) {
    std::string path = std::string(SALESYNC_SOURCE_DIR) + name;
    auto r = LoadConfig(path);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  }
}

}  // namespace
}  // namespace salesync::config
