#include "connectors/marketo/marketo_connector.h"

#include "connectors/marketo/marketo_activities_stream.h"
#include "connectors/marketo/marketo_describe.h"
#include "connectors/marketo/marketo_leads_stream.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/marketo/marketo_writes.h"

namespace salesync::connectors::marketo {

namespace {

constexpr const char* kCustomActivity = "customActivity";
constexpr const char* kLead = "lead";

Error UnknownTarget(const WriteTarget& target) {
  return MakeError(ErrorCode::kConfig, "Marketo writes go to \"customActivity\" or \"lead\", not \"" + target.object + "\".",
                   "write target");
}

class MarketoConnector : public Connector {
 public:
  std::string type() const override { return "marketo"; }

  StreamCall CheckCall() const override { return GetCall("/rest/v1/leads/describe.json", {}, "Marketo check (lead describe)"); }

  std::vector<std::string> StreamNames() const override { return {"leads", "activities"}; }

  Result<std::unique_ptr<Stream>> OpenStream(const std::string& stream, const StreamContext& context) const override {
    if (stream == "leads") {
      auto s = MarketoLeadsStream::Open(context);
      if (!s.ok()) return s.error();
      return std::unique_ptr<Stream>(std::move(*s));
    }
    if (stream == "activities") {
      auto s = MarketoActivitiesStream::Open(context);
      if (!s.ok()) return s.error();
      return std::unique_ptr<Stream>(std::move(*s));
    }
    return MakeError(ErrorCode::kConfig, "Marketo has the streams \"leads\" and \"activities\", not \"" + stream + "\".",
                     "stream");
  }

  Result<StreamCall> DescribeCall(const std::string& object) const override {
    if (object != kLead) return MakeError(ErrorCode::kNotFound, "Marketo describes \"lead\" only, not \"" + object + "\".", "describe");
    return GetCall("/rest/v1/leads/describe2.json", {}, "Lead describe");
  }

  Result<ObjectMetadata> ParseDescribe(const std::string& connection, const std::string& object,
                                       const oauth::ApiResponse& response) const override {
    if (object != kLead) return MakeError(ErrorCode::kNotFound, "Marketo describes \"lead\" only, not \"" + object + "\".", "describe");
    return ParseLeadDescribe(connection, response.http.body);
  }

  size_t MaxWriteBatch(const WriteTarget&) const override { return static_cast<size_t>(kMaxBatch); }

  Result<StreamCall> WriteCall(const WriteTarget& target, const std::vector<WriteItem>& items) const override {
    if (target.object == kCustomActivity) return CustomActivityWriteCall(target, items);
    if (target.object == kLead) return LeadUpsertCall(target, items);
    return UnknownTarget(target);
  }

  Result<std::vector<WriteOutcome>> ParseWrite(const WriteTarget& target, const std::vector<WriteItem>& items,
                                               const oauth::ApiResponse& response) const override {
    if (target.object != kCustomActivity && target.object != kLead) return UnknownTarget(target);
    return ParseWriteOutcomes(items, response, target.object == kCustomActivity);
  }
};

}  // namespace

std::unique_ptr<connectors::Connector> MakeMarketoConnector() { return std::make_unique<MarketoConnector>(); }

}  // namespace salesync::connectors::marketo
