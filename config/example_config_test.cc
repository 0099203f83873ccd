// The shipped configuration files must stay valid: the example documents every key, the demo runs.
#include <gtest/gtest.h>

#include "config/config.h"

namespace salesync::config {
namespace {

TEST(ExampleConfigTest, ExampleAndDemoConfigsAreValid) {
  ::setenv("SALESYNC_ADMIN_TOKEN", "example-admin-token-0123456789", 1);
  ::setenv("SALESYNC_SALESFORCE_SECRET", "example-secret", 1);
  ::setenv("SALESYNC_SALESFORCE_JWT_KEY", "-----BEGIN PRIVATE KEY-----", 1);
  ::setenv("SALESYNC_MARKETO_SECRET", "example-secret", 1);
  ::setenv("SALESYNC_SMTP_PASSWORD", "example-secret", 1);
  for (const char* name : {"/config/salesync.example.json", "/config/demo.json"}) {
    std::string path = std::string(SALESYNC_SOURCE_DIR) + name;
    auto r = LoadConfig(path);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  }
}

}  // namespace
}  // namespace salesync::config
