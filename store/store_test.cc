#include "store/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

namespace salesync::store {
namespace {

using ::testing::HasSubstr;

std::string FreshPath(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/store_test_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::string path = dir + "/" + name + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(StoreTest, MigratesFromEmpty) {
  auto store = Store::Open({FreshPath("empty")});
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ((*store)->schema_version(), Store::LatestSchemaVersion());
  EXPECT_GE(Store::LatestSchemaVersion(), 1);
  auto id = (*store)->GetMeta("store_id");
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(id->has_value());
  EXPECT_EQ(id->value().size(), 32u);
  EXPECT_TRUE((*store)->Ping().ok());
}

TEST(StoreTest, UsesWalForeignKeysAndBusyTimeout) {
  auto store = Store::Open({FreshPath("pragmas"), 1234, "full", 7});
  ASSERT_TRUE(store.ok());
  Status s = (*store)->WithConnection([](SQLite::Database& db) {
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(db.execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_EQ(db.execAndGet("PRAGMA busy_timeout").getInt(), 1234);
    EXPECT_EQ(db.execAndGet("PRAGMA synchronous").getInt(), 2);
    EXPECT_EQ(db.execAndGet("PRAGMA cache_size").getInt(), -7 * 1024);  // negative: KiB, not pages
  });
  EXPECT_TRUE(s.ok());
}

TEST(StoreTest, ReopenKeepsDataAndDoesNotReapplyMigrations) {
  std::string path = FreshPath("reopen");
  std::string id;
  {
    auto store = Store::Open({path});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->SetMeta("greeting", "hello").ok());
    id = (*store)->GetMeta("store_id")->value();
  }
  auto store = Store::Open({path});
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ((*store)->GetMeta("greeting")->value(), "hello");
  EXPECT_EQ((*store)->GetMeta("store_id")->value(), id);
  EXPECT_FALSE((*store)->GetMeta("absent")->has_value());
}

TEST(StoreTest, RefusesANewerStoreWithoutModifyingIt) {
  std::string path = FreshPath("newer");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE future(x INTEGER)");
    db.exec("PRAGMA user_version=" + std::to_string(Store::LatestSchemaVersion() + 7));
  }
  std::string before = Slurp(path);
  auto store = Store::Open({path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kConfig);
  EXPECT_THAT(store.error().message, HasSubstr("written by a newer salesync"));
  EXPECT_THAT(store.error().message, HasSubstr("It was not modified"));
  EXPECT_EQ(Slurp(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(StoreTest, ReportsSize) {
  auto store = Store::Open({FreshPath("size")});
  ASSERT_TRUE(store.ok());
  auto size = (*store)->SizeBytes();
  ASSERT_TRUE(size.ok());
  EXPECT_GT(*size, 0);
}

TEST(StoreTest, UnopenablePathIsAConfigError) {
  auto store = Store::Open({"/nonexistent/folder/salesync.db"});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kConfig);
  EXPECT_EQ(store.error().context, "/nonexistent/folder/salesync.db");
}

}  // namespace
}  // namespace salesync::store
