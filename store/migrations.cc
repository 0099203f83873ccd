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
    {2, "users, teams, invitations and the e-mail outbox (issue 7)",
     R"sql(
       CREATE TABLE teams (
         id         INTEGER PRIMARY KEY,
         name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
         created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       ) STRICT;
       INSERT INTO teams(name) VALUES ('Everyone');
       CREATE TABLE users (
         id           INTEGER PRIMARY KEY,
         email        TEXT NOT NULL UNIQUE,
         first_name   TEXT NOT NULL DEFAULT '',
         last_name    TEXT NOT NULL DEFAULT '',
         role         TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
         state        TEXT NOT NULL CHECK (state IN ('invited', 'active', 'disabled')),
         is_owner     INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
         created_at   TEXT NOT NULL,
         updated_at   TEXT NOT NULL,
         activated_at TEXT,
         disabled_at  TEXT
       ) STRICT;
       CREATE UNIQUE INDEX users_single_owner ON users(is_owner) WHERE is_owner = 1;
       CREATE TABLE team_members (
         team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
         user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
         PRIMARY KEY (team_id, user_id)
       ) STRICT, WITHOUT ROWID;
       CREATE INDEX team_members_user ON team_members(user_id);
       CREATE TABLE invitations (
         id          INTEGER PRIMARY KEY,
         user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
         token_hash  TEXT NOT NULL UNIQUE,
         nonce       TEXT NOT NULL,
         state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'superseded')),
         created_at  TEXT NOT NULL,
         expires_at  TEXT NOT NULL,
         accepted_at TEXT
       ) STRICT;
       CREATE INDEX invitations_user ON invitations(user_id);
       CREATE TABLE email_outbox (
         id              INTEGER PRIMARY KEY,
         kind            TEXT NOT NULL,
         invitation_id   INTEGER REFERENCES invitations(id) ON DELETE CASCADE,
         recipient       TEXT NOT NULL,
         message_id      TEXT NOT NULL UNIQUE,
         state           TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
         attempts        INTEGER NOT NULL DEFAULT 0,
         next_attempt_ms INTEGER NOT NULL,
         last_error      TEXT NOT NULL DEFAULT '',
         created_at      TEXT NOT NULL,
         sent_at         TEXT
       ) STRICT;
       CREATE INDEX email_outbox_due ON email_outbox(state, next_attempt_ms);
     )sql"},
    {3, "connection tokens (sealed by the vault) and connection state (issue 4)",
     R"sql(
       -- One row per (connection, field): access_token, refresh_token... sealed with AES-256-GCM by
       -- the token vault; never plaintext. key_id names the vault key that sealed it.
       CREATE TABLE connection_secrets (
         connection TEXT NOT NULL,
         field      TEXT NOT NULL,
         sealed     BLOB NOT NULL,
         key_id     TEXT NOT NULL,
         updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
         PRIMARY KEY (connection, field)
       ) STRICT;
       CREATE TABLE connection_state (
         connection       TEXT PRIMARY KEY NOT NULL,
         state            TEXT NOT NULL CHECK (state IN ('not_connected', 'connected', 'needs_reauth', 'error')),
         expires_at_ms    INTEGER,
         instance_url     TEXT NOT NULL DEFAULT '',
         identity_url     TEXT NOT NULL DEFAULT '',
         scope            TEXT NOT NULL DEFAULT '',
         last_success_ms  INTEGER,
         last_error       TEXT NOT NULL DEFAULT '',
         updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       ) STRICT;
     )sql"},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

}  // namespace salesync::store
