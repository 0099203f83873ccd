// JSON forms of the invitation reports, users and teams: what the admin API returns and salesyncctl reads.
// Field names are stable (scripts use --json). Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "invites/invite_service.h"
#include "store/outbox_store.h"
#include "store/user_store.h"

namespace salesync::invites {

// ',' -> ",", ';' -> ";", tab -> "tab".
std::string DelimiterName(char delimiter);

nlohmann::json SummaryToJson(const ScanSummary& summary);
nlohmann::json PreviewToJson(const PreviewReport& report);
nlohmann::json SendReportToJson(const SendReport& report);
nlohmann::json UserToJson(const store::UserRecord& user);
nlohmann::json TeamToJson(const store::TeamRecord& team);
nlohmann::json OutboxJobToJson(const store::OutboxJob& job);

}  // namespace salesync::invites
