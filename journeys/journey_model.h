// Journey: the document an admin edits — name, description, entry audience and a map of nodes
// (docs/architecture.md "Journeys and jobs"). ParseJourney reads and validates it, collecting every
// error, each naming the node and the setting; the document is kept as JSON in the store and parsed
// again when used, so what the admin wrote is what is shown back.
//
//   {"name":"Onboarding","description":"…",
//    "entry":{"type":"static","accounts":["001…"]} | {"type":"filter","where":{"Industry":"Software"}},
//    "start":"n1",
//    "nodes":{"n1":{"type":"action","scope":"people","action":"marketo_add_to_list",
//                   "settings":{"connection":"mkto","list_id":1005},"next":"n2"},
//             "n2":{"type":"wait","duration_secs":432000,"next":"n3"},
//             "n3":{"type":"split","by":"people","condition":{"attribute":"Title","equals":"CTO"},
//                   "yes":"n4","no":"n4"},
//             "n4":{"type":"end"}}}
// Thread-safety: value types and pure functions.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "journeys/action_catalog.h"

namespace salesync::journeys {

inline constexpr int64_t kDefaultWaitSecs = 5 * 24 * 3600;

struct Node {
  std::string id;
  std::string type;       // action, wait, split, end
  std::string scope;      // action: account | people
  std::string action;     // action: the catalog type
  nlohmann::json settings = nlohmann::json::object();
  int64_t duration_secs = kDefaultWaitSecs;  // wait
  std::string by;         // split: account | people
  std::string attribute;  // split condition
  std::string equals;
  std::string next;       // action, wait
  std::string yes, no;    // split
};

struct Audience {
  std::string type = "filter";                // static | filter
  std::vector<std::string> accounts;          // static
  std::map<std::string, std::string> where;   // filter: attribute → value (empty: every account)
};

struct Journey {
  std::string name;
  std::string description;
  Audience entry;
  std::string start;
  std::map<std::string, Node> nodes;
};

// kInvalidArgument with every error ("where: message" lines) when the document is not valid.
Result<Journey> ParseJourney(const nlohmann::json& document, const ConnectionTypes& connections);
// The same checks, as a list (empty: valid).
std::vector<ValidationError> ValidateJourney(const nlohmann::json& document, const ConnectionTypes& connections,
                                             Journey* out = nullptr);

// The action nodes whose action names another journey (add/remove account to/from journey): node → name.
std::map<std::string, std::string> TargetJourneys(const Journey& journey);

// "Duplicate without details": nodes and paths kept, settings and split conditions reset to their
// defaults, every wait back to 5 days. The entry audience is emptied.
nlohmann::json StripDetails(const nlohmann::json& document);

// Errors as one Error (kInvalidArgument), message "N problems: …", context the first error's place.
Error ValidationFailure(const std::vector<ValidationError>& errors);

}  // namespace salesync::journeys
