#include "journeys/journey_service.h"

#include <ctime>

#include "base/strings.h"
#include "base/log.h"
#include "connectors/marketo/marketo_journey_actions.h"
#include "journeys/journey_lifecycle.h"

namespace salesync::journeys {

namespace mk = connectors::marketo;

nlohmann::json RowToJson(const store::JourneyRow& row, bool with_document) {
  nlohmann::json j = {{"name", row.name},
                      {"status", row.status},
                      {"description", row.description},
                      {"created_by", row.created_by},
                      {"created_at", FormatUtcSeconds(row.created_ms)},
                      {"last_updated_at", FormatUtcSeconds(row.updated_ms)},
                      {"last_updated_by", row.updated_by},
                      {"published_on", row.published_ms ? nlohmann::json(FormatUtcSeconds(*row.published_ms)) : nlohmann::json()},
                      {"published_by", row.published_by}};
  if (with_document) j["document"] = row.document;
  return j;
}

JourneyService::JourneyService(store::JourneyStore* store, oauth::ApiClient* api, ConnectionTypes connection_types,
                               std::function<int64_t()> now_ms)
    : store_(store), api_(api), connection_types_(std::move(connection_types)), now_ms_(std::move(now_ms)) {}

Result<store::JourneyRow> JourneyService::Create(const nlohmann::json& document, const std::string& actor) {
  auto journey = ParseJourney(document, connection_types_);
  if (!journey.ok()) return journey.error();
  store::JourneyRow row;
  row.name = journey->name;
  row.description = journey->description;
  row.document = document;
  row.created_by = row.updated_by = actor;
  row.created_ms = row.updated_ms = now_ms_();
  Status s = store_->CreateJourney(row);
  if (!s.ok()) return s.error();
  LogInfo("Journey created.", {{"journey", row.name}, {"by", actor}});
  return row;
}

Result<store::JourneyRow> JourneyService::Edit(const std::string& name, const nlohmann::json& document,
                                               const std::string& actor) {
  auto row = store_->GetJourney(name);
  if (!row.ok()) return row.error();
  Status allowed = CheckOperation(name, row->status, Operation::kEdit);
  if (!allowed.ok()) return allowed.error();
  nlohmann::json doc = document;
  if (!doc.is_object()) return MakeError(ErrorCode::kInvalidArgument, "A journey is a JSON object.");
  if (!doc.contains("name")) doc["name"] = name;
  if (doc["name"] != name) {
    return MakeError(ErrorCode::kInvalidArgument, "Edit keeps the name; duplicate the journey to give it another.", "name");
  }
  auto journey = ParseJourney(doc, connection_types_);
  if (!journey.ok()) return journey.error();
  row->document = doc;
  row->description = journey->description;
  row->updated_by = actor;
  row->updated_ms = now_ms_();
  Status s = store_->UpdateJourney(*row);
  if (!s.ok()) return s.error();
  return *row;
}

std::vector<ValidationError> JourneyService::LiveChecks(const std::string& name, const Journey& journey) {
  std::vector<ValidationError> errors;
  for (const auto& [id, n] : journey.nodes) {
    if (n.type != "action") continue;
    std::string where = "nodes." + id + ".settings.";
    if (n.action == "add_to_journey" || n.action == "remove_from_journey") {
      std::string target = n.settings.value("journey", "");
      if (target == name) {
        errors.push_back({where + "journey", "A journey cannot target itself."});
        continue;
      }
      auto t = store_->GetJourney(target);
      if (!t.ok()) {
        errors.push_back({where + "journey", "There is no journey named \"" + target + "\"."});
      } else if (t->status != "live") {
        errors.push_back({where + "journey", "Journey \"" + target + "\" is " + t->status + "; it must be live."});
      }
      continue;
    }
    if (!api_) continue;
    std::string connection = n.settings.value("connection", "");
    bool list = n.action == "marketo_add_to_list" || n.action == "marketo_remove_from_list";
    bool campaign = n.action == "marketo_request_campaign" || n.action == "change_score" ||
                    n.action == "person_interesting_moment";
    if (!list && !campaign) continue;
    int64_t id_value = list ? n.settings.value("list_id", int64_t{0})
                            : n.settings.value("campaign_id", int64_t{n.action == "change_score"                ? 2002
                                                                      : n.action == "person_interesting_moment" ? 2001
                                                                                                                : 0});
    auto call = list ? mk::ListLookupCall(id_value) : mk::CampaignLookupCall(id_value);
    auto r = api_->Call(connection, call.request, true);
    std::string key = list ? "list_id" : "campaign_id";
    std::string what = std::string(list ? "Static list " : "Request campaign ") + std::to_string(id_value);
    if (!r.ok()) {
      // Marketo answers an unknown list or campaign with 1013, which the ApiClient reports as permanent.
      bool refused = r.error().code == ErrorCode::kPermanent || r.error().code == ErrorCode::kNotFound;
      errors.push_back({where + key, refused ? what + " cannot be used on connection \"" + connection + "\": " +
                                                   r.error().message
                                             : "Could not check " + what + " on connection \"" + connection +
                                                   "\": " + r.error().message});
      continue;
    }
    std::string why;
    auto usable = list ? mk::ParseListExists(*r) : mk::ParseRequestCampaignUsable(*r, &why);
    if (!usable.ok()) {
      errors.push_back({where + key, usable.error().message});
    } else if (!*usable) {
      errors.push_back({where + key, what + " cannot be used on connection \"" + connection + "\": " +
                                         (list ? "it does not exist" : why) + "."});
    }
  }
  return errors;
}

Result<store::JourneyRow> JourneyService::Publish(const std::string& name, const std::string& actor) {
  auto row = store_->GetJourney(name);
  if (!row.ok()) return row.error();
  Status allowed = CheckOperation(name, row->status, Operation::kPublish);
  if (!allowed.ok()) return allowed.error();
  auto journey = ParseJourney(row->document, connection_types_);
  if (!journey.ok()) return journey.error();
  auto problems = LiveChecks(name, *journey);
  if (!problems.empty()) return ValidationFailure(problems);
  row->status = "live";
  row->published_by = row->updated_by = actor;
  row->published_ms = row->updated_ms = now_ms_();
  Status s = store_->UpdateJourney(*row);
  if (!s.ok()) return s.error();
  LogInfo("Journey published.", {{"journey", name}, {"by", actor}});
  return *row;
}

Result<store::JourneyRow> JourneyService::Duplicate(const std::string& name, const DuplicateRequest& request,
                                                    const std::string& actor) {
  auto row = store_->GetJourney(name);
  if (!row.ok()) return row.error();
  Status allowed = CheckOperation(name, row->status, Operation::kDuplicate);
  if (!allowed.ok()) return allowed.error();
  if (request.type != "partial" && request.type != "without_details") {
    return MakeError(ErrorCode::kInvalidArgument, "The duplicate type is partial or without_details.", "type");
  }
  store::JourneyRow copy;
  copy.name = request.name.empty() ? name + "_copy" : request.name;
  copy.description = request.description.value_or(row->description);
  copy.document = request.type == "partial" ? row->document : StripDetails(row->document);
  copy.document["name"] = copy.name;
  copy.document["description"] = copy.description;
  copy.created_by = copy.updated_by = actor;
  copy.created_ms = copy.updated_ms = now_ms_();
  Status s = store_->CreateJourney(copy);
  if (!s.ok()) return s.error();
  return copy;
}

Result<store::JourneyRow> JourneyService::Transition(const std::string& name, const std::string& actor, Operation op) {
  auto row = store_->GetJourney(name);
  if (!row.ok()) return row.error();
  Status allowed = CheckOperation(name, row->status, op);
  if (!allowed.ok()) return allowed.error();
  if (op == Operation::kAbort) {
    Status stop = store_->StopJourney(name, now_ms_());
    if (!stop.ok()) return stop.error();
  }
  row->status = StatusAfter(row->status, op);
  row->updated_by = actor;
  row->updated_ms = now_ms_();
  Status s = store_->UpdateJourney(*row);
  if (!s.ok()) return s.error();
  LogInfo("Journey status changed.", {{"journey", name}, {"status", row->status}, {"by", actor}});
  return *row;
}

Result<store::JourneyRow> JourneyService::Close(const std::string& name, const std::string& actor) {
  return Transition(name, actor, Operation::kClose);
}

Result<store::JourneyRow> JourneyService::Abort(const std::string& name, const std::string& actor) {
  return Transition(name, actor, Operation::kAbort);
}

Status JourneyService::Delete(const std::string& name) {
  auto row = store_->GetJourney(name);
  if (!row.ok()) return row.error();
  Status allowed = CheckOperation(name, row->status, Operation::kDelete);
  if (!allowed.ok()) return allowed;
  return store_->DeleteJourney(name);
}

Result<nlohmann::json> JourneyService::Show(const std::string& name) {
  auto row = store_->GetJourney(name);
  if (!row.ok()) return row.error();
  auto counts = store_->CountEntries(name);
  if (!counts.ok()) return counts.error();
  nlohmann::json j = RowToJson(*row, true);
  j["entries"] = {{"active", counts->active}, {"finished", counts->finished}, {"stopped", counts->stopped}};
  auto problems = ValidateJourney(row->document, connection_types_);
  if (!problems.empty()) {
    j["problems"] = nlohmann::json::array();
    for (const auto& p : problems) j["problems"].push_back({{"where", p.where}, {"message", p.message}});
  }
  return j;
}

Result<std::vector<store::JourneyRow>> JourneyService::List(const std::string& search, const std::string& sort) {
  if (!sort.empty() && sort != "status" && sort != "name") {
    return MakeError(ErrorCode::kInvalidArgument, "Sort by status or name.", "sort");
  }
  return store_->ListJourneys(search, sort == "status" ? "status" : "");
}

}  // namespace salesync::journeys
