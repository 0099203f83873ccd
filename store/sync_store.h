// SyncStore: where synced people, their source records, activities, write-backs and stream checkpoints
// live (migration 4).
//
// CommitPage is the heart of crash safety: a page of records, identity resolution for each, and the
// stream's new checkpoint are written in ONE transaction, so the checkpoint never covers a record that is
// not stored, and a crash loses at most the page in flight. Every write is an upsert keyed by
// (connection, object, remote id) that ignores versions older than the stored one, so re-reading a page
// (the cursor's look-back, a resumed run) changes nothing.
//
// Identity resolution (in the page's transaction):
//   1. a record already stored keeps its person;
//   2. else a record that names another system's record (Marketo sfdcContactId / sfdcLeadId), or that is
//      named by one, joins that record's person — a link to a deleted record is recorded as a conflict;
//   3. else the person with the same normalised e-mail, unless that person already has another record of
//      the same connection and object (two Salesforce Contacts with one e-mail): then a new person and a
//      `duplicate_email` conflict — never a silent merge;
//   4. else a new person.
// Thread-safety: thread-safe (the Store serialises access).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace salesync::store {

// One record as a connector read it (connectors::Record without the dependency).
struct SourceRecord {
  std::string object;        // "Lead", "Contact", "Account", "lead", "activity"
  std::string remote_id;
  int64_t modified_ms = 0;
  bool deleted = false;
  int64_t deleted_ms = 0;
  nlohmann::json fields = nlohmann::json::object();
};

struct PageCommit {
  std::string sync;
  std::string stream;
  std::string connection;
  std::vector<SourceRecord> records;
  std::optional<nlohmann::json> checkpoint;  // nullopt: keep the stored one
  std::vector<std::string> writeback_syncs;  // new activities get a pending write-back for each
  int64_t now_ms = 0;
};

struct PageOutcome {
  int64_t stored = 0;        // inserted or updated source records
  int64_t unchanged = 0;     // older or equal versions of stored records (a re-read)
  int64_t tombstones = 0;
  int64_t activities_new = 0;
  int64_t activities_seen = 0;  // duplicates (same provider key)
  int64_t conflicts = 0;
};

struct CheckpointRow {
  nlohmann::json checkpoint;
  int64_t records = 0;
  int64_t updated_ms = 0;
};

struct SyncRunRow {
  int64_t id = 0;
  std::string sync, stream, status, error;
  int64_t started_ms = 0;
  std::optional<int64_t> finished_ms;
  int64_t records = 0, calls = 0;
};

// An activity waiting to be written to a target, with the target record it belongs to.
struct PendingWriteback {
  int64_t activity_id = 0;
  std::string source_connection;
  std::string source_key;     // the provider's key (marketoGUID)
  std::string type;
  int64_t occurred_ms = 0;
  std::string summary;
  nlohmann::json fields;
  std::string who_object;     // "Contact" or "Lead" (the target record of the activity's person)
  std::string who_id;
};

struct WritebackResult {
  int64_t activity_id = 0;
  bool ok = false;
  bool retryable = false;
  std::string remote_id;
  std::string error;
};

struct WritebackCounts {
  int64_t pending = 0, done = 0, failed = 0, waiting_for_target = 0;
};

class SyncStore {
 public:
  explicit SyncStore(Store* store) : store_(store) {}

  Result<PageOutcome> CommitPage(const PageCommit& page);

  Result<std::optional<CheckpointRow>> LoadCheckpoint(const std::string& sync, const std::string& stream);
  // Forget where a stream stands: its next run starts from the beginning (a full re-read).
  Status ResetCheckpoint(const std::string& sync, const std::string& stream);

  Result<int64_t> BeginRun(const std::string& sync, const std::string& stream, int64_t now_ms);
  Status FinishRun(int64_t run_id, const std::string& status, int64_t records, int64_t calls, const std::string& error,
                   int64_t now_ms);
  // Runs left 'running' by a previous process become 'interrupted'. Returns how many.
  Result<int64_t> MarkInterruptedRuns(int64_t now_ms);
  Result<std::vector<SyncRunRow>> LatestRuns(const std::string& sync);

  // The write-back queue of `sync`: activities from `from_connections` (empty: all) whose person has a
  // live record of one of `who_objects` (in order of preference) on `target_connection`.
  Result<std::vector<PendingWriteback>> PendingWritebacks(const std::string& sync, const std::string& target_connection,
                                                          const std::vector<std::string>& who_objects, size_t limit);
  Status RecordWritebacks(const std::string& sync, const std::vector<WritebackResult>& results, int64_t now_ms,
                          int64_t max_attempts);
  Result<WritebackCounts> CountWritebacks(const std::string& sync, const std::string& target_connection,
                                          const std::vector<std::string>& who_objects);

  // The unified person for an e-mail: the person(s), their linked records, conflicts and recent
  // activities, as JSON for the CLI and the API. Empty array when nobody has that e-mail.
  Result<nlohmann::json> PeopleByEmail(const std::string& email, int64_t activity_limit);
  // The most recently modified live records of (connection, object), newest first: preview samples when
  // the source cannot be sampled live without starting a job (a Marketo bulk export).
  Result<std::vector<SourceRecord>> LatestRecords(const std::string& connection, const std::string& object, size_t limit);
  // Counts for status pages: people, source records by connection/object, activities, conflicts.
  Result<nlohmann::json> Totals();

 private:
  Store* store_;
};

// Trimmed, ASCII case-folded e-mail; empty when `raw` has no '@'.
std::string NormaliseEmail(std::string_view raw);

// Identity resolution's "another record of the same kind for this person?" query, exposed so a test can pin
// its plan: it must search by person_id, never walk a whole object through another index.
extern const char* const kSameKindSql;

}  // namespace salesync::store
