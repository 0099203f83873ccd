#include "sync/push_target.h"

#include "connectors/salesforce/salesforce_config.h"

namespace salesync::sync {

namespace {

namespace sf = connectors::salesforce;

class SalesforcePushTarget : public PushTarget {
 public:
  SalesforcePushTarget(oauth::ApiClient* api, std::string connection, std::string object)
      : api_(api), connection_(std::move(connection)), object_(std::move(object)) {}

  size_t MaxBatch() const override { return sf::kMaxCollectionRecords; }
  int64_t calls() const override { return calls_; }

  // Queries travel in the URL (at most 16,384 bytes): keys are split so that each query stays well below.
  Result<std::vector<IdentityRow>> Lookup(const std::vector<std::string>& fields,
                                          const std::vector<std::vector<std::string>>& keys) override {
    constexpr size_t kMaxValueBytes = 9000;  // escaped and percent-encoded, a value takes up to ~3x its size
    std::vector<IdentityRow> out;
    std::vector<std::vector<std::string>> chunk;
    size_t bytes = 0;
    auto flush = [&]() -> Status {
      if (chunk.empty()) return OkStatus();
      auto rows = LookupChunk(fields, chunk);
      if (!rows.ok()) return rows.error();
      for (auto& r : *rows) out.push_back(std::move(r));
      chunk.clear();
      bytes = 0;
      return OkStatus();
    };
    for (const auto& key : keys) {
      size_t size = 8;
      for (const auto& v : key) size += 3 * v.size() + 8;
      if (!chunk.empty() && bytes + size > kMaxValueBytes) {
        if (Status s = flush(); !s.ok()) return s.error();
      }
      chunk.push_back(key);
      bytes += size;
    }
    if (Status s = flush(); !s.ok()) return s.error();
    return out;
  }

 private:
  Result<std::vector<IdentityRow>> LookupChunk(const std::vector<std::string>& fields,
                                               const std::vector<std::vector<std::string>>& keys) {
    auto call = sf::BuildIdentityQuery(version_, object_, fields, keys);
    if (!call.ok()) return call.error();
    std::vector<IdentityRow> out;
    for (int page = 0; page < 1000; ++page) {
      auto answer = Send(*call);
      if (!answer.ok()) return answer.error();
      std::string next;
      auto rows = sf::ParseIdentityRows(fields, answer->http.body, &next);
      if (!rows.ok()) return rows.error();
      for (auto& r : *rows) out.push_back(std::move(r));
      if (next.empty()) break;
      *call = sf::BuildNextPageCall(next, object_);
    }
    return out;
  }

 public:

  Result<std::vector<connectors::WriteOutcome>> Create(const std::vector<nlohmann::json>& records) override {
    auto call = sf::BuildCreateCall(version_, object_, records);
    if (!call.ok()) return call.error();
    auto answer = Send(*call);
    if (!answer.ok()) return answer.error();
    return sf::ParseCollectionResults(records.size(), answer->http.body);
  }

  Result<std::vector<connectors::WriteOutcome>> Update(
      const std::vector<std::pair<std::string, nlohmann::json>>& records) override {
    auto call = sf::BuildUpdateCall(version_, object_, records);
    if (!call.ok()) return call.error();
    auto answer = Send(*call);
    if (!answer.ok()) return answer.error();
    return sf::ParseCollectionResults(records.size(), answer->http.body);
  }

 private:
  Result<oauth::ApiResponse> Send(const connectors::StreamCall& call) {
    ++calls_;
    return api_->Call(connection_, call.request, call.idempotent);
  }

  oauth::ApiClient* api_;
  std::string connection_;
  std::string object_;
  std::string version_{sf::kDefaultApiVersion};
  int64_t calls_ = 0;
};

}  // namespace

std::unique_ptr<PushTarget> MakePushTarget(oauth::ApiClient* api, const std::string& connection,
                                           const std::string& type, const std::string& object) {
  if (type == "salesforce") return std::make_unique<SalesforcePushTarget>(api, connection, object);
  return nullptr;
}

}  // namespace salesync::sync
