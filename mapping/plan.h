// Plan: a mapping spec compiled once for the hot path of a sync. Source field names are resolved to slots,
// target fields to compiled checks (TargetField), transforms to ready-to-run steps (value tables hashed,
// time zones located, phone regions checked), so applying it to a record does no name lookups and, with a
// reused MappedRow, no allocations for values that fit the buffers it already has.
//
//   auto plan = Plan::Compile(spec, &source_describe, &target_describe);
//   std::vector<SourceValue> row; std::vector<std::string> scratch; MappedRow out;
//   for (const Record& r : page) { plan->Bind(r, row, scratch); plan->Apply(row, out); ... }
//
// Each cell of the result says ok, changed (truncated, defaulted, normalised, fallback, dropped) or rejected
// and why; a row is rejected when any cell is. Without target metadata only the transforms' own outcomes
// are known (no length, type, picklist or required checks).
// Thread-safety: immutable after Compile(); copies share the compiled state; Apply() may run on many
// threads with one MappedRow each.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "config/mappings_config.h"
#include "connectors/field_metadata.h"
#include "connectors/record.h"
#include "mapping/target_value.h"

namespace salesync::mapping {

// One source value: nullopt when the record has no such field or it is null.
using SourceValue = std::optional<std::string_view>;

enum class CellStatus : uint8_t { kOk, kChanged, kRejected };
std::string_view CellStatusName(CellStatus s);  // "ok", "changed", "rejected"

// What changed a cell's value beyond the ordinary work of its transforms (bits of Cell::changes).
enum Change : uint8_t {
  kTruncated = 1,   // cut by truncate
  kDefaulted = 2,   // empty, replaced by a default
  kNormalised = 4,  // rewritten to the target's form: a phone number, a boolean, a DST-shifted time
  kFallback = 8,    // not in a map's value table; its fallback was used
  kDropped = 16,    // left out of the write (phone with "invalid": "drop")
};

struct Cell {
  std::string value;          // empty: written as null (unless dropped)
  CellStatus status = CellStatus::kOk;
  uint8_t changes = 0;        // Change bits
  Rejection rejection = Rejection::kNone;
  uint32_t original_chars = 0;  // kTruncated / kTooLong: the length before
  std::string note;           // details only some outcomes have (why a date or phone failed, a DST shift)

  bool dropped() const { return (changes & kDropped) != 0; }
};

struct MappedRow {
  std::vector<Cell> cells;  // one per spec row, in spec order
  CellStatus status = CellStatus::kOk;  // the worst cell
};

class Plan {
 public:
  // Compiles `spec`. `source` and `target` (either may be null) resolve field names the way the system
  // spells them and give the target checks; validation of the spec against them is Validate()'s job, so
  // an unknown field is not an error here. kConfig, with every problem at its position in `errors`, when a
  // transform cannot run: an unknown phone region or time zone, a truncate with no length to use.
  static Result<Plan> Compile(const config::MappingSpec& spec, const connectors::ObjectMetadata* source = nullptr,
                              const connectors::ObjectMetadata* target = nullptr,
                              std::vector<config::ConfigError>* errors = nullptr);

  const std::string& name() const;
  const std::string& version() const;  // SpecVersion(spec)
  const config::MappingSpec& spec() const;
  // The source fields a row of input carries, in slot order, each once.
  const std::vector<std::string>& source_fields() const;
  size_t size() const;                                // rows (= cells of a MappedRow)
  const std::string& target_field(size_t row) const;  // spelled as the target's describe spells it
  // The compiled check of a row's target; nullptr when the target (or its field) is unknown.
  const TargetField* target_check(size_t row) const;

  // Maps one source row laid out as source_fields(). REQUIRES: row.size() == source_fields().size().
  void Apply(std::span<const SourceValue> row, MappedRow& out) const;

  // Lays `record` out as source_fields(). Strings are viewed in place; numbers and booleans are written to
  // `scratch`, which, like `record`, must outlive the use of `out`. Null and absent fields are nullopt.
  void Bind(const connectors::Record& record, std::vector<SourceValue>& out, std::vector<std::string>& scratch) const;

  // A sentence saying what happened to a cell of row `row`: "truncated from 52 to 40 characters".
  // Empty for a cell that is ok.
  std::string Explain(size_t row, const Cell& cell) const;

  // The record to send: target field → JSON typed by the target (numbers, booleans, null for empty);
  // dropped cells left out. REQUIRES: mapped.status != kRejected.
  nlohmann::json ToTargetJson(const MappedRow& mapped) const;

  struct Impl;

 private:
  explicit Plan(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace salesync::mapping
