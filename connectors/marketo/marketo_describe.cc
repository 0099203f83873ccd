#include "connectors/marketo/marketo_describe.h"

#include <set>

#include "connectors/marketo/marketo_envelope.h"

namespace salesync::connectors::marketo {

FieldType MarketoFieldType(const std::string& t) {
  if (t == "string") return FieldType::kString;
  if (t == "text") return FieldType::kTextArea;
  if (t == "email") return FieldType::kEmail;
  if (t == "phone") return FieldType::kPhone;
  if (t == "url") return FieldType::kUrl;
  if (t == "integer" || t == "score") return FieldType::kInteger;
  if (t == "float" || t == "currency" || t == "percent") return FieldType::kDouble;
  if (t == "boolean") return FieldType::kBoolean;
  if (t == "date") return FieldType::kDate;
  if (t == "datetime") return FieldType::kDateTime;
  if (t == "reference") return FieldType::kReference;
  if (t == "picklist") return FieldType::kPicklist;
  return FieldType::kOther;
}

namespace {

FieldMetadata Field(const std::string& name, const nlohmann::json& d, bool read_only) {
  FieldMetadata f;
  f.name = name;
  f.label = JsonText(d.value("displayName", nlohmann::json(name)));
  f.provider_type = JsonText(d.value("dataType", nlohmann::json("string")));
  f.type = name == "id" ? FieldType::kId : MarketoFieldType(f.provider_type);
  if (d.contains("length") && d["length"].is_number_integer()) f.length = d["length"].get<int64_t>();
  f.createable = !read_only;
  f.updateable = !read_only;
  f.nillable = true;  // Marketo requires no lead field on create; the lookup field is checked by the write
  return f;
}

}  // namespace

Result<ObjectMetadata> ParseLeadDescribe(const std::string& connection, const std::string& body) {
  auto e = ParseEnvelope(body, "marketo lead describe");
  if (!e.ok()) return e.error();
  ObjectMetadata out;
  out.connection = connection;
  out.object = "lead";
  if (e->result.size() == 1 && e->result[0].is_object() && e->result[0].contains("fields")) {
    const auto& d2 = e->result[0];
    std::set<std::string> searchable;
    for (const auto& group : d2.value("searchableFields", nlohmann::json::array())) {
      if (group.is_array() && group.size() == 1 && group[0].is_string()) searchable.insert(group[0].get<std::string>());
    }
    for (const auto& d : d2["fields"]) {
      std::string name = JsonText(d.value("name", nlohmann::json()));
      if (name.empty()) continue;
      FieldMetadata f = Field(name, d, !d.value("updateable", true));
      f.external_id = searchable.count(name) > 0 && name != "id";
      out.fields.push_back(std::move(f));
    }
    return out;
  }
  for (const auto& d : e->result) {
    if (!d.is_object() || !d.contains("rest")) continue;
    std::string name = JsonText(d["rest"].value("name", nlohmann::json()));
    if (name.empty()) continue;
    out.fields.push_back(Field(name, d, d["rest"].value("readOnly", false)));
  }
  if (out.fields.empty()) return MakeError(ErrorCode::kPermanent, "The lead describe lists no fields.", "marketo lead describe");
  return out;
}

}  // namespace salesync::connectors::marketo
