#include "base/metrics.h"

#include <cmath>
#include <cstdio>

namespace salesync {

std::string RenderLabels(const MetricLabels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    for (char c : v) {
      if (c == '\\') out += "\\\\";
      else if (c == '"') out += "\\\"";
      else if (c == '\n') out += "\\n";
      else out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

MetricsRegistry::Family& MetricsRegistry::FamilyLocked(const std::string& name, const char* type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) it->second.type = type;
  return it->second;
}

void MetricsRegistry::DeclareCounter(const std::string& name, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = FamilyLocked(name, "counter");
  f.type = "counter";
  f.help = help;
}

void MetricsRegistry::DeclareGauge(const std::string& name, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = FamilyLocked(name, "gauge");
  f.type = "gauge";
  f.help = help;
}

void MetricsRegistry::AddCounter(const std::string& name, const MetricLabels& labels, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  FamilyLocked(name, "untyped").values[RenderLabels(labels)] += delta;
}

void MetricsRegistry::SetGauge(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  FamilyLocked(name, "untyped").values[RenderLabels(labels)] = value;
}

void MetricsRegistry::SetGaugeCallback(const std::string& name, const MetricLabels& labels,
                                       std::function<double()> compute) {
  std::lock_guard<std::mutex> lock(mu_);
  FamilyLocked(name, "untyped").callbacks[RenderLabels(labels)] = std::move(compute);
}

double MetricsRegistry::CounterValue(const std::string& name, const MetricLabels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto f = families_.find(name);
  if (f == families_.end()) return 0;
  auto v = f->second.values.find(RenderLabels(labels));
  return v == f->second.values.end() ? 0 : v->second;
}

namespace {
void AppendNumber(std::string& out, double v) {
  if (std::isnan(v)) { out += "NaN"; return; }
  if (std::isinf(v)) { out += v > 0 ? "+Inf" : "-Inf"; return; }
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.9g", v);
  out += buf;
}
}  // namespace

std::string MetricsRegistry::RenderPrometheus() const {
  // Copy under the lock, compute callbacks outside it (they may take other locks).
  std::map<std::string, Family> snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot = families_;
  }
  std::string out;
  for (const auto& [name, family] : snapshot) {
    if (!family.help.empty()) out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + family.type + "\n";
    std::map<std::string, double> values = family.values;
    for (const auto& [labels, compute] : family.callbacks) values[labels] = compute();
    for (const auto& [labels, value] : values) {
      out += name;
      out += labels;
      out += ' ';
      AppendNumber(out, value);
      out += '\n';
    }
  }
  return out;
}

}  // namespace salesync
