// The write side of the REST API: sObject create, update, upsert by external id and delete, and the
// sObject Collections (composite/sobjects) create, update, upsert and delete with allOrNone.
#include <algorithm>

#include "base/strings.h"
#include "sandbox/salesforce/salesforce_org.h"

namespace salesync::sandbox::salesforce {

namespace {

const char kRolledBack[] = "Record rolled back because not all records were valid and the request was using AllOrNone header";

std::optional<nlohmann::json> ParseBody(const std::string& body, std::string* error) {
  try {
    return nlohmann::json::parse(body.empty() ? std::string("{}") : body);
  } catch (const nlohmann::json::parse_error& e) {
    *error = std::string("Unexpected character in the JSON body at byte ") + std::to_string(e.byte);
    return std::nullopt;
  }
}

std::string Operation(const std::string& type, const std::string& verb) { return ToLowerAscii(type) + "." + verb; }

void RecordEffect(SalesforceOrg& org, const RestCall& call, const std::string& operation, nlohmann::json records,
                  nlohmann::json result) {
  Effect e;
  e.at_unix_millis = org.env->clock.NowUnixMillis();
  e.provider = "salesforce";
  e.actor = call.session.client_id;
  e.operation = operation;
  e.endpoint = call.request->method + " " + call.request->path;
  e.records = std::move(records);
  e.result = std::move(result);
  org.env->effects.Record(std::move(e));
}

net::HttpResponse WriteErrorResponse(int status, const WriteError& e) {
  return ErrorArray(status, e.code, e.message, e.fields, true);
}

nlohmann::json CollectionError(const WriteError& e) {
  return {{"statusCode", e.code}, {"message", e.message}, {"fields", e.fields}};
}

// An upsert key: the field (Id or an external id) and the rows it matches.
struct UpsertTarget {
  int field = -1;
  std::vector<int64_t> matches;
};

std::variant<UpsertTarget, WriteError> ResolveUpsert(const RecordStore& store, const ObjectSpec& object,
                                                     const std::string& field_name, const std::string& value) {
  UpsertTarget t;
  t.field = object.FieldIndex(field_name);
  if (t.field < 0) {
    return WriteError{"NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + field_name, {}};
  }
  const FieldSpec& f = object.field(t.field);
  if (t.field == object.id) {
    auto id = ParseSalesforceId(value);
    if (!id || id->spec != &object) return WriteError{"MALFORMED_ID", "Id: id value of incorrect type: " + value, {"Id"}};
    auto row = store.Find(object, id->number);
    if (row && !row->deleted()) t.matches.push_back(id->number);
    return t;
  }
  if (!f.external_id) {
    return WriteError{"INVALID_FIELD", "Field " + f.name + " is not an External ID or indexed field for " + object.name, {f.name}};
  }
  t.matches = store.FindByField(object, t.field, value);
  return t;
}

// Prepares one upsert row: the record's fields plus the key value.
std::variant<PreparedWrite, WriteError> PrepareUpsert(const RecordStore& store, const ObjectSpec& object,
                                                      const UpsertTarget& target, const std::string& value,
                                                      nlohmann::json fields, const Session& session,
                                                      BatchClaims* claims) {
  if (target.matches.size() == 1) {
    if (fields.is_object()) {
      fields.erase(object.field(target.field).name);
      // A replayed upsert repeats create-only fields (Task.TaskSubtype): unchanged values are not an update.
      if (auto current = store.Find(object, target.matches[0])) {
        std::vector<std::string> same;
        for (const auto& [key, value] : fields.items()) {
          int f = object.FieldIndex(key);
          if (f >= 0 && object.field(f).createable && !object.field(f).updateable &&
              ValueToJson(current->Get(f)) == value) {
            same.push_back(key);
          }
        }
        for (const auto& key : same) fields.erase(key);
      }
    }
    return store.PrepareUpdate(object, target.matches[0], fields, WriteMode::kApi, session.user_id, claims);
  }
  if (target.field == object.id) return WriteError{"NOT_FOUND", "The requested resource does not exist", {}};
  if (fields.is_object()) fields[object.field(target.field).name] = value;
  return store.PrepareCreate(object, fields, WriteMode::kApi, session.user_id, claims);
}

net::HttpResponse SingleWrite(SalesforceOrg& org, const RestCall& call, const ObjectSpec& object) {
  const net::HttpRequest& r = *call.request;
  const auto& s = call.segments;
  const int64_t now = org.env->clock.NowUnixMillis();
  std::string parse_error;
  nlohmann::json body;
  if (r.method != "DELETE") {
    auto parsed = ParseBody(r.body, &parse_error);
    if (!parsed) {
      RecordEffect(org, call, Operation(object.name, "write"), nlohmann::json::array(), {{"status", 400}, {"error", "JSON_PARSER_ERROR"}});
      return ErrorArray(400, "JSON_PARSER_ERROR", parse_error);
    }
    body = std::move(*parsed);
  }
  std::unique_lock<std::shared_mutex> lock(org.store_mu);
  RecordStore& store = *org.store;
  auto fail = [&](const std::string& verb, int status, const WriteError& e) {
    RecordEffect(org, call, Operation(object.name, verb), nlohmann::json::array(), {{"status", status}, {"error", e.code}, {"message", e.message}});
    return WriteErrorResponse(status, e);
  };

  if (r.method == "POST" && s.size() == 2) {
    auto w = store.PrepareCreate(object, body, WriteMode::kApi, call.session.user_id, nullptr);
    if (auto* e = std::get_if<WriteError>(&w)) return fail("create", 400, *e);
    std::string id = store.Apply(std::move(std::get<PreparedWrite>(w)), now);
    RecordEffect(org, call, Operation(object.name, "create"), {id}, {{"status", 201}});
    return JsonResponse(201, {{"id", id}, {"success", true}, {"errors", nlohmann::json::array()}});
  }
  if (s.size() == 3 && (r.method == "PATCH" || r.method == "DELETE")) {
    auto id = ParseSalesforceId(s[2]);
    if (!id || id->spec != &object) {
      return fail(r.method == "PATCH" ? "update" : "delete", 404,
                  {"NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + s[2], {}});
    }
    auto w = r.method == "PATCH" ? store.PrepareUpdate(object, id->number, body, WriteMode::kApi, call.session.user_id, nullptr)
                                 : store.PrepareDelete(object, id->number);
    std::string verb = r.method == "PATCH" ? "update" : "delete";
    if (auto* e = std::get_if<WriteError>(&w)) {
      int status = e->code == "NOT_FOUND" || e->code == "ENTITY_IS_DELETED" ? 404 : 400;
      return fail(verb, status, *e);
    }
    std::string applied = store.Apply(std::move(std::get<PreparedWrite>(w)), now);
    RecordEffect(org, call, Operation(object.name, verb), {applied}, {{"status", 204}});
    return net::HttpResponse::Text(204, "", "");
  }
  if (s.size() == 4 && (r.method == "PATCH" || r.method == "DELETE")) {
    auto target = ResolveUpsert(store, object, s[2], s[3]);
    std::string verb = r.method == "PATCH" ? "upsert" : "delete";
    if (auto* e = std::get_if<WriteError>(&target)) return fail(verb, e->code == "NOT_FOUND" ? 404 : 400, *e);
    const UpsertTarget& t = std::get<UpsertTarget>(target);
    if (t.matches.size() > 1) {
      nlohmann::json urls = nlohmann::json::array();
      for (int64_t n : t.matches) {
        urls.push_back(call.version_path + "/sobjects/" + object.name + "/" + PeopleUniverse::SalesforceId(object.key_prefix, n));
      }
      RecordEffect(org, call, Operation(object.name, verb), nlohmann::json::array(), {{"status", 300}, {"error", "MULTIPLE_CHOICES"}});
      return JsonResponse(300, urls);
    }
    if (r.method == "DELETE") {
      if (t.matches.empty()) return fail(verb, 404, {"NOT_FOUND", "The requested resource does not exist", {}});
      auto w = store.PrepareDelete(object, t.matches[0]);
      if (auto* e = std::get_if<WriteError>(&w)) return fail(verb, 400, *e);
      std::string applied = store.Apply(std::move(std::get<PreparedWrite>(w)), now);
      RecordEffect(org, call, Operation(object.name, verb), {applied}, {{"status", 204}});
      return net::HttpResponse::Text(204, "", "");
    }
    bool update_only = r.QueryParam("updateOnly").value_or("") == "true";
    if (t.matches.empty() && update_only) return fail(verb, 404, {"NOT_FOUND", "The requested resource does not exist", {}});
    auto w = PrepareUpsert(store, object, t, s[3], body, call.session, nullptr);
    if (auto* e = std::get_if<WriteError>(&w)) return fail(verb, e->code == "NOT_FOUND" ? 404 : 400, *e);
    bool created = std::get<PreparedWrite>(w).kind == PreparedWrite::Kind::kCreate;
    std::string applied = store.Apply(std::move(std::get<PreparedWrite>(w)), now);
    int status = created ? 201 : (call.version >= kUpsertBodyFromVersion ? 200 : 204);
    RecordEffect(org, call, Operation(object.name, verb), {applied}, {{"status", status}, {"created", created}});
    if (status == 204) return net::HttpResponse::Text(204, "", "");
    return JsonResponse(status, {{"id", applied}, {"success", true}, {"errors", nlohmann::json::array()}, {"created", created}});
  }
  return ErrorArray(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + r.method + "' not allowed. Allowed are GET,PATCH,DELETE");
}

// composite/sobjects: up to 200 rows, results in input order; allOrNone checks every row first.
net::HttpResponse Collection(SalesforceOrg& org, const RestCall& call) {
  const net::HttpRequest& r = *call.request;
  const auto& s = call.segments;
  const int64_t now = org.env->clock.NowUnixMillis();
  bool all_or_none = false;
  nlohmann::json rows = nlohmann::json::array();
  std::vector<std::string> delete_ids;
  const ObjectSpec* upsert_object = nullptr;
  std::string upsert_field;
  if (r.method == "DELETE") {
    all_or_none = r.QueryParam("allOrNone").value_or("false") == "true";
    for (const auto& id : SplitString(r.QueryParam("ids").value_or(""), ',')) {
      if (!id.empty()) delete_ids.push_back(id);
    }
    if (delete_ids.empty()) return ErrorArray(400, "MISSING_ARGUMENT", "ids parameter is required");
  } else {
    std::string parse_error;
    auto body = ParseBody(r.body, &parse_error);
    if (!body) return ErrorArray(400, "JSON_PARSER_ERROR", parse_error);
    if (!body->is_object() || !(*body)["records"].is_array()) {
      return ErrorArray(400, "JSON_PARSER_ERROR", "The request body needs a \"records\" array");
    }
    all_or_none = body->value("allOrNone", false);
    rows = (*body)["records"];
    if (r.method == "PATCH" && s.size() == 4) {
      upsert_object = Schema().Find(s[2]);
      upsert_field = s[3];
      if (upsert_object == nullptr) return ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
    } else if (s.size() != 2 || (r.method != "POST" && r.method != "PATCH")) {
      return ErrorArray(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + r.method + "' not allowed. Allowed are POST,PATCH,DELETE");
    }
  }
  size_t count = r.method == "DELETE" ? delete_ids.size() : rows.size();
  if (count > kMaxCollectionRecords) {
    return ErrorArray(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
  }
  const std::string verb = r.method == "DELETE" ? "delete" : r.method == "POST" ? "create" : upsert_object ? "upsert" : "update";

  std::unique_lock<std::shared_mutex> lock(org.store_mu);
  RecordStore& store = *org.store;
  BatchClaims claims;
  std::vector<std::variant<PreparedWrite, WriteError>> prepared;
  std::vector<std::string> types;
  for (size_t i = 0; i < count; ++i) {
    if (r.method == "DELETE") {
      auto id = ParseSalesforceId(delete_ids[i]);
      types.push_back(id ? id->spec->name : "");
      if (!id) {
        prepared.emplace_back(WriteError{"MALFORMED_ID", "malformed id " + delete_ids[i], {}});
      } else {
        prepared.push_back(store.PrepareDelete(*id->spec, id->number));
      }
      continue;
    }
    const nlohmann::json& row = rows[i];
    std::string type;
    if (row.is_object() && row.contains("attributes") && row["attributes"].is_object()) {
      type = row["attributes"].value("type", "");
    }
    const ObjectSpec* object = type.empty() ? upsert_object : Schema().Find(type);
    types.push_back(object ? object->name : type);
    if (object == nullptr || (upsert_object != nullptr && object != upsert_object)) {
      prepared.emplace_back(WriteError{"INVALID_TYPE", type.empty() ? "Must specify a type in attributes"
                                                                    : "sObject type '" + type + "' is not supported.", {}});
      continue;
    }
    BatchClaims* c = all_or_none ? &claims : nullptr;
    if (r.method == "POST") {
      if (row.contains("id") || row.contains("Id")) {
        prepared.emplace_back(WriteError{"INVALID_FIELD", "cannot specify Id in an insert call", {"Id"}});
      } else {
        prepared.push_back(store.PrepareCreate(*object, row, WriteMode::kApi, call.session.user_id, c));
      }
    } else if (upsert_object != nullptr) {
      std::string value;
      if (row.contains(upsert_field) && !row[upsert_field].is_null()) {
        value = row[upsert_field].is_string() ? row[upsert_field].get<std::string>() : row[upsert_field].dump();
      }
      auto target = ResolveUpsert(store, *object, upsert_field, value);
      if (auto* e = std::get_if<WriteError>(&target)) {
        prepared.emplace_back(*e);
      } else if (value.empty()) {
        prepared.emplace_back(WriteError{"MISSING_ARGUMENT", upsert_field + " not specified", {upsert_field}});
      } else if (std::get<UpsertTarget>(target).matches.size() > 1) {
        prepared.emplace_back(WriteError{"DUPLICATE_EXTERNAL_ID",
                                         upsert_field + ": more than one record found for external id field: " + value,
                                         {upsert_field}});
      } else {
        prepared.push_back(PrepareUpsert(store, *object, std::get<UpsertTarget>(target), value, row, call.session, c));
      }
    } else {
      std::string id = row.value("id", row.value("Id", ""));
      auto parsed = ParseSalesforceId(id);
      if (!parsed || parsed->spec != object) {
        prepared.emplace_back(WriteError{"MALFORMED_ID", "Id in the record is missing or malformed: " + id, {"Id"}});
      } else {
        nlohmann::json fields = row;
        fields.erase("id");
        prepared.push_back(store.PrepareUpdate(*object, parsed->number, fields, WriteMode::kApi, call.session.user_id, c));
      }
    }
  }
  bool any_failed = std::any_of(prepared.begin(), prepared.end(), [](const auto& p) { return std::holds_alternative<WriteError>(p); });
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json touched = nlohmann::json::array();
  nlohmann::json outcomes = nlohmann::json::array();
  for (size_t i = 0; i < prepared.size(); ++i) {
    nlohmann::json res;
    if (auto* e = std::get_if<WriteError>(&prepared[i])) {
      res = {{"success", false}, {"errors", {CollectionError(*e)}}};
      if (r.method == "DELETE") res["id"] = delete_ids[i];
      outcomes.push_back({{"type", types[i]}, {"success", false}, {"error", e->code}});
    } else if (all_or_none && any_failed) {
      res = {{"success", false},
             {"errors", {{{"statusCode", "ALL_OR_NONE_OPERATION_ROLLED_BACK"}, {"message", kRolledBack}, {"fields", nlohmann::json::array()}}}}};
      if (r.method == "DELETE") res["id"] = delete_ids[i];
      outcomes.push_back({{"type", types[i]}, {"success", false}, {"error", "ALL_OR_NONE_OPERATION_ROLLED_BACK"}});
    } else {
      PreparedWrite& w = std::get<PreparedWrite>(prepared[i]);
      bool created = w.kind == PreparedWrite::Kind::kCreate;
      std::string id = store.Apply(std::move(w), now);
      res = {{"id", id}, {"success", true}, {"errors", nlohmann::json::array()}};
      if (upsert_object != nullptr) res["created"] = created;
      touched.push_back(id);
      outcomes.push_back({{"type", types[i]}, {"id", id}, {"success", true}});
    }
    results.push_back(std::move(res));
  }
  std::string type = types.empty() ? "composite" : types[0];
  for (const auto& t : types) {
    if (t != type) type = "composite";
  }
  RecordEffect(org, call, Operation(type, verb), touched, {{"status", 200}, {"allOrNone", all_or_none}, {"outcomes", outcomes}});
  return JsonResponse(200, results);
}

}  // namespace

std::optional<net::HttpResponse> HandleWrite(SalesforceOrg& org, const RestCall& call) {
  const auto& s = call.segments;
  const std::string& m = call.request->method;
  if (m != "POST" && m != "PATCH" && m != "DELETE") return std::nullopt;
  if (s.size() >= 2 && s[0] == "composite" && s[1] == "sobjects") return Collection(org, call);
  if (s.size() >= 2 && s[0] == "sobjects") {
    const ObjectSpec* object = Schema().Find(s[1]);
    if (object == nullptr) return ErrorArray(404, "NOT_FOUND", "The requested resource does not exist");
    return SingleWrite(org, call, *object);
  }
  return std::nullopt;
}

}  // namespace salesync::sandbox::salesforce
