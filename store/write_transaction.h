// InWriteTransaction: runs `fn` inside BEGIN IMMEDIATE … COMMIT (SQLiteCpp's Transaction), rolling back
// when it throws. IMMEDIATE takes the write lock up front so the busy timeout applies. For store/ only.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <functional>

namespace salesync::store {

inline void InWriteTransaction(SQLite::Database& db, const std::function<void()>& fn) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  fn();
  tx.commit();
}

}  // namespace salesync::store
