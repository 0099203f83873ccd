// Journey documents: parsing, and validation errors that name the node and the setting.
#include "journeys/journey_model.h"

#include <gtest/gtest.h>

namespace salesync::journeys {
namespace {

std::optional<std::string> Types(const std::string& name) {
  if (name == "mkto") return std::string("marketo");
  if (name == "sf") return std::string("salesforce");
  return std::nullopt;
}

nlohmann::json Valid() {
  return nlohmann::json::parse(R"({
    "name": "Onboarding", "description": "New accounts",
    "entry": {"type": "filter", "where": {"Industry": "Software"}},
    "start": "n1",
    "nodes": {
      "n1": {"type": "action", "scope": "people", "action": "marketo_add_to_list",
             "settings": {"connection": "mkto", "list_id": 1005}, "next": "n2"},
      "n2": {"type": "wait", "duration_secs": 86400, "next": "n3"},
      "n3": {"type": "split", "by": "account", "condition": {"attribute": "Industry", "equals": "Software"},
             "yes": "n4", "no": "n5"},
      "n4": {"type": "action", "scope": "account", "action": "update_buying_group_status",
             "settings": {"solution_interest": "CRM", "status": "Engaged"}, "next": "n5"},
      "n5": {"type": "end"}
    }})");
}

std::map<std::string, std::string> Errors(const nlohmann::json& doc) {
  std::map<std::string, std::string> out;
  for (const auto& e : ValidateJourney(doc, Types)) out[e.where] = e.message;
  return out;
}

TEST(JourneyModelTest, AValidDocumentParses) {
  auto j = ParseJourney(Valid(), Types);
  ASSERT_TRUE(j.ok()) << j.error().ToString();
  EXPECT_EQ(j->nodes.size(), 5u);
  EXPECT_EQ(j->nodes["n2"].duration_secs, 86400);
  EXPECT_EQ(j->entry.where.at("Industry"), "Software");
}

TEST(JourneyModelTest, WaitDefaultsToFiveDays) {
  auto doc = Valid();
  doc["nodes"]["n2"].erase("duration_secs");
  auto j = ParseJourney(doc, Types);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->nodes["n2"].duration_secs, 5 * 86400);
}

TEST(JourneyModelTest, BuyingGroupStatusIsRequiredAndAtMostFiftyCharacters) {
  auto doc = Valid();
  doc["nodes"]["n4"]["settings"]["status"] = std::string(51, 'x');
  EXPECT_EQ(Errors(doc).at("nodes.n4.settings.status"), "At most 50 characters (51 given).");
  doc["nodes"]["n4"]["settings"]["status"] = std::string(50, 'x');
  EXPECT_TRUE(Errors(doc).empty());
  doc["nodes"]["n4"]["settings"].erase("status");
  EXPECT_EQ(Errors(doc).at("nodes.n4.settings.status"), "Required.");
}

TEST(JourneyModelTest, EveryErrorNamesTheNodeAndTheSetting) {
  auto doc = Valid();
  doc["nodes"]["n1"]["settings"] = {{"connection", "sf"}};
  doc["nodes"]["n2"]["duration_secs"] = -1;
  doc["nodes"]["n3"]["yes"] = "nowhere";
  doc["nodes"]["n6"] = {{"type", "action"}, {"scope", "account"}, {"action", "add_to_journey"}, {"next", "n5"},
                        {"settings", nlohmann::json::object()}};
  doc["nodes"]["n7"] = {{"type", "action"}, {"scope", "account"}, {"action", "change_score"}, {"next", "n5"},
                        {"settings", {{"connection", "nope"}, {"score_name", "Lead Score"}, {"change", "ten"}}}};
  doc["nodes"]["n8"] = {{"type", "action"}, {"scope", "people"}, {"action", "person_interesting_moment"},
                        {"next", "n5"}, {"settings", {{"connection", "mkto"}, {"moment_type", "phone"}}}};
  doc["nodes"]["n9"] = {{"type", "teleport"}};
  auto e = Errors(doc);
  EXPECT_EQ(e.at("nodes.n1.settings.connection"), "\"sf\" is a salesforce connection; this action needs marketo.");
  EXPECT_EQ(e.at("nodes.n1.settings.list_id"), "Required.");
  EXPECT_TRUE(e.count("nodes.n2.duration_secs"));
  EXPECT_EQ(e.at("nodes.n3.yes"), "No node \"nowhere\".");
  EXPECT_EQ(e.at("nodes.n6.settings.journey"), "Required.");
  EXPECT_EQ(e.at("nodes.n7.scope"), "\"change_score\" is an people action, not a account action.");
  EXPECT_EQ(e.at("nodes.n7.settings.connection"), "No connection named \"nope\" is configured.");
  EXPECT_TRUE(e.count("nodes.n7.settings.change"));
  EXPECT_EQ(e.at("nodes.n8.settings.moment_type"), "Must be one of email, milestone, web.");
  EXPECT_EQ(e.at("nodes.n9.type"), "Must be action, wait, split or end.");
  auto parsed = ParseJourney(doc, Types);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find("nodes.n1.settings.list_id: Required."), std::string::npos);
}

TEST(JourneyModelTest, LoopsAndMissingPiecesAreRefused) {
  auto doc = Valid();
  doc["nodes"]["n4"]["next"] = "n1";
  EXPECT_TRUE(Errors(doc).count("nodes"));
  EXPECT_EQ(Errors({{"name", ""}, {"nodes", nlohmann::json::object()}}).at("name"), "Required.");
  EXPECT_TRUE(Errors({{"name", "x"}}).count("nodes"));
  auto bad_entry = Valid();
  bad_entry["entry"] = {{"type", "static"}};
  EXPECT_TRUE(Errors(bad_entry).count("entry.accounts"));
}

TEST(JourneyModelTest, StripDetailsResetsSettingsConditionsAndWaits) {
  auto stripped = StripDetails(Valid());
  EXPECT_EQ(stripped["nodes"]["n2"]["duration_secs"], kDefaultWaitSecs);
  EXPECT_TRUE(stripped["nodes"]["n1"]["settings"].empty());
  EXPECT_EQ(stripped["nodes"]["n3"]["condition"]["attribute"], "");
  EXPECT_EQ(stripped["nodes"]["n3"]["yes"], "n4");  // paths kept
  EXPECT_EQ(stripped["nodes"].size(), 5u);
  auto targets = TargetJourneys(*ParseJourney(Valid(), Types));
  EXPECT_TRUE(targets.empty());
}

}  // namespace
}  // namespace salesync::journeys
