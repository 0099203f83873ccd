#include "connectors/marketo/marketo_leads_stream.h"

#include <algorithm>
#include <climits>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_lead_record.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

constexpr int64_t kDayMillis = 86400000;
constexpr int64_t kBeforeAnyInstance = 1136073600000;  // 2006-01-01T00:00:00Z, Marketo was founded in 2006

// The leads with ids 1..300 (those that exist): the oldest ones, in one ordinary call.
StreamCall LowestIdsCall(const std::string& fields, std::string label) {
  std::vector<std::string> ids;
  for (int i = 1; i <= kMaxBatch; ++i) ids.push_back(std::to_string(i));
  return GetCall("/rest/v1/leads.json",
                 {{"filterType", "id"}, {"filterValues", JoinComma(ids)}, {"fields", fields}, {"batchSize", "300"}},
                 std::move(label));
}

}  // namespace

Result<std::unique_ptr<MarketoLeadsStream>> MarketoLeadsStream::Open(const StreamContext& context) {
  auto settings = ParseLeadStreamSettings(context.settings);
  if (!settings.ok()) return settings.error();
  std::unique_ptr<MarketoLeadsStream> s(new MarketoLeadsStream(std::move(*settings), context.now_ms));
  if (context.sample_limit > 0) {
    // Marketo has no "recent leads" read short of a bulk export; the oldest ids are one cheap call away.
    s->phase_ = Phase::kSample;
    s->sample_limit_ = context.sample_limit;
    return s;
  }
  const nlohmann::json& c = context.checkpoint;
  std::string phase = c.is_object() ? c.value("phase", std::string()) : std::string();
  if (c.is_null() || (c.is_object() && c.empty())) {
    if (s->settings_.since_ms) {
      s->phase_ = Phase::kBulk;
      s->bulk_ = std::make_unique<BulkLeadLoad>(s->settings_, *s->settings_.since_ms, context.now_ms, BulkQuota{});
      if (s->bulk_->done()) s->StartIncremental(context.now_ms);
    }
    return s;
  }
  if (phase == "bulk") {
    auto end = ParseDatetime(c.value("window_end", std::string()));
    if (!end) return MakeError(ErrorCode::kInvalidArgument, "A bulk checkpoint without window_end.", "marketo leads checkpoint");
    s->phase_ = Phase::kBulk;
    BulkQuota quota{c.value("bulk_day", int64_t{0}), c.value("bulk_bytes", int64_t{0})};
    s->bulk_ = std::make_unique<BulkLeadLoad>(s->settings_, *end, context.now_ms, quota);
    if (s->bulk_->done()) s->StartIncremental(*end);
    return s;
  }
  if (phase == "incremental") {
    s->phase_ = Phase::kIncremental;
    s->changes_ = std::make_unique<LeadChangeReader>(s->settings_, c, context.now_ms);
    return s;
  }
  return MakeError(ErrorCode::kInvalidArgument, "Unknown leads checkpoint " + c.dump() + ".", "marketo leads checkpoint");
}

void MarketoLeadsStream::StartIncremental(int64_t high_water_ms) {
  phase_ = Phase::kIncremental;
  bulk_.reset();
  changes_ = std::make_unique<LeadChangeReader>(
      settings_, nlohmann::json{{"phase", "incremental"}, {"high_water", FormatDatetime(high_water_ms)}}, now_ms_);
}

Result<std::optional<StreamCall>> MarketoLeadsStream::NextCall() {
  switch (phase_) {
    case Phase::kProbe:
      return std::optional<StreamCall>(LowestIdsCall("id,createdAt", "Oldest leads (where the initial load starts)"));
    case Phase::kBulk:
      return std::optional<StreamCall>(bulk_->NextCall(now_ms_));
    case Phase::kIncremental:
      if (changes_->done()) return std::optional<StreamCall>();
      return std::optional<StreamCall>(changes_->NextCall());
    case Phase::kSample:
      return std::optional<StreamCall>(LowestIdsCall(JoinComma(settings_.fields), "Sample of leads (the oldest ids)"));
    case Phase::kSampled:
      return std::optional<StreamCall>();
  }
  return std::optional<StreamCall>();
}

Result<StreamStep> MarketoLeadsStream::Consume(const oauth::ApiResponse& response) {
  switch (phase_) {
    case Phase::kProbe: {
      auto e = ParseEnvelope(response.http.body, "marketo oldest leads");
      if (!e.ok()) return e.error();
      int64_t oldest = LLONG_MAX;
      for (const auto& lead : e->result) {
        auto t = ParseDatetime(JsonText(lead.value("createdAt", nlohmann::json())));
        if (t) oldest = std::min(oldest, *t);
      }
      int64_t start = oldest == LLONG_MAX ? kBeforeAnyInstance : (oldest / kDayMillis - 1) * kDayMillis;
      phase_ = Phase::kBulk;
      bulk_ = std::make_unique<BulkLeadLoad>(settings_, start, open_ms_, BulkQuota{});
      if (bulk_->done()) StartIncremental(open_ms_);
      return StreamStep{};
    }
    case Phase::kBulk: {
      auto step = bulk_->Consume(response, now_ms_);
      if (!step.ok()) return step.error();
      Advance(*step);
      if (bulk_->done()) {
        int64_t end = bulk_->window_start();
        StartIncremental(end);
        step->checkpoint = changes_->Checkpoint();
      }
      return step;
    }
    case Phase::kIncremental: {
      auto step = changes_->Consume(response);
      if (step.ok()) Advance(*step);
      return step;
    }
    case Phase::kSample: {
      auto e = ParseEnvelope(response.http.body, "marketo lead sample");
      if (!e.ok()) return e.error();
      StreamStep step;
      for (const auto& lead : e->result) {
        if (step.records.size() >= sample_limit_) break;
        auto r = LeadRecordFromJson(lead);
        if (r.ok()) step.records.push_back(std::move(r).value());
      }
      phase_ = Phase::kSampled;
      return step;
    }
    case Phase::kSampled:
      break;
  }
  return MakeError(ErrorCode::kInternal, "Leads stream in no phase.", "marketo leads");
}

std::optional<StreamStep> MarketoLeadsStream::AfterRefusal(const Error& error) {
  if (phase_ != Phase::kBulk) return std::nullopt;
  auto step = bulk_->AfterRefusal(error, now_ms_);
  if (step) Advance(*step);
  return step;
}

}  // namespace salesync::connectors::marketo
