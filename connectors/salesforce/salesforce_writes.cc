#include "connectors/salesforce/salesforce_writes.h"

#include <array>

#include <nlohmann/json.hpp>

namespace salesync::connectors::salesforce {

Result<StreamCall> BuildUpsertCall(const std::string& object, const WriteSettings& settings,
                                   const std::vector<WriteItem>& items) {
  if (items.empty() || items.size() > kMaxCollectionRecords) {
    return MakeError(ErrorCode::kInvalidArgument, "A Salesforce upsert takes 1 to 200 records, not " +
                                                      std::to_string(items.size()) + ".");
  }
  nlohmann::json records = nlohmann::json::array();
  for (const auto& item : items) {
    if (item.key.empty()) return MakeError(ErrorCode::kInvalidArgument, "A write item has no key.", object);
    if (!item.fields.is_object()) {
      return MakeError(ErrorCode::kInvalidArgument, "The fields of write item " + item.key + " are not an object.", object);
    }
    nlohmann::json row = item.fields;
    row.erase("attributes");
    row.erase("Id");
    row.erase("id");
    row["attributes"] = {{"type", object}};
    row[settings.external_id_field] = item.key;  // the key wins over anything the fields say
    records.push_back(std::move(row));
  }
  StreamCall call;
  call.request.method = "PATCH";
  call.request.url = "/services/data/" + settings.api_version + "/composite/sobjects/" + object + "/" +
                     settings.external_id_field;
  call.request.headers.push_back({"Content-Type", "application/json"});
  call.request.headers.push_back({"Accept", "application/json"});
  call.request.body = nlohmann::json{{"allOrNone", false}, {"records", records}}.dump();
  call.idempotent = true;  // an upsert on our key lands on the same row however often it arrives
  call.label = object + " upsert of " + std::to_string(items.size());
  return call;
}

Result<std::vector<WriteOutcome>> ParseUpsertResults(const std::vector<WriteItem>& items, const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_array() || j.size() != items.size()) {
    return MakeError(ErrorCode::kPermanent, "Salesforce answered an upsert of " + std::to_string(items.size()) +
                                                " records with something other than one result per record.");
  }
  std::vector<WriteOutcome> out;
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& r = j[i];
    WriteOutcome o;
    o.key = items[i].key;
    if (!r.is_object()) {
      o.code = "UNREADABLE_RESULT";
      o.message = "The result for this record is not a JSON object.";
      out.push_back(std::move(o));
      continue;
    }
    o.ok = r.value("success", false);
    o.created = r.value("created", false);
    if (r.contains("id") && r["id"].is_string()) o.remote_id = r["id"].get<std::string>();
    if (!o.ok) {
      const auto& errors = r.contains("errors") && r["errors"].is_array() ? r["errors"] : nlohmann::json::array();
      for (const auto& e : errors) {
        if (!e.is_object()) continue;
        std::string code = e.value("statusCode", e.value("errorCode", ""));
        std::string message = e.value("message", "");
        if (e.contains("fields") && e["fields"].is_array() && !e["fields"].empty()) {
          message += " (fields: " + e["fields"].dump() + ")";
        }
        if (o.code.empty()) {
          o.code = code;
          o.message = message;
        } else {
          o.message += "; " + code + ": " + message;
        }
      }
      if (o.code.empty()) o.code = "UNKNOWN_ERROR";
      o.retryable = IsRetryableWriteError(o.code);
    }
    out.push_back(std::move(o));
  }
  return out;
}

bool IsRetryableWriteError(std::string_view code) {
  static constexpr std::array<std::string_view, 7> kRetryable = {
      "UNABLE_TO_LOCK_ROW", "ALL_OR_NONE_OPERATION_ROLLED_BACK", "SERVER_UNAVAILABLE", "QUERY_TIMEOUT",
      "REQUEST_RUNNING_TOO_LONG", "REQUEST_LIMIT_EXCEEDED", "UNKNOWN_EXCEPTION"};
  for (auto c : kRetryable) {
    if (c == code) return true;
  }
  return false;
}

}  // namespace salesync::connectors::salesforce
