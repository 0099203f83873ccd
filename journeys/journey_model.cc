#include "journeys/journey_model.h"

#include <functional>
#include <set>

namespace salesync::journeys {

namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

void ParseAudience(const nlohmann::json& doc, Audience& a, std::vector<ValidationError>& errors) {
  if (!doc.contains("entry")) return;  // every account
  const auto& e = doc["entry"];
  if (!e.is_object()) return errors.push_back({"entry", "Must be an object with a type (static or filter)."});
  a.type = e.contains("type") ? Str(e, "type") : "filter";
  if (a.type == "static") {
    if (!e.contains("accounts") || !e["accounts"].is_array()) {
      return errors.push_back({"entry.accounts", "A static audience needs a list of account ids."});
    }
    for (const auto& id : e["accounts"]) {
      if (!id.is_string() || id.get<std::string>().empty()) {
        errors.push_back({"entry.accounts", "Every account id must be a non-empty string."});
        return;
      }
      a.accounts.push_back(id);
    }
  } else if (a.type == "filter") {
    if (!e.contains("where")) return;
    if (!e["where"].is_object()) return errors.push_back({"entry.where", "Must be an object of attribute: value."});
    for (const auto& [k, v] : e["where"].items()) {
      if (!v.is_string()) {
        errors.push_back({"entry.where." + k, "Must be a string value."});
        continue;
      }
      a.where[k] = v.get<std::string>();
    }
  } else {
    errors.push_back({"entry.type", "Must be static or filter."});
  }
}

void Link(const std::string& node, const char* key, const nlohmann::json& n, std::string& out,
          std::vector<ValidationError>& errors) {
  if (!n.contains(key) || !n[key].is_string() || n[key].get<std::string>().empty()) {
    errors.push_back({"nodes." + node + "." + key, "Required: the id of the node that follows."});
    return;
  }
  out = n[key];
}

}  // namespace

std::vector<ValidationError> ValidateJourney(const nlohmann::json& doc, const ConnectionTypes& connections,
                                             Journey* out) {
  std::vector<ValidationError> errors;
  Journey j;
  if (!doc.is_object()) return {{"", "A journey is a JSON object."}};
  j.name = Str(doc, "name");
  if (j.name.empty()) errors.push_back({"name", "Required."});
  if (j.name.size() > 200) errors.push_back({"name", "At most 200 characters."});
  if (j.name.find('/') != std::string::npos) errors.push_back({"name", "Must not contain '/'."});
  if (doc.contains("description") && !doc["description"].is_string()) errors.push_back({"description", "Must be a string."});
  j.description = Str(doc, "description");
  ParseAudience(doc, j.entry, errors);
  if (!doc.contains("nodes") || !doc["nodes"].is_object() || doc["nodes"].empty()) {
    errors.push_back({"nodes", "A journey needs at least one node."});
  } else {
    for (const auto& [id, n] : doc["nodes"].items()) {
      Node node;
      node.id = id;
      if (!n.is_object()) {
        errors.push_back({"nodes." + id, "Must be an object."});
        continue;
      }
      node.type = Str(n, "type");
      if (node.type == "action") {
        node.scope = Str(n, "scope");
        if (node.scope != "account" && node.scope != "people") {
          errors.push_back({"nodes." + id + ".scope", "Must be account or people."});
        }
        node.action = Str(n, "action");
        node.settings = n.value("settings", nlohmann::json::object());
        ValidateActionSettings(id, node.scope, node.action, node.settings, connections, errors);
        Link(id, "next", n, node.next, errors);
      } else if (node.type == "wait") {
        if (n.contains("duration_secs")) {
          if (!n["duration_secs"].is_number_integer() || n["duration_secs"].get<int64_t>() < 0) {
            errors.push_back({"nodes." + id + ".duration_secs", "Must be a whole number of seconds, 0 or more."});
          } else {
            node.duration_secs = n["duration_secs"];
          }
        }
        Link(id, "next", n, node.next, errors);
      } else if (node.type == "split") {
        node.by = Str(n, "by");
        if (node.by != "account" && node.by != "people") {
          errors.push_back({"nodes." + id + ".by", "Must be account or people."});
        }
        const auto c = n.value("condition", nlohmann::json::object());
        node.attribute = Str(c, "attribute");
        node.equals = Str(c, "equals");
        if (node.attribute.empty()) errors.push_back({"nodes." + id + ".condition.attribute", "Required."});
        if (!c.contains("equals") || !c["equals"].is_string()) {
          errors.push_back({"nodes." + id + ".condition.equals", "Required: the value to compare with."});
        }
        Link(id, "yes", n, node.yes, errors);
        Link(id, "no", n, node.no, errors);
      } else if (node.type != "end") {
        errors.push_back({"nodes." + id + ".type", "Must be action, wait, split or end."});
      }
      j.nodes[id] = std::move(node);
    }
    j.start = doc.contains("start") ? Str(doc, "start") : j.nodes.begin()->first;
    if (!j.nodes.count(j.start)) errors.push_back({"start", "No node \"" + j.start + "\"."});
    for (const auto& [id, n] : j.nodes) {
      for (const auto& [key, target] : std::vector<std::pair<const char*, std::string>>{
               {"next", n.next}, {"yes", n.yes}, {"no", n.no}}) {
        if (!target.empty() && !j.nodes.count(target)) {
          errors.push_back({"nodes." + id + "." + key, "No node \"" + target + "\"."});
        }
      }
    }
    // Every path must reach an end: no cycles (a journey is a map that accounts travel through once).
    std::map<std::string, int> color;
    std::function<bool(const std::string&)> acyclic = [&](const std::string& id) {
      if (!j.nodes.count(id)) return true;
      if (color[id] == 1) return false;
      if (color[id] == 2) return true;
      color[id] = 1;
      const Node& n = j.nodes[id];
      bool ok = acyclic(n.next) && acyclic(n.yes) && acyclic(n.no);
      color[id] = 2;
      return ok;
    };
    if (j.nodes.count(j.start) && !acyclic(j.start)) errors.push_back({"nodes", "The nodes form a loop; every path must reach an end."});
  }
  if (out) *out = std::move(j);
  return errors;
}

Result<Journey> ParseJourney(const nlohmann::json& document, const ConnectionTypes& connections) {
  Journey j;
  auto errors = ValidateJourney(document, connections, &j);
  if (!errors.empty()) return ValidationFailure(errors);
  return j;
}

std::map<std::string, std::string> TargetJourneys(const Journey& journey) {
  std::map<std::string, std::string> out;
  for (const auto& [id, n] : journey.nodes) {
    if (n.type == "action" && (n.action == "add_to_journey" || n.action == "remove_from_journey")) {
      out[id] = n.settings.value("journey", "");
    }
  }
  return out;
}

nlohmann::json StripDetails(const nlohmann::json& document) {
  nlohmann::json out = document;
  out["entry"] = {{"type", "static"}, {"accounts", nlohmann::json::array()}};
  if (!out.contains("nodes") || !out["nodes"].is_object()) return out;
  for (auto& [id, n] : out["nodes"].items()) {
    if (!n.is_object()) continue;
    std::string type = n.value("type", "");
    if (type == "action") {
      n["settings"] = DefaultSettings(n.value("action", ""));
    } else if (type == "wait") {
      n["duration_secs"] = kDefaultWaitSecs;
    } else if (type == "split") {
      n["condition"] = {{"attribute", ""}, {"equals", ""}};
    }
  }
  return out;
}

Error ValidationFailure(const std::vector<ValidationError>& errors) {
  std::string msg = std::to_string(errors.size()) + (errors.size() == 1 ? " problem" : " problems") + ":";
  for (const auto& e : errors) msg += "\n  " + (e.where.empty() ? "" : e.where + ": ") + e.message;
  return MakeError(ErrorCode::kInvalidArgument, msg, errors.empty() ? "" : errors.front().where);
}

}  // namespace salesync::journeys
