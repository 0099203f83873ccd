#include "journeys/journey_simulate.h"

#include <set>

#include "journeys/journey_graph.h"

namespace salesync::journeys {

namespace {

struct NodeTally {
  std::set<std::string> accounts;
  int64_t people = 0;
  int64_t subjects = 0;
};

int64_t CeilDiv(int64_t a, int64_t b) { return b <= 0 ? 0 : (a + b - 1) / b; }

}  // namespace

Result<nlohmann::json> Simulate(store::JourneyStore* store, const Journey& journey, oauth::RateBudget* budget,
                                size_t max_accounts_listed) {
  auto audience = AudienceAccounts(store, journey);
  if (!audience.ok()) return audience.error();
  std::map<std::string, NodeTally> tally;
  nlohmann::json paths = nlohmann::json::array();
  for (const auto& account : *audience) {
    nlohmann::json path = nlohmann::json::array();
    std::string id = journey.start;
    for (int step = 0; step < 256; ++step) {
      auto it = journey.nodes.find(id);
      if (it == journey.nodes.end()) break;
      const Node& n = it->second;
      path.push_back(n.id);
      if (n.type == "end") break;
      if (n.type == "action") {
        auto subjects = ActionSubjects(store, n, account);
        if (!subjects.ok()) return subjects.error();
        NodeTally& t = tally[n.id];
        t.accounts.insert(account.id);
        t.subjects += static_cast<int64_t>(subjects->size());
        if (n.scope == "people") t.people += static_cast<int64_t>(subjects->size());
        id = n.next;
      } else if (n.type == "wait") {
        id = n.next;
      } else if (n.type == "split") {
        auto next = SplitNext(store, n, account);
        if (!next.ok()) return next.error();
        id = *next;
      }
    }
    if (paths.size() < max_accounts_listed) {
      paths.push_back({{"account", account.id}, {"name", account.fields.value("Name", "")}, {"path", path}});
    }
  }
  nlohmann::json nodes = nlohmann::json::array();
  std::map<std::string, int64_t> calls_by_connection;
  for (const auto& [id, n] : journey.nodes) {
    if (n.type != "action") continue;
    const ActionSpec* spec = FindAction(n.action);
    const NodeTally& t = tally[id];
    int64_t calls = spec && spec->executes && spec->batch_limit > 0 ? CeilDiv(t.subjects, spec->batch_limit) : 0;
    std::string connection = n.settings.value("connection", "");
    if (calls > 0) calls_by_connection[connection] += calls;
    nodes.push_back({{"node", id},
                     {"action", n.action},
                     {"scope", n.scope},
                     {"connection", connection},
                     {"executes", spec && spec->executes},
                     {"accounts", static_cast<int64_t>(t.accounts.size())},
                     {"people", t.people},
                     {"jobs", t.subjects},
                     {"batch_limit", spec ? spec->batch_limit : 0},
                     {"provider_calls", calls}});
  }
  nlohmann::json connections = nlohmann::json::object();
  for (const auto& [name, calls] : calls_by_connection) {
    nlohmann::json c = {{"provider_calls", calls}};
    if (budget) {
      auto snap = budget->Inspect(name);
      if (snap.limits.window_calls > 0) {
        int64_t window_secs = std::chrono::duration_cast<std::chrono::seconds>(snap.limits.window).count();
        c["window_calls"] = snap.limits.window_calls;
        c["window_secs"] = window_secs;
        c["share_of_window"] = static_cast<double>(calls) / static_cast<double>(snap.limits.window_calls);
        // The fastest the calls can go: full windows back to back.
        c["min_secs"] = (CeilDiv(calls, snap.limits.window_calls) - 1) * window_secs;
      }
      if (snap.daily_max > 0) {
        c["daily_used"] = snap.daily_used;
        c["daily_max"] = snap.daily_max;
        c["share_of_daily"] = static_cast<double>(calls) / static_cast<double>(snap.daily_max);
      }
    }
    connections[name] = c;
  }
  return nlohmann::json{{"journey", journey.name},
                        {"accounts", static_cast<int64_t>(audience->size())},
                        {"nodes", nodes},
                        {"connections", connections},
                        {"paths", paths}};
}

}  // namespace salesync::journeys
