// Fuzz target (libFuzzer) for the mapping spec parser and the transforms. The first byte picks the mode:
//   even: the rest is a configuration file; every mapping it yields is compiled, validated and previewed
//         over records whose values are the lines of the input;
//   odd:  the rest is one source value, run through a fixed mapping that uses every transform.
// Anything the code under test can do with the input must end in a value or an Error: a crash, a sanitizer
// report, an exception or a broken invariant (checked below with abort()) fails the run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "mapping/plan.h"
#include "mapping/preview.h"
#include "mapping/testdata/describes.h"
#include "mapping/text.h"

namespace {

using namespace salesync;

void Check(bool condition) {
  if (!condition) std::abort();
}

std::vector<connectors::Record> RecordsFrom(std::string_view text, const connectors::ObjectMetadata& source) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size() && lines.size() < 8) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<connectors::Record> records;
  for (size_t r = 0; r < 3; ++r) {
    connectors::Record rec;
    rec.id = std::to_string(r);
    for (size_t i = 0; i < source.fields.size(); ++i) {
      const std::string& line = lines[(i + r) % lines.size()];
      rec.fields[source.fields[i].name] = mapping::SanitiseUtf8(line);
    }
    records.push_back(std::move(rec));
  }
  return records;
}

// Secret references read files ({"file": "/dev/zero"} would never end): inputs that have one are skipped.
bool ReadsFiles(const nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "file" || it.key() == "credential" || ReadsFiles(it.value())) return true;
    }
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (ReadsFiles(v)) return true;
    }
  }
  return false;
}

void FuzzConfig(std::string_view text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (!parsed.is_discarded() && ReadsFiles(parsed)) return;
  auto config = config::ParseConfig("fuzz.json", std::string(text));
  if (!config.ok()) return;
  static const auto source = mapping::testdata::MarketoLead();
  static const auto target = mapping::testdata::SalesforceLead();
  auto records = RecordsFrom(text, source);
  for (const auto& [name, spec] : config->mappings) {
    auto preview = mapping::BuildPreview(spec, source, target, records, 5);
    if (!preview.ok()) continue;
    Check(preview->summary.sampled == preview->summary.written + preview->summary.rejected);
    (void)mapping::ToJson(*preview).dump();
    (void)mapping::RenderPreviewTable(*preview, 80);
  }
}

config::TransformSpec T(config::TransformKind kind) {
  config::TransformSpec t;
  t.kind = kind;
  return t;
}

const mapping::Plan& EveryTransformPlan() {
  static const mapping::Plan plan = [] {
    using config::TransformKind;
    config::MappingSpec spec;
    spec.name = "every-transform";
    auto row = [&](std::vector<std::string> source, std::vector<config::TransformSpec> ts) {
      config::FieldMappingSpec r;
      r.source = std::move(source);
      r.target = "T" + std::to_string(spec.fields.size());
      r.transforms = std::move(ts);
      spec.fields.push_back(r);
    };
    auto truncate = T(TransformKind::kTruncate);
    truncate.max_chars = 7;
    auto split = T(TransformKind::kSplit);
    split.separator = " ";
    split.part = -1;
    auto map = T(TransformKind::kMap);
    map.values = {{"a", "x"}, {"É", "e"}};
    auto fallback_map = map;
    fallback_map.fallback = "other";
    auto dt = T(TransformKind::kDateTime);
    dt.time_zone = "Europe/Amsterdam";
    dt.to_time_zone = "America/New_York";
    auto dt_pattern = T(TransformKind::kDateTime);
    dt_pattern.from = "%d/%m/%Y %H:%M";
    dt_pattern.to = "%A %e %B %Y %I:%M %p %Ez";
    dt_pattern.time_zone = "Asia/Seoul";
    auto epoch = T(TransformKind::kDateTime);
    epoch.from = "epoch_ms";
    epoch.to = "date";
    auto phone = T(TransformKind::kPhone);
    phone.default_country = "NL";
    auto phone_drop = T(TransformKind::kPhone);
    phone_drop.invalid = "drop";
    auto concat = T(TransformKind::kConcat);
    concat.separator = ", ";
    auto deflt = T(TransformKind::kDefault);
    deflt.value = "none";
    row({"v"}, {T(TransformKind::kTrim), T(TransformKind::kLower), truncate});
    row({"v"}, {T(TransformKind::kUpper), split, deflt});
    row({"v"}, {T(TransformKind::kTrim), map});
    row({"v"}, {fallback_map});
    row({"v"}, {dt});
    row({"v"}, {dt_pattern});
    row({"v"}, {epoch});
    row({"v"}, {phone});
    row({"v"}, {phone_drop});
    row({"v", "w"}, {concat, T(TransformKind::kTrim)});
    return mapping::Plan::Compile(spec).value();
  }();
  return plan;
}

void FuzzValue(std::string_view value) {
  const mapping::Plan& plan = EveryTransformPlan();
  size_t cut = value.find('\0');
  std::vector<mapping::SourceValue> row(plan.source_fields().size());
  row[0] = value.substr(0, cut);
  if (row.size() > 1) row[1] = cut == std::string_view::npos ? std::string_view() : value.substr(cut + 1);
  mapping::MappedRow out;
  plan.Apply(row, out);
  Check(out.cells.size() == plan.size());
  // truncate never leaves more than its characters, and never cuts a character in two.
  Check(mapping::CountChars(out.cells[0].value) <= 7);
  if (mapping::IsValidUtf8(value)) {
    for (size_t i = 0; i < out.cells.size(); ++i) {
      Check(mapping::IsValidUtf8(out.cells[i].value));
      (void)plan.Explain(i, out.cells[i]);
    }
    if (out.status != mapping::CellStatus::kRejected) (void)plan.ToTargetJson(out).dump();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) FuzzConfig(rest);
  else FuzzValue(rest);
  return 0;
}
