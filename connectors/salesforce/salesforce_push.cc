#include "connectors/salesforce/salesforce_push.h"

#include "connectors/salesforce/salesforce_config.h"
#include "connectors/salesforce/salesforce_writes.h"
#include "connectors/salesforce/soql.h"

namespace salesync::connectors::salesforce {

namespace {

Error BadCount(const std::string& what, size_t n) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "A Salesforce " + what + " takes 1 to 200 records, not " + std::to_string(n) + ".");
}

StreamCall CollectionCall(const std::string& method, const std::string& api_version, nlohmann::json records,
                          bool idempotent, std::string label) {
  StreamCall call;
  call.request.method = method;
  call.request.url = "/services/data/" + api_version + "/composite/sobjects";
  call.request.headers.push_back({"Content-Type", "application/json"});
  call.request.headers.push_back({"Accept", "application/json"});
  call.request.body = nlohmann::json{{"allOrNone", false}, {"records", std::move(records)}}.dump();
  call.idempotent = idempotent;
  call.label = std::move(label);
  return call;
}

std::string Text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

}  // namespace

Result<StreamCall> BuildIdentityQuery(const std::string& api_version, const std::string& object,
                                      const std::vector<std::string>& fields,
                                      const std::vector<std::vector<std::string>>& keys) {
  if (fields.empty()) return MakeError(ErrorCode::kInvalidArgument, "An identity lookup needs at least one field.");
  if (keys.empty() || keys.size() > kMaxCollectionRecords) return BadCount("identity lookup", keys.size());
  std::vector<std::string> select = {"Id"};
  std::vector<Cond> where;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (fields[f] != "Id") select.push_back(fields[f]);
    std::vector<Literal> values;
    for (const auto& key : keys) {
      if (key.size() != fields.size()) {
        return MakeError(ErrorCode::kInvalidArgument, "An identity key has the wrong number of values.");
      }
      values.push_back(Literal::String(key[f]));
    }
    where.push_back(Cond::In(fields[f], std::move(values)));
  }
  SoqlQuery q(object);
  q.Select(select).Where(where.size() == 1 ? std::move(where[0]) : Cond::And(std::move(where)));
  auto soql = q.Build();
  if (!soql.ok()) return soql.error();
  StreamCall call;
  call.request.method = "GET";
  call.request.url = QueryPath(api_version, *soql, /*all_rows=*/false);
  call.request.headers.push_back({"Accept", "application/json"});
  call.idempotent = true;
  call.label = object + " identity lookup of " + std::to_string(keys.size());
  return call;
}

Result<std::vector<IdentityRow>> ParseIdentityRows(const std::vector<std::string>& fields, const std::string& body,
                                                   std::string* next_page) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("records") || !j["records"].is_array()) {
    return MakeError(ErrorCode::kPermanent, "Salesforce answered an identity lookup with something other than records.");
  }
  std::vector<IdentityRow> out;
  for (const auto& r : j["records"]) {
    if (!r.is_object() || !r.contains("Id") || !r["Id"].is_string()) continue;
    IdentityRow row;
    row.id = r["Id"].get<std::string>();
    for (const auto& f : fields) {
      // Records print names in their canonical spelling; the mapping's identity uses the same one.
      auto it = r.find(f);
      row.values.push_back(it == r.end() ? "" : Text(*it));
    }
    out.push_back(std::move(row));
  }
  if (next_page) {
    *next_page = "";
    if (!j.value("done", true) && j.contains("nextRecordsUrl") && j["nextRecordsUrl"].is_string()) {
      *next_page = j["nextRecordsUrl"].get<std::string>();
    }
  }
  return out;
}

StreamCall BuildNextPageCall(const std::string& next_page, const std::string& object) {
  StreamCall call;
  call.request.method = "GET";
  call.request.url = next_page;
  call.request.headers.push_back({"Accept", "application/json"});
  call.idempotent = true;
  call.label = object + " identity lookup, next page";
  return call;
}

Result<StreamCall> BuildCreateCall(const std::string& api_version, const std::string& object,
                                   const std::vector<nlohmann::json>& records) {
  if (records.empty() || records.size() > kMaxCollectionRecords) return BadCount("create", records.size());
  if (!IsSoqlIdentifier(object)) return MakeError(ErrorCode::kInvalidArgument, "\"" + object + "\" is not an object name.");
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : records) {
    if (!r.is_object()) return MakeError(ErrorCode::kInvalidArgument, "A record to create is not an object.", object);
    nlohmann::json row = r;
    row.erase("Id");
    row["attributes"] = {{"type", object}};
    rows.push_back(std::move(row));
  }
  // Not idempotent: sent again after a lost answer it would create second records.
  return CollectionCall("POST", api_version, std::move(rows), false,
                        object + " create of " + std::to_string(records.size()));
}

Result<StreamCall> BuildUpdateCall(const std::string& api_version, const std::string& object,
                                   const std::vector<std::pair<std::string, nlohmann::json>>& records) {
  if (records.empty() || records.size() > kMaxCollectionRecords) return BadCount("update", records.size());
  if (!IsSoqlIdentifier(object)) return MakeError(ErrorCode::kInvalidArgument, "\"" + object + "\" is not an object name.");
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [id, fields] : records) {
    if (id.empty() || !fields.is_object()) {
      return MakeError(ErrorCode::kInvalidArgument, "A record to update has no Id or no fields.", object);
    }
    nlohmann::json row = fields;
    row["attributes"] = {{"type", object}};
    row["Id"] = id;
    rows.push_back(std::move(row));
  }
  return CollectionCall("PATCH", api_version, std::move(rows), true,
                        object + " update of " + std::to_string(records.size()));
}

Result<std::vector<WriteOutcome>> ParseCollectionResults(size_t count, const std::string& body) {
  std::vector<WriteItem> items(count);
  for (size_t i = 0; i < count; ++i) items[i].key = std::to_string(i);
  return ParseUpsertResults(items, body);
}

}  // namespace salesync::connectors::salesforce
