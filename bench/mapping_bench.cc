// Benchmark (not run by ctest): applying a compiled mapping, the per-record cost of a sync's map stage.
// Target (issue 6): a 20-field mapping with 3 transforms at >= 1,000,000 records/s on one core.
// Prints records/s ("items_per_second") for:
//   BM_ApplyTwentyFields        Plan::Apply on rows already laid out in slot order (the hot path)
//   BM_BindAndApplyTwentyFields Plan::Bind from a connectors::Record (JSON fields) + Apply
//   BM_PhoneTransform           one phone normalisation (libphonenumber), for scale
//
//   build-map/bench/mapping_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "connectors/record.h"
#include "mapping/plan.h"
#include "mapping/testdata/describes.h"

using namespace salesync;

namespace {

// 1,000 distinct Marketo-like leads, so that branch prediction and caches see realistic variety.
std::vector<connectors::Record> MakeRecords() {
  static const char* kStatus[] = {"New", "working", "Converted", "Disqualified", "Nurture"};
  std::vector<connectors::Record> records;
  for (int i = 0; i < 1000; ++i) {
    std::string n = std::to_string(i);
    connectors::Record r;
    r.object = "lead";
    r.id = n;
    r.fields = {{"id", 100000 + i},
                {"email", " User" + n + "@Example.COM "},
                {"firstName", "First" + n},
                {"lastName", "Last" + n},
                {"title", "Head of Things"},
                {"company", "Company " + n},
                {"city", "Amsterdam"},
                {"country", "Netherlands"},
                {"phone", "+31 20 555 " + std::to_string(1000 + i)},
                {"website", "https://example.com/" + n},
                {"leadStatus", kStatus[i % 5]},
                {"leadSource", "Web"},
                {"industry", "Technology"},
                {"numberOfEmployees", 10 + i},
                {"unsubscribed", i % 7 == 0},
                {"salesyncId", "sx-" + n},
                {"updatedAt", "2024-03-31T12:00:00Z"},
                {"leadScore", i % 100},
                {"urgency", 0.5},
                {"sfdcContactId", nullptr}};
    records.push_back(std::move(r));
  }
  return records;
}

mapping::Plan MakePlan() {
  static const auto source = mapping::testdata::MarketoLead();
  static const auto target = mapping::testdata::SalesforceLead();
  return mapping::Plan::Compile(mapping::testdata::TwentyFieldSpec(), &source, &target).value();
}

void BM_ApplyTwentyFields(benchmark::State& state) {
  mapping::Plan plan = MakePlan();
  auto records = MakeRecords();
  std::vector<std::vector<mapping::SourceValue>> rows(records.size());
  std::vector<std::vector<std::string>> scratch(records.size());
  for (size_t i = 0; i < records.size(); ++i) plan.Bind(records[i], rows[i], scratch[i]);
  mapping::MappedRow out;
  size_t i = 0;
  size_t rejected = 0;
  for (auto _ : state) {
    plan.Apply(rows[i], out);
    rejected += out.status == mapping::CellStatus::kRejected;
    benchmark::DoNotOptimize(out.cells.data());
    if (++i == rows.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["rejected"] = static_cast<double>(rejected);
}
BENCHMARK(BM_ApplyTwentyFields);

void BM_BindAndApplyTwentyFields(benchmark::State& state) {
  mapping::Plan plan = MakePlan();
  auto records = MakeRecords();
  std::vector<mapping::SourceValue> row;
  std::vector<std::string> scratch;
  mapping::MappedRow out;
  size_t i = 0;
  for (auto _ : state) {
    plan.Bind(records[i], row, scratch);
    plan.Apply(row, out);
    benchmark::DoNotOptimize(out.cells.data());
    if (++i == records.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BindAndApplyTwentyFields);

void BM_PhoneTransform(benchmark::State& state) {
  config::MappingSpec spec;
  config::FieldMappingSpec row;
  row.source = {"phone"};
  row.target = "Phone";
  config::TransformSpec phone;
  phone.kind = config::TransformKind::kPhone;
  phone.default_country = "NL";
  row.transforms = {phone};
  spec.fields = {row};
  mapping::Plan plan = mapping::Plan::Compile(spec).value();
  std::vector<mapping::SourceValue> values = {std::string_view("(020) 555 12 34")};
  mapping::MappedRow out;
  for (auto _ : state) {
    plan.Apply(values, out);
    benchmark::DoNotOptimize(out.cells.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PhoneTransform);

}  // namespace

BENCHMARK_MAIN();
