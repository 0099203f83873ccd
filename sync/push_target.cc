#include "sync/push_target.h"

#include <charconv>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/marketo/marketo_writes.h"
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

namespace mk = connectors::marketo;

// Marketo leads. Found by one searchable field (GET leads.json?filterType=FIELD&filterValues=…); created
// with createOrUpdate on that field, so a resent create lands on the same lead (Marketo dedupes on the
// lookup field); updated by id with updateOnly.
class MarketoLeadPushTarget : public PushTarget {
 public:
  MarketoLeadPushTarget(oauth::ApiClient* api, std::string connection) : api_(api), connection_(std::move(connection)) {}
  size_t MaxBatch() const override { return static_cast<size_t>(mk::kMaxBatch); }
  int64_t calls() const override { return calls_; }

  Result<std::vector<IdentityRow>> Lookup(const std::vector<std::string>& fields,
                                          const std::vector<std::vector<std::string>>& keys) override {
    if (fields.size() != 1) {
      return MakeError(ErrorCode::kConfig, "Marketo finds leads by one field; the mapping's identity names " +
                                               std::to_string(fields.size()) + ".", "push to Marketo");
    }
    lookup_field_ = fields[0];
    std::vector<std::string> values;
    for (const auto& key : keys) {
      // Marketo splits filterValues on commas: such a value cannot be looked up, and createOrUpdate on
      // the field still finds its lead.
      if (!key.empty() && !key[0].empty() && key[0].find(',') == std::string::npos) values.push_back(key[0]);
    }
    std::vector<IdentityRow> out;
    size_t start = 0;
    while (start < values.size()) {
      std::vector<std::string> chunk;
      size_t bytes = 0;
      while (start < values.size() && chunk.size() < static_cast<size_t>(mk::kMaxBatch) &&
             (chunk.empty() || bytes + 3 * values[start].size() + 3 < mk::kMaxGetUrl - 512)) {
        bytes += 3 * values[start].size() + 3;
        chunk.push_back(values[start++]);
      }
      std::string token;
      for (int page = 0; page < 1000; ++page) {
        mk::Params params = {{"filterType", lookup_field_}, {"filterValues", mk::JoinComma(chunk)},
                             {"fields", "id," + lookup_field_}, {"batchSize", "300"}};
        if (!token.empty()) params.push_back({"nextPageToken", token});
        auto answer = Send(mk::GetCall("/rest/v1/leads.json", params, "leads by " + lookup_field_));
        if (!answer.ok()) return answer.error();
        auto envelope = mk::ParseEnvelope(answer->http.body, "marketo lead lookup");
        if (!envelope.ok()) return envelope.error();
        for (const auto& lead : envelope->result) {
          IdentityRow row;
          auto id = lead.find("id");
          if (id == lead.end() || !id->is_number_integer()) continue;
          row.id = std::to_string(id->get<int64_t>());
          auto v = lead.find(lookup_field_);
          row.values.push_back(v != lead.end() && v->is_string() ? v->get<std::string>() : std::string());
          out.push_back(std::move(row));
        }
        token = envelope->next_page_token;
        if (token.empty() || envelope->result.empty()) break;
      }
    }
    return out;
  }

  Result<std::vector<connectors::WriteOutcome>> Create(const std::vector<nlohmann::json>& records) override {
    if (lookup_field_.empty()) return MakeError(ErrorCode::kInternal, "Create before Lookup.", "push to Marketo");
    return Write({"createOrUpdate", lookup_field_}, records);
  }

  Result<std::vector<connectors::WriteOutcome>> Update(
      const std::vector<std::pair<std::string, nlohmann::json>>& records) override {
    std::vector<nlohmann::json> rows;
    for (const auto& [id, fields] : records) {
      nlohmann::json row = fields;
      int64_t n = 0;
      auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
      if (ec != std::errc() || end != id.data() + id.size() || n <= 0) {
        return MakeError(ErrorCode::kInvalidArgument, "\"" + id + "\" is not a Marketo lead id.", "push to Marketo");
      }
      row["id"] = n;
      rows.push_back(std::move(row));
    }
    return Write({"updateOnly", "id"}, rows);
  }

 private:
  struct Action {
    std::string action, lookup_field;
  };
  Result<std::vector<connectors::WriteOutcome>> Write(const Action& a, const std::vector<nlohmann::json>& rows) {
    connectors::WriteTarget target{"lead", {{"action", a.action}, {"lookup_field", a.lookup_field}}};
    std::vector<connectors::WriteItem> items;
    for (size_t i = 0; i < rows.size(); ++i) items.push_back({std::to_string(i), rows[i]});
    auto call = mk::LeadUpsertCall(target, items);
    if (!call.ok()) return call.error();
    auto answer = Send(*call);
    if (!answer.ok()) return answer.error();
    return mk::ParseWriteOutcomes(items, *answer, /*activities=*/false);
  }
  Result<oauth::ApiResponse> Send(const connectors::StreamCall& call) {
    ++calls_;
    return api_->Call(connection_, call.request, call.idempotent);
  }

  oauth::ApiClient* api_;
  std::string connection_;
  std::string lookup_field_;
  int64_t calls_ = 0;
};

}  // namespace

std::unique_ptr<PushTarget> MakePushTarget(oauth::ApiClient* api, const std::string& connection,
                                           const std::string& type, const std::string& object) {
  if (type == "salesforce") return std::make_unique<SalesforcePushTarget>(api, connection, object);
  if (type == "marketo" && object == "lead") return std::make_unique<MarketoLeadPushTarget>(api, connection);
  return nullptr;
}

}  // namespace salesync::sync
