#include "journeys/action_catalog.h"

#include <set>

namespace salesync::journeys {

namespace {

// Marketo: list add/remove take 300 leads a call, request campaign 100; Salesforce collections 200.
const std::vector<ActionSpec> kActions = {
    {"account_change_data_value", "account", "", false, true, 0, false},
    {"account_interesting_moment", "account", "", false, true, 0, false},
    {"activate_to_destination", "account", "", false, true, 0, false},
    {"add_to_journey", "account", "", true, true, 0, false},
    {"add_to_account_list", "account", "", false, true, 0, false},
    {"remove_from_journey", "account", "", true, true, 0, false},
    {"remove_from_account_list", "account", "", false, true, 0, false},
    {"send_sales_alert", "account", "salesforce", true, true, 200, false},
    {"update_buying_group_stage", "account", "", false, true, 0, false},
    {"update_buying_group_status", "account", "", false, true, 0, false},
    {"add_to_external_audience", "people", "", false, true, 0, false},
    {"assign_to_buying_group", "people", "", false, true, 0, false},
    {"change_data_value", "people", "", false, true, 0, false},
    {"change_score", "people", "marketo", true, false, 100, false},
    {"person_interesting_moment", "people", "marketo", true, false, 100, false},
    {"remove_from_buying_group", "people", "", false, true, 0, false},
    {"send_email", "people", "", false, true, 0, false},
    {"send_sms", "people", "", false, true, 0, false},
    {"marketo_request_campaign", "people", "marketo", true, false, 100, false},
    {"marketo_add_to_list", "people", "marketo", true, true, 300, false},
    {"marketo_remove_from_list", "people", "marketo", true, true, 300, false},
    {"marketo_change_partition", "people", "marketo", false, true, 300, true},
};

class Checker {
 public:
  Checker(const std::string& node, const nlohmann::json& settings, std::vector<ValidationError>& errors)
      : node_(node), settings_(settings), errors_(errors) {}

  void Fail(const std::string& key, const std::string& message) {
    errors_.push_back({"nodes." + node_ + ".settings." + key, message});
  }

  // A required non-empty string of at most `max` characters (0: no limit).
  void Text(const std::string& key, size_t max = 0, bool required = true) {
    if (!settings_.contains(key)) {
      if (required) Fail(key, "Required.");
      return;
    }
    const auto& v = settings_[key];
    if (!v.is_string()) return Fail(key, "Must be a string.");
    std::string s = v.get<std::string>();
    if (required && s.empty()) return Fail(key, "Required; it must not be empty.");
    if (max > 0 && s.size() > max) Fail(key, "At most " + std::to_string(max) + " characters (" + std::to_string(s.size()) + " given).");
  }

  void OneOf(const std::string& key, const std::set<std::string>& values) {
    if (!settings_.contains(key)) return Fail(key, "Required.");
    if (!settings_[key].is_string() || !values.count(settings_[key].get<std::string>())) {
      std::string list;
      for (const auto& v : values) list += (list.empty() ? "" : ", ") + v;
      Fail(key, "Must be one of " + list + ".");
    }
  }

  void PositiveId(const std::string& key) {
    if (!settings_.contains(key)) return Fail(key, "Required.");
    const auto& v = settings_[key];
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) Fail(key, "Must be a positive integer id.");
  }

  void Connection(const std::string& type, const ConnectionTypes& connections) {
    if (!settings_.contains("connection") || !settings_["connection"].is_string() ||
        settings_["connection"].get<std::string>().empty()) {
      return Fail("connection", "Required: the name of a configured " + type + " connection.");
    }
    std::string name = settings_["connection"];
    auto t = connections ? connections(name) : std::nullopt;
    if (!t) return Fail("connection", "No connection named \"" + name + "\" is configured.");
    if (*t != type) Fail("connection", "\"" + name + "\" is a " + *t + " connection; this action needs " + type + ".");
  }

  // "+10", "-5" or an integer.
  void ScoreChange(const std::string& key) {
    if (!settings_.contains(key)) return Fail(key, "Required, e.g. \"+10\".");
    const auto& v = settings_[key];
    if (v.is_number_integer()) return;
    if (!v.is_string()) return Fail(key, "Must be a change such as \"+10\" or \"-5\".");
    std::string s = v;
    size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    if (i >= s.size() || s.find_first_not_of("0123456789", i) != std::string::npos) {
      Fail(key, "Must be a change such as \"+10\" or \"-5\".");
    }
  }

 private:
  const std::string& node_;
  const nlohmann::json& settings_;
  std::vector<ValidationError>& errors_;
};

const std::set<std::string> kMomentTypes = {"email", "milestone", "web"};

}  // namespace

const std::vector<ActionSpec>& AllActions() { return kActions; }

const ActionSpec* FindAction(const std::string& type) {
  for (const auto& a : kActions) {
    if (type == a.type) return &a;
  }
  return nullptr;
}

void ValidateActionSettings(const std::string& node, const std::string& scope, const std::string& type,
                            const nlohmann::json& settings, const ConnectionTypes& connections,
                            std::vector<ValidationError>& errors) {
  const ActionSpec* spec = FindAction(type);
  if (!spec) {
    errors.push_back({"nodes." + node + ".action", "Unknown action \"" + type + "\"."});
    return;
  }
  if (scope != spec->scope) {
    errors.push_back({"nodes." + node + ".scope", "\"" + type + "\" is an " + std::string(spec->scope) +
                                                      " action, not a " + scope + " action."});
  }
  if (!settings.is_object()) {
    errors.push_back({"nodes." + node + ".settings", "Must be an object."});
    return;
  }
  Checker c(node, settings, errors);
  if (*spec->connection_type) c.Connection(spec->connection_type, connections);
  if (type == "account_change_data_value" || type == "change_data_value") {
    c.Text("attribute");
    c.Text("value", 0, false);
    if (!settings.contains("value")) c.Fail("value", "Required (it may be empty).");
  } else if (type == "account_interesting_moment" || type == "person_interesting_moment") {
    c.OneOf("moment_type", kMomentTypes);
    c.Text("description", 0, false);
    if (type == "person_interesting_moment" && settings.contains("campaign_id")) c.PositiveId("campaign_id");
  } else if (type == "activate_to_destination") {
    c.Text("destination");
    c.Text("audience_name");
  } else if (type == "add_to_journey" || type == "remove_from_journey") {
    c.Text("journey");
  } else if (type == "add_to_account_list" || type == "remove_from_account_list") {
    c.Text("account_list");
  } else if (type == "send_sales_alert") {
    c.Text("solution_interest");
    c.Text("send_email_to");
    if (settings.contains("send_email_to") && settings["send_email_to"].is_string() &&
        settings["send_email_to"].get<std::string>().find('@') == std::string::npos) {
      c.Fail("send_email_to", "Must be an e-mail address.");
    }
  } else if (type == "update_buying_group_stage") {
    c.Text("solution_interest");
    c.Text("stage");
  } else if (type == "update_buying_group_status") {
    c.Text("solution_interest");
    c.Text("status", 50);
  } else if (type == "add_to_external_audience") {
    c.Text("audience");
    c.Text("description", 0, false);
  } else if (type == "assign_to_buying_group") {
    c.Text("solution_interest");
    c.Text("role");
  } else if (type == "remove_from_buying_group") {
    c.Text("solution_interest");
  } else if (type == "change_score") {
    c.Text("score_name");
    c.ScoreChange("change");
    if (settings.contains("campaign_id")) c.PositiveId("campaign_id");
  } else if (type == "send_email") {
    c.Text("email");
  } else if (type == "send_sms") {
    c.Text("sms");
  } else if (type == "marketo_request_campaign") {
    c.PositiveId("campaign_id");
  } else if (type == "marketo_add_to_list" || type == "marketo_remove_from_list") {
    c.PositiveId("list_id");
  } else if (type == "marketo_change_partition") {
    c.Text("partition");
  }
}

nlohmann::json DefaultSettings(const std::string& type) {
  const ActionSpec* spec = FindAction(type);
  nlohmann::json s = nlohmann::json::object();
  if (spec && type == std::string("change_score")) s["change"] = "+10";
  return s;
}

}  // namespace salesync::journeys
