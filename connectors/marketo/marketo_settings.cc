#include "connectors/marketo/marketo_settings.h"

#include <algorithm>

#include "base/strings.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

Status CheckKeys(const nlohmann::json& settings, const std::vector<std::string>& known) {
  if (settings.is_null()) return OkStatus();
  if (!settings.is_object()) return MakeError(ErrorCode::kConfig, "Stream settings must be an object.", "settings");
  for (const auto& [key, value] : settings.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string message = "Unknown Marketo stream setting \"" + key + "\".";
    if (auto guess = DidYouMean(key, known)) message += " Did you mean \"" + *guess + "\"?";
    return MakeError(ErrorCode::kConfig, message, "settings." + key);
  }
  return OkStatus();
}

Status ReadInt(const nlohmann::json& settings, const char* key, int64_t min, int64_t max, int64_t* out) {
  if (!settings.is_object() || !settings.contains(key)) return OkStatus();
  const auto& v = settings[key];
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    return MakeError(ErrorCode::kConfig,
                     std::string(key) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + ".",
                     std::string("settings.") + key);
  }
  *out = v.get<int64_t>();
  return OkStatus();
}

Status ReadSince(const nlohmann::json& settings, std::optional<int64_t>* out) {
  if (!settings.is_object() || !settings.contains("since")) return OkStatus();
  const auto& v = settings["since"];
  auto parsed = v.is_string() ? ParseDatetime(v.get<std::string>()) : std::nullopt;
  if (!parsed) return MakeError(ErrorCode::kConfig, "since must be an ISO date such as \"2024-01-01\".", "settings.since");
  *out = *parsed;
  return OkStatus();
}

}  // namespace

const std::vector<std::string>& DefaultLeadFields() {
  static const std::vector<std::string> kFields = {
      "id",          "email",         "firstName",     "lastName",        "title",           "phone",
      "city",        "country",       "company",       "industry",        "numberOfEmployees", "website",
      "leadScore",   "leadStatus",    "leadSource",    "sfdcType",        "sfdcLeadId",      "sfdcContactId",
      "sfdcAccountId", "sfdcLeadOwnerId", "leadPartitionId", "unsubscribed", "createdAt",    "updatedAt"};
  return kFields;
}

Result<LeadStreamSettings> ParseLeadStreamSettings(const nlohmann::json& s) {
  if (auto st = CheckKeys(s, {"fields", "since", "bulk_window_days", "bulk_poll_secs", "bulk_daily_mb", "bulk_chunk_bytes",
                              "lookback_secs", "token_max_age_secs"});
      !st.ok()) {
    return st.error();
  }
  LeadStreamSettings out;
  out.fields = DefaultLeadFields();
  if (s.is_object() && s.contains("fields")) {
    if (!s["fields"].is_array() || s["fields"].empty()) {
      return MakeError(ErrorCode::kConfig, "fields must be a non-empty list of lead field names.", "settings.fields");
    }
    out.fields.clear();
    for (const auto& f : s["fields"]) {
      if (!f.is_string() || f.get<std::string>().empty()) {
        return MakeError(ErrorCode::kConfig, "fields must hold field names.", "settings.fields");
      }
      out.fields.push_back(f.get<std::string>());
    }
  }
  for (const char* required : {"updatedAt", "id"}) {
    if (std::find(out.fields.begin(), out.fields.end(), required) == out.fields.end()) {
      out.fields.insert(out.fields.begin(), required);
    }
  }
  if (auto st = ReadSince(s, &out.since_ms); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "bulk_window_days", 1, 31, &out.bulk_window_days); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "bulk_poll_secs", 1, 3600, &out.bulk_poll_secs); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "bulk_daily_mb", 1, 1000000, &out.bulk_daily_mb); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "bulk_chunk_bytes", 1024, int64_t{1} << 30, &out.bulk_chunk_bytes); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "lookback_secs", 0, 30 * 86400, &out.lookback_secs); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "token_max_age_secs", 0, 365 * 86400, &out.token_max_age_secs); !st.ok()) return st.error();
  return out;
}

Result<ActivityStreamSettings> ParseActivityStreamSettings(const nlohmann::json& s) {
  if (auto st = CheckKeys(s, {"activity_type_ids", "since", "lookback_secs", "token_max_age_secs"}); !st.ok()) {
    return st.error();
  }
  ActivityStreamSettings out;
  if (s.is_object() && s.contains("activity_type_ids")) {
    const auto& ids = s["activity_type_ids"];
    if (!ids.is_array() || ids.empty()) {
      return MakeError(ErrorCode::kConfig, "activity_type_ids must be a non-empty list of integers.",
                       "settings.activity_type_ids");
    }
    for (const auto& id : ids) {
      if (!id.is_number_integer()) {
        return MakeError(ErrorCode::kConfig, "activity_type_ids must hold integers.", "settings.activity_type_ids");
      }
      if (std::find(out.activity_type_ids.begin(), out.activity_type_ids.end(), id.get<int64_t>()) ==
          out.activity_type_ids.end()) {
        out.activity_type_ids.push_back(id.get<int64_t>());
      }
    }
  }
  if (auto st = ReadSince(s, &out.since_ms); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "lookback_secs", 0, 30 * 86400, &out.lookback_secs); !st.ok()) return st.error();
  if (auto st = ReadInt(s, "token_max_age_secs", 0, 365 * 86400, &out.token_max_age_secs); !st.ok()) return st.error();
  return out;
}

}  // namespace salesync::connectors::marketo
