// The "take an action" nodes of shared/reference/features.md §3: per action its scope (account or
// people), the settings it takes and their constraints, the type of connection it needs, the provider's
// batch limit, and whether this version EXECUTES it or only validates it.
//
// Executed: marketo_add_to_list, marketo_remove_from_list, marketo_request_campaign, change_score,
// person_interesting_moment (Marketo request campaigns), send_sales_alert (a Salesforce Task upserted
// on our key), add_to_journey, remove_from_journey (local). Every other action is validated only: a
// journey using one can be published, and its jobs end "skipped: not executed in this version".
// Thread-safety: pure functions over a constant table.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace salesync::journeys {

struct ValidationError {
  std::string where;    // "nodes.n2.settings.status"
  std::string message;  // a sentence
};

struct ActionSpec {
  const char* type;
  const char* scope;            // "account" or "people"
  const char* connection_type;  // "marketo", "salesforce" or "" (local)
  bool executes;
  bool idempotent;              // false: intent/outcome records and reconciliation before any resend
  int batch_limit;              // subjects per provider call (0: local, no call)
  bool deprecated;
};

const std::vector<ActionSpec>& AllActions();
const ActionSpec* FindAction(const std::string& type);

// Looks up a connection's type by name (nullopt: not configured).
using ConnectionTypes = std::function<std::optional<std::string>(const std::string& name)>;

// Checks `settings` of action `type` at node `node`: required settings, types, lengths, the connection's
// type. Appends one error per problem, each naming the node and the setting.
void ValidateActionSettings(const std::string& node, const std::string& scope, const std::string& type,
                            const nlohmann::json& settings, const ConnectionTypes& connections,
                            std::vector<ValidationError>& errors);

// The settings of `type` reset to their defaults (duplicate without details).
nlohmann::json DefaultSettings(const std::string& type);

}  // namespace salesync::journeys
