#include "mapping/preview.h"

#include "base/strings.h"
#include "mapping/text.h"
#include "mapping/text_table.h"

namespace salesync::mapping {

namespace {

using config::TransformKind;

std::string TypeText(const connectors::FieldMetadata& f) {
  std::string out(connectors::FieldTypeName(f.type));
  std::string details;
  if (f.length > 0) details = std::to_string(f.length);
  if (f.restricted_picklist) details += details.empty() ? "restricted" : ", restricted";
  if (!details.empty()) out += "(" + details + ")";
  return out;
}

std::string TransformText(const config::TransformSpec& t) {
  std::string name(config::TransformName(t.kind));
  switch (t.kind) {
    case TransformKind::kDefault: return name + "(\"" + t.value + "\")";
    case TransformKind::kConcat: return name + "(\"" + t.separator + "\")";
    case TransformKind::kSplit: return name + "(\"" + t.separator + "\", " + std::to_string(t.part) + ")";
    case TransformKind::kMap:
      return name + "(" + std::to_string(t.values.size()) + " values" + (t.fallback ? ", fallback" : "") + ")";
    case TransformKind::kDateTime:
      return name + "(" + t.from + " " + t.time_zone + " → " + t.to + " " + t.to_time_zone + ")";
    case TransformKind::kPhone:
      return name + "(" + t.phone_format + (t.default_country.empty() ? "" : ", " + t.default_country) + ")";
    case TransformKind::kTruncate: return t.max_chars > 0 ? name + "(" + std::to_string(t.max_chars) + ")" : name;
    default: return name;
  }
}

std::string ShortVersion(const std::string& v) { return v.substr(0, 12); }

}  // namespace

Result<Preview> BuildPreview(const config::MappingSpec& spec, const connectors::ObjectMetadata& source,
                             const connectors::ObjectMetadata& target, const std::vector<connectors::Record>& records,
                             size_t limit) {
  std::vector<config::ConfigError> errors;
  auto plan = Plan::Compile(spec, &source, &target, &errors);
  if (!plan.ok()) return plan.error();
  Preview p;
  p.mapping = spec.name;
  p.version = plan->version();
  p.source = spec.source;
  p.target = spec.target;
  p.findings = Validate(spec, source, target);
  p.status = WorstSeverity(p.findings);

  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const auto& row = spec.fields[i];
    FieldLine line;
    line.row = i;
    line.source = row.source;
    std::vector<std::string> types;
    for (const auto& s : row.source) {
      const connectors::FieldMetadata* f = source.Find(s);
      types.push_back(f ? TypeText(*f) : "unknown");
    }
    line.source_type = row.source.empty() ? "constant" : JoinStrings(types, " + ");
    const connectors::FieldMetadata* tf = target.Find(row.target);
    line.target = tf ? tf->name : row.target;
    line.target_type = tf ? TypeText(*tf) : "unknown";
    std::vector<std::string> steps;
    for (const auto& t : row.transforms) steps.push_back(TransformText(t));
    if (row.default_value) steps.push_back("default(\"" + *row.default_value + "\")");
    line.transforms = JoinStrings(steps, " → ");
    for (const auto& f : p.findings) {
      if (f.row != i) continue;
      if (f.severity > line.status) line.status = f.severity;
      line.reasons.push_back(f.message);
    }
    p.fields.push_back(std::move(line));
  }

  std::vector<SourceValue> values;
  std::vector<std::string> scratch;
  MappedRow mapped;
  const auto& slots_names = plan->source_fields();
  for (const auto& record : records) {
    if (p.samples.size() >= limit) break;
    if (record.deleted) continue;
    plan->Bind(record, values, scratch);
    plan->Apply(values, mapped);
    SampleRow sample;
    sample.id = SanitiseUtf8(record.id);
    sample.status = mapped.status;
    for (size_t i = 0; i < spec.fields.size(); ++i) {
      SampleCell cell;
      std::vector<std::string> shown;
      for (const auto& name : spec.fields[i].source) {
        const connectors::FieldMetadata* f = source.Find(name);
        std::string canonical = f ? f->name : name;
        for (size_t s = 0; s < slots_names.size(); ++s) {
          if (slots_names[s] != canonical) continue;
          if (values[s]) {
            shown.push_back(SanitiseUtf8(*values[s]));
            cell.source_empty = cell.source_empty && values[s]->empty();
          } else {
            shown.push_back("");
          }
        }
      }
      cell.source = JoinStrings(shown, " | ");
      const Cell& c = mapped.cells[i];
      cell.mapped = c.dropped() ? "" : SanitiseUtf8(c.value);
      cell.mapped_empty = c.value.empty() || c.dropped();
      cell.status = c.status;
      cell.reason = SanitiseUtf8(plan->Explain(i, c));
      sample.cells.push_back(std::move(cell));
    }
    ++p.summary.sampled;
    if (mapped.status == CellStatus::kRejected) {
      ++p.summary.rejected;
    } else {
      ++p.summary.written;
      if (mapped.status == CellStatus::kChanged) ++p.summary.changed;
      else ++p.summary.unchanged;
    }
    p.samples.push_back(std::move(sample));
  }
  return p;
}

nlohmann::json ToJson(const Preview& p) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : p.fields) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : f.reasons) reasons.push_back(SanitiseUtf8(r));
    nlohmann::json source = nlohmann::json::array();
    for (const auto& s : f.source) source.push_back(SanitiseUtf8(s));
    fields.push_back({{"row", f.row},
                      {"source", source},
                      {"source_type", f.source_type},
                      {"target", SanitiseUtf8(f.target)},
                      {"target_type", f.target_type},
                      {"transforms", SanitiseUtf8(f.transforms)},
                      {"status", std::string(SeverityName(f.status))},
                      {"reasons", reasons}});
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : p.findings) findings.push_back(ToJson(f));
  nlohmann::json samples = nlohmann::json::array();
  for (const auto& s : p.samples) {
    nlohmann::json cells = nlohmann::json::array();
    for (size_t i = 0; i < s.cells.size(); ++i) {
      const SampleCell& c = s.cells[i];
      nlohmann::json cell = {{"target", i < p.fields.size() ? SanitiseUtf8(p.fields[i].target) : ""},
                             {"status", std::string(CellStatusName(c.status))}};
      cell["source"] = c.source_empty ? nlohmann::json(nullptr) : nlohmann::json(c.source);
      cell["mapped"] = c.mapped_empty ? nlohmann::json(nullptr) : nlohmann::json(c.mapped);
      if (!c.reason.empty()) cell["reason"] = c.reason;
      cells.push_back(std::move(cell));
    }
    samples.push_back({{"id", s.id}, {"status", std::string(CellStatusName(s.status))}, {"cells", cells}});
  }
  return {{"mapping", SanitiseUtf8(p.mapping)},
          {"version", p.version},
          {"source", {{"connection", SanitiseUtf8(p.source.connection)}, {"object", SanitiseUtf8(p.source.object)}}},
          {"target", {{"connection", SanitiseUtf8(p.target.connection)}, {"object", SanitiseUtf8(p.target.object)}}},
          {"status", std::string(SeverityName(p.status))},
          {"fields", fields},
          {"findings", findings},
          {"samples", samples},
          {"summary",
           {{"sampled", p.summary.sampled},
            {"written", p.summary.written},
            {"unchanged", p.summary.unchanged},
            {"changed", p.summary.changed},
            {"rejected", p.summary.rejected}}}};
}

std::string RenderPreviewTable(const Preview& p, size_t width) {
  std::string out;
  out += FitToWidth("Mapping " + p.mapping + "  version " + ShortVersion(p.version) + "  " + p.source.connection +
                        " " + p.source.object + " → " + p.target.connection + " " + p.target.object,
                    width) +
         "\n";
  size_t errors = 0, warnings = 0;
  for (const auto& f : p.findings) {
    if (f.severity == Severity::kError) ++errors;
    if (f.severity == Severity::kWarning) ++warnings;
  }
  std::string status = "Status: " + std::string(SeverityName(p.status)) + " (" + std::to_string(errors) + " errors, " +
                       std::to_string(warnings) + " warnings)";
  if (errors > 0) status += ": fix the errors before this version can be accepted";
  out += FitToWidth(status, width) + "\n\nFields\n";

  TextTable fields{{"source", "type", "target", "type", "transforms", "status", "reason"}, {}, ""};
  for (const auto& f : p.fields) {
    fields.rows.push_back({f.source.empty() ? "(constant)" : JoinStrings(f.source, " + "), f.source_type, f.target,
                           f.target_type, f.transforms, std::string(SeverityName(f.status)), JoinStrings(f.reasons, " ")});
  }
  out += RenderTextTable(fields, width);

  bool any_mapping_finding = false;
  for (const auto& f : p.findings) {
    if (f.row) continue;
    if (!any_mapping_finding) out += "\nMapping\n";
    any_mapping_finding = true;
    out += FitToWidth("  " + std::string(SeverityName(f.severity)) + "  " + f.message, width) + "\n";
  }

  out += "\nSample (" + std::to_string(p.samples.size()) + " records)\n";
  for (const auto& s : p.samples) {
    out += FitToWidth("Record " + s.id + "  " + std::string(CellStatusName(s.status)), width) + "\n";
    TextTable cells{{"target", "source value", "mapped value", "status", "why"}, {}, "  "};
    for (size_t i = 0; i < s.cells.size() && i < p.fields.size(); ++i) {
      const SampleCell& c = s.cells[i];
      cells.rows.push_back({p.fields[i].target, c.source_empty ? "(empty)" : c.source,
                            c.mapped_empty ? (c.status == CellStatus::kRejected ? "" : "(empty)") : c.mapped,
                            std::string(CellStatusName(c.status)), c.reason});
    }
    out += RenderTextTable(cells, width);
  }
  const PreviewSummary& m = p.summary;
  out += "\n" + FitToWidth("Summary: " + std::to_string(m.sampled) + " sampled, " + std::to_string(m.written) +
                               " would be written (" + std::to_string(m.unchanged) + " as they are, " +
                               std::to_string(m.changed) + " changed), " + std::to_string(m.rejected) + " rejected",
                           width) +
         "\n";
  return out;
}

}  // namespace salesync::mapping
