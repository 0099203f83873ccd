#include "daemon/state_dir.h"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/files.h"

namespace salesync::daemon {
namespace {

TEST(StateDirTest, SystemdStateDirectoryWinsThenFlagThenConfig) {
  ::unsetenv("STATE_DIRECTORY");
  EXPECT_EQ(ResolveStateDir("", ""), "./var");
  EXPECT_EQ(ResolveStateDir("", "/cfg"), "/cfg");
  EXPECT_EQ(ResolveStateDir("/flag", "/cfg"), "/flag");
  ::setenv("STATE_DIRECTORY", "/var/lib/salesync:/var/lib/other", 1);
  EXPECT_EQ(ResolveStateDir("/flag", "/cfg"), "/var/lib/salesync");
  ::unsetenv("STATE_DIRECTORY");
}

TEST(StateDirTest, AdminTokenIsGeneratedOnceWithMode0600) {
  std::string dir = ::testing::TempDir() + "/state_dir_test";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(MakeDirectories(dir, 0700).ok());
  bool created = false;
  auto first = LoadOrCreateAdminToken(dir, &created);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(created);
  EXPECT_EQ(first->Reveal().size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat((dir + "/admin.token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = LoadOrCreateAdminToken(dir, &created);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(created);
  EXPECT_EQ(second->Reveal(), first->Reveal());
}

TEST(StateDirTest, ShortTokenFileIsRefused) {
  std::string dir = ::testing::TempDir() + "/state_dir_short";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(MakeDirectories(dir, 0700).ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/admin.token", "short\n", 0600).ok());
  bool created = false;
  auto t = LoadOrCreateAdminToken(dir, &created);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kConfig);
}

}  // namespace
}  // namespace salesync::daemon
