#include "store/migrations.h"

namespace salesync::store {
namespace {

constexpr Migration kMigrations[] = {
    {1, "meta table: store identity and small settings",
     R"sql(
       CREATE TABLE meta (
         key        TEXT PRIMARY KEY NOT NULL,
         value      TEXT NOT NULL,
         updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       ) STRICT;
       INSERT INTO meta(key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
       INSERT INTO meta(key, value) VALUES ('store_id', lower(hex(randomblob(16))));
     )sql"},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

}  // namespace salesync::store
