#include "base/files.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace salesync {
namespace {

TEST(FilesTest, AtomicWriteSetsModeAndContent) {
  std::string dir = ::testing::TempDir() + "/files_test";
  ASSERT_TRUE(MakeDirectories(dir, 0700).ok());
  std::string path = dir + "/token";
  ASSERT_TRUE(WriteFileAtomic(path, "abc", 0600).ok());
  auto content = ReadFile(path);
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(*content, "abc");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(FilesTest, MissingFileIsNotFoundWithPath) {
  auto r = ReadFile("/nonexistent/salesync/file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().context, "/nonexistent/salesync/file");
}

}  // namespace
}  // namespace salesync
