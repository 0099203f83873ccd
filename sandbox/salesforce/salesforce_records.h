// RecordStore: the records of the emulated org, generated lazily from the PeopleUniverse plus the changes
// made since (REST writes and control-API edits).
//
// Generated records are never stored: each object keeps only a sorted index of (SystemModstamp, number)
// for its generated rows (16 bytes a row), and Generate() rebuilds a row from the universe on demand, so
// --people 1000000 costs tens of MB. A record that is written is copied into an overlay (with its new
// stamp) that shadows the generated row. Record numbers are the universe's indexes (Lead and Contact:
// person index; Contact duplicates: people + person index; Account: account index; Task: person index;
// User: 1..5), and ids are PeopleUniverse::SalesforceId(prefix, number); records created here get numbers
// from 10^12 upwards, so they sort after generated ids as new Salesforce ids do.
//
// Scan() walks an object's live and deleted rows in (SystemModstamp, Id) order starting at a stamp, which
// is what keyset queries need. Writes are validated and prepared first (PrepareCreate/Update/Delete,
// which change nothing) and applied after, so an allOrNone batch can check every row before touching any.
// Thread-safety: not thread-safe; the provider guards it with a shared mutex (reads shared, writes exclusive).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "sandbox/people_universe.h"
#include "sandbox/salesforce/salesforce_schema.h"
#include "sandbox/salesforce/salesforce_values.h"

namespace salesync::sandbox::salesforce {

struct Record {
  const ObjectSpec* spec = nullptr;
  int64_t number = 0;
  std::vector<Value> values;  // in spec->fields order

  const std::string& id() const { return values[static_cast<size_t>(spec->id)].text; }
  int64_t stamp() const { return values[static_cast<size_t>(spec->system_modstamp)].time; }
  bool deleted() const { return values[static_cast<size_t>(spec->is_deleted)].boolean; }
  const Value& Get(int field) const { return values[static_cast<size_t>(field)]; }
  const Value& Get(std::string_view name) const;
};

// An id split into its object and number; nullopt when malformed (length, characters, checksum).
struct ParsedId {
  const ObjectSpec* spec = nullptr;
  int64_t number = 0;
};
std::optional<ParsedId> ParseSalesforceId(std::string_view id);

// Why a write was refused, in Salesforce's words: "REQUIRED_FIELD_MISSING", "Required fields are
// missing: [LastName]", ["LastName"].
struct WriteError {
  std::string code;
  std::string message;
  std::vector<std::string> fields;
};

// A validated write, ready to Apply().
struct PreparedWrite {
  enum class Kind { kCreate, kUpdate, kDelete } kind = Kind::kCreate;
  Record record;  // the full row after the write (number 0 for a create until applied)
  bool stamp_given = false;  // control writes may set SystemModstamp themselves (late rows)
};

// Unique values claimed by earlier rows of one batch, so an allOrNone batch sees its own duplicates.
struct BatchClaims {
  std::set<std::tuple<std::string, std::string, std::string>> unique_values;  // object, field, lower value
};

enum class WriteMode {
  kApi,      // as the REST API: only createable/updateable fields, stamps set by the org
  kControl,  // the control API: may also set system fields (SystemModstamp, CreatedDate...) for late rows
};

class RecordStore {
 public:
  explicit RecordStore(const SeedOptions& seed);

  const PeopleUniverse& universe() const { return universe_; }

  // The record with this number, generated or stored, deleted ones included; nullopt if none.
  std::optional<Record> Find(const ObjectSpec& spec, int64_t number) const;
  std::optional<Record> FindById(std::string_view id) const;

  // Calls visit(number, stamp) for every row of `spec` (deleted included) with SystemModstamp >= from_stamp
  // in (SystemModstamp, number) order until it returns false.
  void Scan(const ObjectSpec& spec, int64_t from_stamp, const std::function<bool(int64_t, int64_t)>& visit) const;
  // The cheap fields of a row without generating it: Id, IsDeleted, SystemModstamp, LastModifiedDate.
  // Returns nullopt for other fields (then use Find()).
  std::optional<Value> CheapField(const ObjectSpec& spec, int64_t number, int64_t stamp, int field) const;

  // Numbers of live rows whose external-id or unique field `field` equals `value` (case-insensitively).
  std::vector<int64_t> FindByField(const ObjectSpec& spec, int field, const std::string& value) const;

  // Validation without side effects. `fields` is the JSON object of the request ("attributes" ignored).
  // `user_id` becomes OwnerId/CreatedById/LastModifiedById where they apply.
  std::variant<PreparedWrite, WriteError> PrepareCreate(const ObjectSpec& spec, const nlohmann::json& fields,
                                                        WriteMode mode, const std::string& user_id,
                                                        BatchClaims* claims) const;
  std::variant<PreparedWrite, WriteError> PrepareUpdate(const ObjectSpec& spec, int64_t number,
                                                        const nlohmann::json& fields, WriteMode mode,
                                                        const std::string& user_id, BatchClaims* claims) const;
  std::variant<PreparedWrite, WriteError> PrepareDelete(const ObjectSpec& spec, int64_t number) const;
  // Applies a prepared write at `now_millis` (whole seconds, as Salesforce's stamps); returns the row's id.
  std::string Apply(PreparedWrite write, int64_t now_millis);

  // Deleted rows of `spec` with deletion stamps in [from, to): (id, deleted stamp).
  std::vector<std::pair<std::string, int64_t>> Deleted(const ObjectSpec& spec, int64_t from, int64_t to) const;

 private:
  struct BaseRow {
    int64_t stamp;
    int64_t number;
    bool operator<(const BaseRow& o) const { return stamp != o.stamp ? stamp < o.stamp : number < o.number; }
  };
  struct Table {
    std::vector<BaseRow> base;                      // generated rows, sorted
    std::unordered_map<int64_t, Record> changed;    // overlay: rows written since the seed
    std::set<std::pair<int64_t, int64_t>> changed_order;  // (stamp, number) of the overlay
    std::map<std::pair<int, std::string>, std::set<int64_t>> unique_index;  // (field, lower value) -> numbers
    int64_t next_number = 1000000000000LL;
  };

  Table& table(const ObjectSpec& spec) { return tables_[spec.name]; }
  const Table* table_if(const ObjectSpec& spec) const;
  std::optional<Record> Generate(const ObjectSpec& spec, int64_t number) const;
  bool GeneratedExists(const ObjectSpec& spec, int64_t number) const;
  std::optional<WriteError> Validate(const ObjectSpec& spec, const nlohmann::json& fields, WriteMode mode, bool create,
                                     Record& row, int64_t self_number, BatchClaims* claims) const;
  void Derive(Record& row) const;
  void IndexUnique(Table& t, const Record& row, bool add);

  PeopleUniverse universe_;
  std::map<std::string, Table> tables_;
};

// The org's users, generated: (number, username). Number 2 is the integration user that client
// credentials and the consent page run as.
struct SandboxUser {
  int64_t number;
  std::string username;
  std::string first_name;
  std::string last_name;
};
const std::vector<SandboxUser>& SandboxUsers();
constexpr int64_t kIntegrationUserNumber = 2;

}  // namespace salesync::sandbox::salesforce
