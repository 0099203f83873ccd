// JourneyService: the journey operations the admin routes expose — create, edit, publish, duplicate,
// close, abort, delete, show, list — each checked against the lifecycle table (journey_lifecycle.h) and
// the document's validation (journey_model.h), with publish's live checks against the providers.
//
// Publish checks, through the ApiClient: every Marketo list (GET /rest/v1/lists/{id}.json) and request
// campaign (GET /rest/v1/campaigns/{id}.json, an active trigger campaign) exists on the named connection;
// "add/remove account to/from journey" names another journey that is live.
// Errors: kInvalidArgument (the document; every problem names the node and the setting), kConflict (the
// lifecycle refuses, or a name is taken; the message says why), kNotFound.
// Thread-safety: thread-safe (the store serialises access; calls run on the caller's thread).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "journeys/journey_lifecycle.h"
#include "journeys/journey_model.h"
#include "oauth/api_client.h"
#include "store/journey_store.h"

namespace salesync::journeys {

struct DuplicateRequest {
  std::string name;         // "" → "<original>_copy"
  std::optional<std::string> description;  // nullopt → the original's
  std::string type = "partial";             // partial | without_details
};

class JourneyService {
 public:
  JourneyService(store::JourneyStore* store, oauth::ApiClient* api, ConnectionTypes connection_types,
                 std::function<int64_t()> now_ms);

  Result<store::JourneyRow> Create(const nlohmann::json& document, const std::string& actor);
  Result<store::JourneyRow> Edit(const std::string& name, const nlohmann::json& document, const std::string& actor);
  Result<store::JourneyRow> Publish(const std::string& name, const std::string& actor);
  Result<store::JourneyRow> Duplicate(const std::string& name, const DuplicateRequest& request, const std::string& actor);
  Result<store::JourneyRow> Close(const std::string& name, const std::string& actor);
  Result<store::JourneyRow> Abort(const std::string& name, const std::string& actor);
  Status Delete(const std::string& name);
  Result<nlohmann::json> Show(const std::string& name);
  Result<std::vector<store::JourneyRow>> List(const std::string& search, const std::string& sort);

  // The live checks of publish (also for tests): every problem found, each naming node and setting.
  std::vector<ValidationError> LiveChecks(const std::string& name, const Journey& journey);

  store::JourneyStore* store() const { return store_; }
  oauth::ApiClient* api() const { return api_; }
  const ConnectionTypes& connection_types() const { return connection_types_; }

 private:
  Result<store::JourneyRow> Transition(const std::string& name, const std::string& actor, Operation op);

  store::JourneyStore* store_;
  oauth::ApiClient* api_;
  ConnectionTypes connection_types_;
  std::function<int64_t()> now_ms_;
};

// The list columns of features.md §2 (and the document for show).
nlohmann::json RowToJson(const store::JourneyRow& row, bool with_document);

}  // namespace salesync::journeys
