// Preview: what a mapping would do, before anything is written. Pure: the caller fetches the describes and
// a sample of source records (salesyncctl mapping preview NAME, GET /api/v1/mappings/NAME/preview).
//
//   1. the field table: source → target, types on both sides, the transforms, a status (ok / warning /
//      error) with the reasons (Validate's findings for that row);
//   2. sample rows: each source value beside its mapped value, every cell marked when it would be
//      rejected or changed (truncated, defaulted, normalised, fallback, dropped) and why;
//   3. a summary of the sample: written (as they are, or changed) and rejected.
// Rendered as JSON for scripts and as an aligned table that fits a terminal width.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "config/mappings_config.h"
#include "connectors/field_metadata.h"
#include "connectors/record.h"
#include "mapping/plan.h"
#include "mapping/validate.h"

namespace salesync::mapping {

struct FieldLine {
  size_t row = 0;
  std::vector<std::string> source;  // field names; empty for a constant row
  std::string source_type;          // "email(255)", "string(255) + string(255)", "constant"
  std::string target;
  std::string target_type;          // "picklist(255, restricted)"
  std::string transforms;           // "trim → lower → map(4 values, fallback)"
  Severity status = Severity::kOk;
  std::vector<std::string> reasons;
};

struct SampleCell {
  std::string source;   // the source value(s) as read; several joined with " | "
  std::string mapped;   // what would be written
  bool source_empty = true;
  bool mapped_empty = true;
  CellStatus status = CellStatus::kOk;
  std::string reason;   // empty when ok
};

struct SampleRow {
  std::string id;
  CellStatus status = CellStatus::kOk;
  std::vector<SampleCell> cells;  // one per field line
};

struct PreviewSummary {
  size_t sampled = 0;
  size_t written = 0;    // would be written: unchanged + changed
  size_t unchanged = 0;  // written exactly as mapped
  size_t changed = 0;    // written with at least one changed cell
  size_t rejected = 0;   // would not be written
};

struct Preview {
  std::string mapping;
  std::string version;
  config::ObjectRefSpec source;
  config::ObjectRefSpec target;
  Severity status = Severity::kOk;    // the worst finding: an error blocks accepting the version
  std::vector<FieldLine> fields;
  std::vector<Finding> findings;      // every finding; those with no row are about the mapping as a whole
  std::vector<SampleRow> samples;
  PreviewSummary summary;
};

// Builds the preview of `spec` over at most `limit` of `records` (deleted records are skipped). Fails
// (kConfig, with positions) only when the spec cannot be compiled at all.
Result<Preview> BuildPreview(const config::MappingSpec& spec, const connectors::ObjectMetadata& source,
                             const connectors::ObjectMetadata& target, const std::vector<connectors::Record>& records,
                             size_t limit = 20);

nlohmann::json ToJson(const Preview& preview);

// The preview as text for a terminal `width` characters wide: a header, the field table, mapping-wide
// findings, each sample record as a small table of its cells, and the summary.
std::string RenderPreviewTable(const Preview& preview, size_t width);

}  // namespace salesync::mapping
