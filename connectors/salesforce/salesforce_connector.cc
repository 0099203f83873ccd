#include "connectors/salesforce/salesforce_connector.h"

#include <algorithm>

#include "connectors/salesforce/salesforce_describe.h"
#include "connectors/salesforce/salesforce_stream.h"
#include "connectors/salesforce/salesforce_writes.h"
#include "connectors/salesforce/soql.h"

namespace salesync::connectors::salesforce {

namespace {

const std::vector<std::string>& Streams() {
  static const std::vector<std::string> kStreams = {"Lead", "Contact", "Account"};
  return kStreams;
}

StreamCall Get(std::string path, std::string label) {
  StreamCall call;
  call.request.method = "GET";
  call.request.url = std::move(path);
  call.request.headers.push_back({"Accept", "application/json"});
  call.idempotent = true;
  call.label = std::move(label);
  return call;
}

class SalesforceConnector : public Connector {
 public:
  explicit SalesforceConnector(SalesforceConfig config) : config_(std::move(config)) {}

  std::string type() const override { return "salesforce"; }

  StreamCall CheckCall() const override {
    return Get("/services/data/" + config_.api_version + "/limits", "Salesforce limits");
  }

  std::vector<std::string> StreamNames() const override { return Streams(); }

  Result<std::unique_ptr<Stream>> OpenStream(const std::string& stream, const StreamContext& context) const override {
    if (std::find(Streams().begin(), Streams().end(), stream) == Streams().end()) {
      return MakeError(ErrorCode::kConfig, "The Salesforce connector has no stream \"" + stream +
                                               "\" (it reads Lead, Contact and Account).", "stream");
    }
    if (context.now_ms <= 0) {
      return MakeError(ErrorCode::kInvalidArgument, "A Salesforce stream needs the engine's clock (now_ms).", stream);
    }
    auto settings = ReadStreamSettings(stream, context.settings, config_);
    if (!settings.ok()) return settings.error();
    auto checkpoint = ParseCheckpoint(context.checkpoint);
    if (!checkpoint.ok()) return checkpoint.error();
    auto s = context.sample_limit > 0
                 ? QueryStream::Sample(stream, std::move(settings).value(), context.sample_limit, context.now_ms)
                 : std::make_unique<QueryStream>(stream, std::move(settings).value(), *checkpoint, context.now_ms);
    // Prove the query can be built now rather than on the first NextCall.
    if (auto soql = s->Soql(); !soql.ok()) {
      Error e = soql.error();
      e.code = ErrorCode::kConfig;
      return e;
    }
    return std::unique_ptr<Stream>(std::move(s));
  }

  Result<StreamCall> DescribeCall(const std::string& object) const override {
    if (!IsSoqlIdentifier(object)) {
      return MakeError(ErrorCode::kInvalidArgument, "\"" + object + "\" is not a Salesforce object name.");
    }
    return Get("/services/data/" + config_.api_version + "/sobjects/" + object + "/describe", object + " describe");
  }

  Result<ObjectMetadata> ParseDescribe(const std::string& connection, const std::string& object,
                                       const oauth::ApiResponse& response) const override {
    return ParseDescribeBody(connection, object, response.http.body);
  }

  size_t MaxWriteBatch(const WriteTarget&) const override { return kMaxCollectionRecords; }

  Result<StreamCall> WriteCall(const WriteTarget& target, const std::vector<WriteItem>& items) const override {
    auto settings = ReadWriteSettings(target.object, target.settings, config_);
    if (!settings.ok()) return settings.error();
    return BuildUpsertCall(target.object, *settings, items);
  }

  Result<std::vector<WriteOutcome>> ParseWrite(const WriteTarget&, const std::vector<WriteItem>& items,
                                               const oauth::ApiResponse& response) const override {
    return ParseUpsertResults(items, response.http.body);
  }

 private:
  SalesforceConfig config_;
};

}  // namespace

std::unique_ptr<connectors::Connector> MakeSalesforceConnector() { return MakeSalesforceConnector(SalesforceConfig{}); }

std::unique_ptr<connectors::Connector> MakeSalesforceConnector(SalesforceConfig config) {
  return std::make_unique<SalesforceConnector>(std::move(config));
}

}  // namespace salesync::connectors::salesforce
