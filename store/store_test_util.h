// Test helpers for the store repositories: a fresh, migrated store in the test's temp folder.
#pragma once

#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <unistd.h>

#include "store/store.h"

namespace salesync::store {

inline std::unique_ptr<Store> OpenFreshStore(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/store_users_test_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + name + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto store = Store::Open({path, 5000, "normal"});
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().ToString());
  return store.ok() ? std::move(store).value() : nullptr;
}

}  // namespace salesync::store
