#include "connectors/salesforce/salesforce_config.h"

#include <algorithm>

#include "base/strings.h"
#include "connectors/salesforce/soql.h"

namespace salesync::connectors::salesforce {

namespace {

Error ConfigError(std::string message, std::string_view key) {
  return MakeError(ErrorCode::kConfig, std::move(message), "settings." + std::string(key));
}

Result<int64_t> ReadInt(const nlohmann::json& settings, std::string_view key, int64_t fallback, int64_t min, int64_t max) {
  auto it = settings.find(std::string(key));
  if (it == settings.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) return ConfigError(std::string(key) + " must be a whole number.", key);
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) {
    return ConfigError(std::string(key) + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                           " (got " + std::to_string(v) + ").",
                       key);
  }
  return v;
}

Result<std::string> ReadApiVersion(const nlohmann::json& settings, const SalesforceConfig& connector) {
  auto it = settings.find("api_version");
  if (it == settings.end() || it->is_null()) return connector.api_version;
  if (!it->is_string() || !IsApiVersion(it->get<std::string>())) {
    return ConfigError("api_version must look like \"v60.0\".", "api_version");
  }
  return it->get<std::string>();
}

Status CheckObject(const nlohmann::json& settings) {
  if (!settings.is_null() && !settings.is_object()) {
    return MakeError(ErrorCode::kConfig, "The Salesforce settings must be a JSON object.", "settings");
  }
  return OkStatus();
}

}  // namespace

bool IsApiVersion(std::string_view v) {
  if (v.size() < 4 || v.size() > 7 || v.front() != 'v' || v.substr(v.size() - 2) != ".0") return false;
  return std::all_of(v.begin() + 1, v.end() - 2, [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> DefaultFields(std::string_view object) {
  if (object == "Lead") {
    return {"Id", "IsDeleted", "MasterRecordId", "Email", "FirstName", "LastName", "Company", "Title", "Phone",
            "LeadSource", "Status", "OwnerId", "IsConverted", "ConvertedContactId", "ConvertedAccountId",
            "CreatedDate", "LastModifiedDate", "SystemModstamp", "Salesync_Id__c"};
  }
  if (object == "Contact") {
    return {"Id", "IsDeleted", "MasterRecordId", "Email", "FirstName", "LastName", "AccountId", "Title", "Phone",
            "LeadSource", "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "Salesync_Id__c"};
  }
  if (object == "Account") {
    return {"Id", "IsDeleted", "MasterRecordId", "Name", "Website", "Industry", "NumberOfEmployees", "Phone", "Type",
            "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp"};
  }
  return {"Id", "IsDeleted", "SystemModstamp"};
}

Result<StreamSettings> ReadStreamSettings(std::string_view object, const nlohmann::json& settings,
                                          const SalesforceConfig& connector) {
  if (auto s = CheckObject(settings); !s.ok()) return s.error();
  const nlohmann::json& j = settings.is_null() ? nlohmann::json::object() : settings;
  StreamSettings out;
  auto version = ReadApiVersion(j, connector);
  if (!version.ok()) return version.error();
  out.api_version = *version;
  auto page = ReadInt(j, "page_size", kMaxPageSize, kMinPageSize, kMaxPageSize);
  if (!page.ok()) return page.error();
  out.page_size = *page;
  auto lookback = ReadInt(j, "lookback_secs", 300, 0, 30LL * 24 * 3600);
  if (!lookback.ok()) return lookback.error();
  out.lookback_secs = *lookback;
  auto settle = ReadInt(j, "settle_secs", 10, 0, 24 * 3600);
  if (!settle.ok()) return settle.error();
  out.settle_secs = *settle;

  auto it = j.find("fields");
  if (it == j.end() || it->is_null()) {
    out.fields = DefaultFields(object);
  } else {
    if (!it->is_array() || it->empty()) return ConfigError("fields must be a non-empty list of field names.", "fields");
    for (const auto& f : *it) {
      if (!f.is_string() || !IsSoqlIdentifier(f.get<std::string>())) {
        return ConfigError("fields holds " + f.dump() + ", which is not a Salesforce field name.", "fields");
      }
      out.fields.push_back(f.get<std::string>());
    }
  }
  // The cursor and tombstones need these whatever the list says; Salesforce names are case-insensitive.
  for (const char* required : {"Id", "IsDeleted", "SystemModstamp"}) {
    bool present = std::any_of(out.fields.begin(), out.fields.end(),
                               [&](const std::string& f) { return ToLowerAscii(f) == ToLowerAscii(required); });
    if (!present) out.fields.emplace_back(required);
  }
  return out;
}

nlohmann::json ToJson(const StreamSettings& s) {
  return {{"api_version", s.api_version}, {"fields", s.fields}, {"page_size", s.page_size},
          {"lookback_secs", s.lookback_secs}, {"settle_secs", s.settle_secs}};
}

Result<WriteSettings> ReadWriteSettings(std::string_view object, const nlohmann::json& settings,
                                        const SalesforceConfig& connector) {
  if (auto s = CheckObject(settings); !s.ok()) return s.error();
  const nlohmann::json& j = settings.is_null() ? nlohmann::json::object() : settings;
  WriteSettings out;
  auto version = ReadApiVersion(j, connector);
  if (!version.ok()) return version.error();
  out.api_version = *version;
  if (object == "Task") out.external_id_field = "Salesync_Activity_Id__c";
  else if (object == "Lead" || object == "Contact") out.external_id_field = "Salesync_Id__c";
  else {
    return MakeError(ErrorCode::kConfig,
                     "salesync writes Task, Lead and Contact to Salesforce, not \"" + std::string(object) + "\".",
                     "target.object");
  }
  auto it = j.find("external_id_field");
  if (it != j.end() && !it->is_null()) {
    if (!it->is_string() || !IsSoqlIdentifier(it->get<std::string>())) {
      return ConfigError("external_id_field must be a Salesforce field name.", "external_id_field");
    }
    out.external_id_field = it->get<std::string>();
  }
  return out;
}

}  // namespace salesync::connectors::salesforce
