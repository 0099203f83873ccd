#include "admin/session_store.h"

#include <gtest/gtest.h>

namespace salesync::admin {
namespace {

using namespace std::chrono_literals;

class SessionStoreTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::time_point{} + 1000h;
  SessionStore store_{{.idle_timeout = 30min, .max_age = 2h, .max_sessions = 3}, [this] { return now_; }};
};

TEST_F(SessionStoreTest, ANewSessionHasRandomIdAndCsrfToken) {
  auto a = store_.Create();
  auto b = store_.Create();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id.Reveal().size(), 64u);
  EXPECT_EQ(a->csrf_token.Reveal().size(), 64u);
  EXPECT_NE(a->id.Reveal(), b->id.Reveal());
  EXPECT_NE(a->id.Reveal(), a->csrf_token.Reveal());
  auto csrf = store_.Touch(a->id.Reveal());
  ASSERT_TRUE(csrf);
  EXPECT_EQ(csrf->Reveal(), a->csrf_token.Reveal());
}

TEST_F(SessionStoreTest, UnknownAndEmptyIdsAreRefused) {
  EXPECT_FALSE(store_.Touch(""));
  EXPECT_FALSE(store_.Touch("0123"));
}

TEST_F(SessionStoreTest, IdleSessionsExpireAndUseKeepsThemAlive) {
  auto s = store_.Create();
  ASSERT_TRUE(s.ok());
  now_ += 20min;
  EXPECT_TRUE(store_.Touch(s->id.Reveal()));
  now_ += 20min;  // 40 min after sign-in, 20 after the last use
  EXPECT_TRUE(store_.Touch(s->id.Reveal()));
  now_ += 30min;
  EXPECT_FALSE(store_.Touch(s->id.Reveal()));
  EXPECT_EQ(store_.Count(), 0u);
}

TEST_F(SessionStoreTest, SessionsEndAtMaxAgeHoweverBusy) {
  auto s = store_.Create();
  ASSERT_TRUE(s.ok());
  for (int i = 0; i < 7; ++i) {
    now_ += 15min;
    EXPECT_TRUE(store_.Touch(s->id.Reveal())) << i;
  }
  now_ += 15min;  // 2 h
  EXPECT_FALSE(store_.Touch(s->id.Reveal()));
}

TEST_F(SessionStoreTest, RemoveEndsASession) {
  auto s = store_.Create();
  ASSERT_TRUE(s.ok());
  store_.Remove(s->id.Reveal());
  EXPECT_FALSE(store_.Touch(s->id.Reveal()));
}

TEST_F(SessionStoreTest, TheLeastRecentlyUsedSessionMakesRoom) {
  auto a = store_.Create();
  now_ += 1min;
  auto b = store_.Create();
  now_ += 1min;
  auto c = store_.Create();
  now_ += 1min;
  ASSERT_TRUE(store_.Touch(a->id.Reveal()));  // b is now the least recently used
  auto d = store_.Create();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(store_.Count(), 3u);
  EXPECT_TRUE(store_.Touch(a->id.Reveal()));
  EXPECT_FALSE(store_.Touch(b->id.Reveal()));
  EXPECT_TRUE(store_.Touch(c->id.Reveal()));
  EXPECT_TRUE(store_.Touch(d->id.Reveal()));
}

}  // namespace
}  // namespace salesync::admin
