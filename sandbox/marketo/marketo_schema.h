// The emulated instance's schema: lead fields (describe, describe2, valid filterType and lookupField
// values) and the standard activity types (activities/types.json).
// Thread-safety: immutable tables.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesync::sandbox::marketo {

enum class FieldType { kInteger, kString, kEmail, kPhone, kUrl, kScore, kBoolean, kDatetime, kFloat };

struct LeadField {
  int id = 0;                 // describe's numeric id
  std::string name;           // REST name: "firstName"
  std::string display_name;   // "First Name"
  std::string soap_name;      // "FirstName"
  FieldType type = FieldType::kString;
  int length = 0;             // 0: no length
  bool read_only = false;     // not settable through createOrUpdate
  bool crm_managed = false;
  bool company_field = false; // 1021 on leads whose company is CRM-managed
  bool searchable = false;    // a valid filterType / lookupField
};

// Indices into LeadFields(); the order of a lead's values.
enum LeadFieldIndex : int {
  kFieldId = 0,
  kFieldEmail,
  kFieldFirstName,
  kFieldLastName,
  kFieldTitle,
  kFieldPhone,
  kFieldCity,
  kFieldCountry,
  kFieldCompany,
  kFieldIndustry,
  kFieldNumberOfEmployees,
  kFieldWebsite,
  kFieldLeadScore,
  kFieldLeadStatus,
  kFieldLeadSource,
  kFieldSfdcType,
  kFieldSfdcLeadId,
  kFieldSfdcContactId,
  kFieldSfdcAccountId,
  kFieldSfdcLeadOwnerId,
  kFieldLeadPartitionId,
  kFieldUnsubscribed,
  kFieldCreatedAt,
  kFieldUpdatedAt,
  kFieldPriority,
  kFieldRelativeScore,
  kFieldUrgency,
  kFieldSalesyncId,
  kLeadFieldCount,
};

const std::vector<LeadField>& LeadFields();
// Index of a REST field name, nullopt when the instance has no such field.
std::optional<int> FindLeadField(std::string_view name);
// Filter types the service accepts that are not fields of this instance's leads (always match nothing).
bool IsFilterOnlyType(std::string_view name);

std::string FieldTypeName(FieldType t);
nlohmann::json DescribeJson();
nlohmann::json Describe2Json();

// Default fields of lead reads: id, email, updatedAt, createdAt, firstName, lastName.
const std::vector<int>& DefaultLeadFields();

struct ActivityAttributeDef {
  std::string name;
  std::string data_type;
};

struct ActivityType {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::optional<ActivityAttributeDef> primary;
  std::vector<ActivityAttributeDef> attributes;
};

const std::vector<ActivityType>& StandardActivityTypes();
const ActivityType* FindStandardActivityType(int64_t id);
nlohmann::json ActivityTypeJson(const ActivityType& t);

// Well-known ids (shared/reference/marketo.md §5).
constexpr int64_t kVisitWebpage = 1;
constexpr int64_t kFillOutForm = 2;
constexpr int64_t kSendEmail = 6;
constexpr int64_t kEmailDelivered = 7;
constexpr int64_t kOpenEmail = 10;
constexpr int64_t kClickEmail = 11;
constexpr int64_t kNewLead = 12;
constexpr int64_t kChangeDataValue = 13;
constexpr int64_t kChangeScore = 22;
constexpr int64_t kAddToList = 24;
constexpr int64_t kRemoveFromList = 25;
constexpr int64_t kMergeLeads = 32;
constexpr int64_t kDeleteLead = 37;
constexpr int64_t kInterestingMoment = 46;
constexpr int64_t kChangeStatusInProgression = 104;

}  // namespace salesync::sandbox::marketo
