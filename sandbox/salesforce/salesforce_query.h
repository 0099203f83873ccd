// QueryEngine: runs SOQL against the RecordStore and serves the result in pages through query locators.
//
// A query is planned on the (SystemModstamp, Id) order every table keeps: the WHERE clause's stamp range
// (StampRangeOf) picks where the scan starts and stops, and when ORDER BY is absent or is
// "SystemModstamp [ASC][, Id [ASC]]" the scan stops as soon as OFFSET + LIMIT rows matched, so the keyset
// query `WHERE (SystemModstamp > :t OR (SystemModstamp = :t AND Id > :id)) ORDER BY SystemModstamp, Id
// LIMIT n` costs O(n) whatever the table size. Other orders match everything, then sort.
//
// The first page comes back at once; the remaining row numbers are kept as a cursor and served by
// GET .../query/01g...-OFFSET. Cursors live 2 days on the sandbox clock (API v56.0 and later), after which
// the locator answers INVALID_QUERY_LOCATOR. To keep memory bounded, open cursors hold at most
// kMaxCursorRows row numbers together; the oldest cursors are dropped first.
// Thread-safety: Execute/More are thread-safe (cursors under a mutex); the caller holds the store's lock.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "sandbox/salesforce/salesforce_records.h"
#include "sandbox/salesforce/salesforce_soql.h"

namespace salesync::sandbox::salesforce {

constexpr int64_t kCursorLifetimeMillis = 2LL * 24 * 3600 * 1000;
constexpr int64_t kRecycleBinMillis = 15LL * 24 * 3600 * 1000;
constexpr size_t kMaxCursorRows = 16u * 1000 * 1000;

struct QueryRequest {
  std::string soql;
  bool all_rows = false;        // queryAll: deleted rows (IsDeleted = true) too
  int64_t batch_size = 2000;    // already clamped to 200..2000
  std::string version_path;     // "/services/data/v60.0"
  int64_t now_millis = 0;
};

class QueryEngine {
 public:
  // The first page as JSON text, or the SOQL error.
  std::variant<std::string, SoqlError> Execute(const RecordStore& store, const QueryRequest& request);
  // The page at a locator ("01gXXXXXXXXXXXXAAA-2000"); INVALID_QUERY_LOCATOR when unknown or expired.
  std::variant<std::string, SoqlError> More(const RecordStore& store, const std::string& locator,
                                            const QueryRequest& request);
  void Clear();
  size_t open_cursors() const;

 private:
  struct Cursor {
    const ObjectSpec* object = nullptr;
    std::vector<int> fields;
    std::vector<int64_t> numbers;
    int64_t created_millis = 0;
  };
  std::string RenderPage(const RecordStore& store, const ObjectSpec& object, const std::vector<int>& fields,
                         const std::vector<int64_t>& numbers, size_t from, size_t count, size_t total,
                         const std::string& next_url, const std::string& version_path) const;

  mutable std::mutex mu_;
  std::map<int64_t, Cursor> cursors_;  // by cursor number; ordered, so the oldest is first
  int64_t next_cursor_ = 1;
  size_t cursor_rows_ = 0;
};

}  // namespace salesync::sandbox::salesforce
