// MetricsRegistry: counters and gauges rendered in the Prometheus text exposition format (0.0.4).
//
// Series are identified by a metric name and a label set. Counters only go up; gauges are set or computed
// on demand by a callback at render time (uptime, store size), so nothing polls in the background.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace salesync {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
 public:
  // Declares a metric family (its HELP text and TYPE). Adding to an undeclared family declares it as
  // an untyped metric with an empty help, which is still valid exposition.
  void DeclareCounter(const std::string& name, const std::string& help);
  void DeclareGauge(const std::string& name, const std::string& help);

  void AddCounter(const std::string& name, const MetricLabels& labels, double delta = 1);
  void SetGauge(const std::string& name, const MetricLabels& labels, double value);
  // `compute` runs at render time, on the rendering thread, without the registry lock held.
  void SetGaugeCallback(const std::string& name, const MetricLabels& labels, std::function<double()> compute);

  double CounterValue(const std::string& name, const MetricLabels& labels) const;

  std::string RenderPrometheus() const;

 private:
  struct Family {
    std::string type;  // "counter", "gauge" or "untyped"
    std::string help;
    std::map<std::string, double> values;                      // rendered label set -> value
    std::map<std::string, std::function<double()>> callbacks;  // rendered label set -> compute
  };
  Family& FamilyLocked(const std::string& name, const char* type);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// Renders {a="x",b="y"} with Prometheus escaping; empty labels give "".
std::string RenderLabels(const MetricLabels& labels);

}  // namespace salesync
