// The store's schema, as an ordered list of numbered migrations. Migration N brings user_version from
// N-1 to N. Never edit a released migration: add a new one.
// Thread-safety: immutable data.
#pragma once

#include <span>

namespace salesync::store {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

std::span<const Migration> AllMigrations();

}  // namespace salesync::store
