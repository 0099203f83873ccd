// JourneyStore: account journeys, the accounts inside them and the durable job queue (migration 5).
//
// Journeys are rows holding the admin's JSON document plus the list columns (status, who and when).
// Entries are one row per (journey, account): the node the account stands on and when it moves next.
// Jobs are the queue the job runner drains (journeys/job_runner.h); a job's key is
// journey/node/entry/subject and is UNIQUE, so enqueueing is idempotent. State machine of a job:
//   queued → in_flight (intent recorded, committed before the provider call) → done | queued | dead
//   in_flight → reconciling (ambiguous outcome) → done | queued;   queued → paused (needs_reauth) → queued
//   queued/paused/dead → cancelled (jobs cancel);   dead/cancelled → queued (jobs retry)
// The people and accounts of the entry audience come from the synced source records (migration 4):
// an account is a live Salesforce Account record; its people are the persons of its live Contacts, with
// their Marketo lead ids per connection.
// Thread-safety: thread-safe (the Store serialises access).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace salesync::store {

struct JourneyRow {
  std::string name;
  std::string status = "draft";  // draft, live, closed, aborted, completed
  std::string description;
  nlohmann::json document = nlohmann::json::object();
  std::string created_by;
  int64_t created_ms = 0;
  std::string updated_by;
  int64_t updated_ms = 0;
  std::string published_by;
  std::optional<int64_t> published_ms;
};

struct EntryRow {
  int64_t id = 0;
  std::string journey;
  std::string account_id;
  std::string node;
  std::string state;  // active, finished, stopped
  int64_t due_ms = 0;
};

struct EntryCounts {
  int64_t active = 0, finished = 0, stopped = 0;
};

struct JobRow {
  int64_t id = 0;
  std::string key;
  std::string journey;
  std::string node;
  int64_t entry_id = 0;
  std::string subject;      // a Marketo lead id, a Salesforce account id...
  std::string action;       // "marketo_add_to_list"...
  std::string connection;   // "" for local actions
  nlohmann::json payload = nlohmann::json::object();  // the node's settings and the subject's data
  std::string state = "queued";
  int64_t attempts = 0;
  int64_t next_attempt_ms = 0;
  std::optional<int64_t> intent_ms;
  std::string outcome;
  std::string last_error;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// What the runner learned about one job after a call (or a reconciliation).
struct JobUpdate {
  int64_t id = 0;
  std::string state;          // done, queued, dead, paused, reconciling
  std::string outcome;        // the provider's per-record status ("added", "removed", "skipped 1015"...)
  std::string error;          // the provider's reason when not done
  int64_t next_attempt_ms = 0;
  bool count_attempt = true;
};

// A person of an account, with the lead ids it has per Marketo connection.
struct AccountPerson {
  int64_t person_id = 0;
  std::string email;
  nlohmann::json fields = nlohmann::json::object();  // the Contact's fields
  std::map<std::string, std::string> marketo_leads;  // connection → lead id
};

struct AccountRecord {
  std::string id;
  std::string connection;
  nlohmann::json fields = nlohmann::json::object();
};

class JourneyStore {
 public:
  explicit JourneyStore(Store* store) : store_(store) {}

  // kConflict when the name is taken.
  Status CreateJourney(const JourneyRow& row);
  // kNotFound when there is none.
  Result<JourneyRow> GetJourney(const std::string& name);
  // Replaces every column of the journey named row.name. kNotFound when there is none.
  Status UpdateJourney(const JourneyRow& row);
  // Deletes the journey, its entries and its jobs that have not run. kNotFound when there is none.
  Status DeleteJourney(const std::string& name);
  // `search`: case-insensitive substring of the name; `sort`: "status" or "" (by name).
  Result<std::vector<JourneyRow>> ListJourneys(const std::string& search, const std::string& sort);

  // Enters `accounts` at `node` (due at once); accounts already in the journey are left alone.
  // Returns how many entered.
  Result<int64_t> EnterAccounts(const std::string& journey, const std::vector<std::string>& accounts,
                                const std::string& node, int64_t now_ms);
  Result<std::vector<EntryRow>> DueEntries(const std::string& journey, int64_t now_ms, int limit);
  Status MoveEntry(int64_t id, const std::string& node, const std::string& state, int64_t due_ms, int64_t now_ms);
  // Stops every active entry of the journey (abort) and cancels its queued jobs.
  Status StopJourney(const std::string& journey, int64_t now_ms);
  // Stops one account's entry (remove account from journey). Returns whether it was active.
  Result<bool> StopEntry(const std::string& journey, const std::string& account_id, int64_t now_ms);
  Result<EntryCounts> CountEntries(const std::string& journey);

  // Enqueues jobs; a key already queued is ignored. Returns how many were new.
  Result<int64_t> EnqueueJobs(const std::vector<JobRow>& jobs);
  // Up to `limit` queued jobs due at `now_ms`, oldest first.
  Result<std::vector<JobRow>> DueJobs(int64_t now_ms, int limit);
  // Jobs a previous attempt left in_flight or reconciling (the process died, or the outcome was unknown).
  Result<std::vector<JobRow>> UnsettledJobs(int limit);
  // Records the intent: the jobs are in_flight from `now_ms`, committed before the call.
  Status MarkInFlight(const std::vector<int64_t>& ids, int64_t now_ms);
  Status ApplyUpdates(const std::vector<JobUpdate>& updates, int64_t now_ms);
  // Paused jobs of `connection` go back to the queue.
  Result<int64_t> ResumeConnection(const std::string& connection, int64_t now_ms);
  Result<std::optional<JobRow>> GetJob(int64_t id);
  // `state` empty: all. Newest first.
  Result<std::vector<JobRow>> ListJobs(const std::string& state, int limit);
  // dead/cancelled → queued. kConflict in any other state, kNotFound for an unknown id.
  Result<JobRow> RetryJob(int64_t id, int64_t now_ms);
  // queued/paused/dead → cancelled. kConflict in any other state.
  Result<JobRow> CancelJob(int64_t id, int64_t now_ms);
  // (action, connection, state) → count, for the metrics.
  Result<std::vector<std::tuple<std::string, std::string, std::string, int64_t>>> CountJobs();

  // Live Salesforce Account records (every connection), by id.
  Result<std::vector<AccountRecord>> Accounts();
  // The people of an account: persons of the live Contacts whose AccountId is `account_id`.
  Result<std::vector<AccountPerson>> PeopleOfAccount(const std::string& account_id);

 private:
  Store* store_;
};

}  // namespace salesync::store
