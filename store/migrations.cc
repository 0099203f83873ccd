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
    {4, "people, source records, identity conflicts, activities, write-backs and sync checkpoints (issue 5)",
     R"sql(
       -- One row per human. email_norm is trimmed and case-folded; not unique, because identity
       -- resolution keeps two people apart when it cannot tell (see person_conflicts).
       CREATE TABLE people (
         id          INTEGER PRIMARY KEY,
         email_norm  TEXT,
         first_name  TEXT NOT NULL DEFAULT '',
         last_name   TEXT NOT NULL DEFAULT '',
         company     TEXT NOT NULL DEFAULT '',
         title       TEXT NOT NULL DEFAULT '',
         created_ms  INTEGER NOT NULL,
         updated_ms  INTEGER NOT NULL
       ) STRICT;
       CREATE INDEX people_email ON people(email_norm);
       -- Every record read from a connected system, as the provider sent it, linked to its person.
       -- link_id: the id of a record in another system this one names explicitly (Marketo's
       -- sfdcContactId / sfdcLeadId). deleted_ms: a tombstone, the time the record was deleted upstream.
       CREATE TABLE source_records (
         connection  TEXT NOT NULL,
         object      TEXT NOT NULL,
         remote_id   TEXT NOT NULL,
         person_id   INTEGER REFERENCES people(id),
         email_norm  TEXT,
         link_id     TEXT,
         modified_ms INTEGER NOT NULL,
         deleted_ms  INTEGER,
         fields      TEXT NOT NULL,
         synced_ms   INTEGER NOT NULL,
         PRIMARY KEY (connection, object, remote_id)
       ) STRICT;
       CREATE INDEX source_records_person ON source_records(person_id);
       CREATE INDEX source_records_remote ON source_records(remote_id);
       CREATE INDEX source_records_link ON source_records(link_id) WHERE link_id IS NOT NULL;
       -- What identity resolution refused to guess: shown to the admin, never merged silently.
       CREATE TABLE person_conflicts (
         id          INTEGER PRIMARY KEY,
         person_id   INTEGER,
         connection  TEXT NOT NULL,
         object      TEXT NOT NULL,
         remote_id   TEXT NOT NULL,
         kind        TEXT NOT NULL CHECK (kind IN ('duplicate_email', 'ambiguous_email', 'link_to_deleted',
                                                   'link_to_other_person')),
         detail      TEXT NOT NULL,
         detected_ms INTEGER NOT NULL,
         UNIQUE (connection, object, remote_id, kind)
       ) STRICT;
       -- Activities, deduplicated on the provider's key (Marketo marketoGUID); salesync's own activities
       -- use connection 'salesync'.
       CREATE TABLE activities (
         id          INTEGER PRIMARY KEY,
         connection  TEXT NOT NULL,
         remote_id   TEXT NOT NULL,
         person_id   INTEGER REFERENCES people(id),
         lead_id     TEXT NOT NULL DEFAULT '',
         type        TEXT NOT NULL,
         occurred_ms INTEGER NOT NULL,
         summary     TEXT NOT NULL DEFAULT '',
         fields      TEXT NOT NULL,
         UNIQUE (connection, remote_id)
       ) STRICT;
       CREATE INDEX activities_person ON activities(person_id, occurred_ms);
       CREATE INDEX activities_lead ON activities(connection, lead_id);
       -- What was written where: one row per (activity, write-back sync). key is the idempotency key sent
       -- to the provider (an external id), so a retry lands on the same remote record.
       CREATE TABLE writebacks (
         activity_id INTEGER NOT NULL REFERENCES activities(id),
         sync        TEXT NOT NULL,
         state       TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
         remote_id   TEXT NOT NULL DEFAULT '',
         attempts    INTEGER NOT NULL DEFAULT 0,
         last_error  TEXT NOT NULL DEFAULT '',
         updated_ms  INTEGER NOT NULL,
         PRIMARY KEY (activity_id, sync)
       ) STRICT;
       CREATE INDEX writebacks_pending ON writebacks(sync, state);
       -- Where each stream of each sync stands. Written in the same transaction as the page it covers.
       CREATE TABLE sync_checkpoints (
         sync        TEXT NOT NULL,
         stream      TEXT NOT NULL,
         checkpoint  TEXT NOT NULL,
         records     INTEGER NOT NULL DEFAULT 0,
         updated_ms  INTEGER NOT NULL,
         PRIMARY KEY (sync, stream)
       ) STRICT;
       CREATE TABLE sync_runs (
         id          INTEGER PRIMARY KEY,
         sync        TEXT NOT NULL,
         stream      TEXT NOT NULL,
         started_ms  INTEGER NOT NULL,
         finished_ms INTEGER,
         status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'paused', 'interrupted')),
         records     INTEGER NOT NULL DEFAULT 0,
         calls       INTEGER NOT NULL DEFAULT 0,
         error       TEXT NOT NULL DEFAULT ''
       ) STRICT;
       CREATE INDEX sync_runs_latest ON sync_runs(sync, stream, id);
     )sql"},
    {5, "account journeys, their entries and the durable job queue (issue 8)",
     R"sql(
       -- One row per journey; the document is the JSON the admin edits (journeys/journey_model.h).
       CREATE TABLE journeys (
         name         TEXT PRIMARY KEY NOT NULL,
         status       TEXT NOT NULL CHECK (status IN ('draft', 'live', 'closed', 'aborted', 'completed')),
         description  TEXT NOT NULL DEFAULT '',
         document     TEXT NOT NULL,
         created_by   TEXT NOT NULL DEFAULT '',
         created_ms   INTEGER NOT NULL,
         updated_by   TEXT NOT NULL DEFAULT '',
         updated_ms   INTEGER NOT NULL,
         published_by TEXT NOT NULL DEFAULT '',
         published_ms INTEGER
       ) STRICT;
       -- One row per account that entered a journey: where it stands and when it moves next.
       CREATE TABLE journey_entries (
         id          INTEGER PRIMARY KEY,
         journey     TEXT NOT NULL REFERENCES journeys(name) ON DELETE CASCADE,
         account_id  TEXT NOT NULL,
         node        TEXT NOT NULL,
         state       TEXT NOT NULL CHECK (state IN ('active', 'finished', 'stopped')),
         due_ms      INTEGER NOT NULL,
         entered_ms  INTEGER NOT NULL,
         updated_ms  INTEGER NOT NULL,
         UNIQUE (journey, account_id)
       ) STRICT;
       CREATE INDEX journey_entries_due ON journey_entries(journey, state, due_ms);
       -- The durable job queue. key = journey/node/entry/subject: enqueueing twice creates nothing.
       -- intent_ms is written before a provider call, the outcome after; a row left in_flight by a dead
       -- process is reconciled against the provider before it is sent again.
       CREATE TABLE jobs (
         id              INTEGER PRIMARY KEY,
         key             TEXT NOT NULL UNIQUE,
         journey         TEXT NOT NULL,
         node            TEXT NOT NULL,
         entry_id        INTEGER NOT NULL,
         subject         TEXT NOT NULL,
         action          TEXT NOT NULL,
         connection      TEXT NOT NULL DEFAULT '',
         payload         TEXT NOT NULL,
         state           TEXT NOT NULL CHECK (state IN ('queued', 'in_flight', 'reconciling', 'done', 'dead',
                                                       'paused', 'cancelled')),
         attempts        INTEGER NOT NULL DEFAULT 0,
         next_attempt_ms INTEGER NOT NULL,
         intent_ms       INTEGER,
         outcome         TEXT NOT NULL DEFAULT '',
         last_error      TEXT NOT NULL DEFAULT '',
         created_ms      INTEGER NOT NULL,
         updated_ms      INTEGER NOT NULL
       ) STRICT;
       CREATE INDEX jobs_due ON jobs(state, next_attempt_ms);
       CREATE INDEX jobs_journey ON jobs(journey, node);
     )sql"},
    {6, "pushes: source records written to a mapping's target, and each sync's push cursor (issue 6)",
     R"sql(
       -- One row per (sync, source record): the version last enqueued, where it stands, and the target
       -- record it was written to (so a retry updates that record instead of creating another).
       CREATE TABLE pushes (
         id                 INTEGER PRIMARY KEY,
         sync               TEXT NOT NULL,
         connection         TEXT NOT NULL,
         object             TEXT NOT NULL,
         remote_id          TEXT NOT NULL,
         source_modified_ms INTEGER NOT NULL,
         state              TEXT NOT NULL CHECK (state IN ('pending', 'done', 'rejected', 'failed')),
         target_id          TEXT NOT NULL DEFAULT '',
         attempts           INTEGER NOT NULL DEFAULT 0,
         last_error         TEXT NOT NULL DEFAULT '',
         mapping_version    TEXT NOT NULL DEFAULT '',
         updated_ms         INTEGER NOT NULL,
         UNIQUE (sync, connection, object, remote_id)
       ) STRICT;
       CREATE INDEX pushes_state ON pushes(sync, state, id);
       -- Where each sync's enqueue stands in source_records.synced_ms, per source object.
       CREATE TABLE push_cursors (
         sync        TEXT NOT NULL,
         connection  TEXT NOT NULL,
         object      TEXT NOT NULL,
         synced_ms   INTEGER NOT NULL,
         PRIMARY KEY (sync, connection, object)
       ) STRICT;
       CREATE INDEX source_records_synced ON source_records(connection, object, synced_ms);
     )sql"},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

}  // namespace salesync::store
