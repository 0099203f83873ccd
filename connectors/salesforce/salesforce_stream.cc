#include "connectors/salesforce/salesforce_stream.h"

#include "base/strings.h"
#include "connectors/salesforce/salesforce_time.h"

namespace salesync::connectors::salesforce {

namespace {

Error BadPage(const std::string& object, int64_t page, const std::string& why) {
  return MakeError(ErrorCode::kTransient, "Salesforce answered a " + object + " query page that cannot be read: " + why,
                   object + " page " + std::to_string(page));
}

}  // namespace

QueryStream::QueryStream(std::string object, StreamSettings settings, std::optional<CursorKey> checkpoint,
                         int64_t now_ms)
    : object_(std::move(object)),
      settings_(std::move(settings)),
      checkpoint_(std::move(checkpoint)),
      settled_before_ms_(now_ms - settings_.settle_secs * 1000) {
  if (checkpoint_) {
    start_ = *checkpoint_;
    if (settings_.lookback_secs > 0) start_ = CursorKey{checkpoint_->ts - settings_.lookback_secs * 1000, ""};
  }
}

std::unique_ptr<QueryStream> QueryStream::Sample(std::string object, StreamSettings settings, size_t limit,
                                                 int64_t now_ms) {
  auto s = std::make_unique<QueryStream>(std::move(object), std::move(settings), std::nullopt, now_ms);
  s->sample_limit_ = limit;
  return s;
}

Result<std::string> QueryStream::Soql() const {
  SoqlQuery q(object_);
  q.Select(settings_.fields);
  if (sample_limit_ > 0) {
    q.OrderBy("SystemModstamp", /*descending=*/true).OrderBy("Id", /*descending=*/true);
    q.Limit(static_cast<int64_t>(sample_limit_));
    return q.Build();
  }
  if (start_) q.Where(AfterCondition(*start_));
  q.OrderBy("SystemModstamp").OrderBy("Id");
  return q.Build();
}

Result<std::optional<StreamCall>> QueryStream::NextCall() {
  if (done_) return std::optional<StreamCall>();
  StreamCall call;
  call.request.method = "GET";
  if (next_url_.empty()) {
    auto soql = Soql();
    if (!soql.ok()) return soql.error();
    // A sample reads live rows only (query); a sync also reads deletions (queryAll).
    call.request.url = QueryPath(settings_.api_version, *soql, /*all_rows=*/sample_limit_ == 0);
  } else {
    call.request.url = next_url_;
  }
  call.request.headers.push_back({"Accept", "application/json"});
  call.request.headers.push_back({"Sforce-Query-Options", "batchSize=" + std::to_string(settings_.page_size)});
  call.idempotent = true;
  call.label = object_ + " page " + std::to_string(pages_ + 1);
  return std::optional<StreamCall>(std::move(call));
}

Result<StreamStep> QueryStream::Consume(const oauth::ApiResponse& response) {
  const int64_t page = pages_ + 1;
  nlohmann::json body = nlohmann::json::parse(response.http.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return BadPage(object_, page, "the body is not a JSON object.");
  auto records = body.find("records");
  auto done = body.find("done");
  if (records == body.end() || !records->is_array() || done == body.end() || !done->is_boolean()) {
    return BadPage(object_, page, "it has no \"records\" list or no \"done\" flag.");
  }
  std::string next_url;
  if (!done->get<bool>()) {
    auto next = body.find("nextRecordsUrl");
    if (next == body.end() || !next->is_string() || !StartsWith(next->get<std::string>(), "/services/data/")) {
      return BadPage(object_, page, "done is false but nextRecordsUrl is not a /services/data/ path.");
    }
    next_url = next->get<std::string>();
  }

  StreamStep step;
  step.records.reserve(records->size());
  std::optional<CursorKey> last_settled;
  for (auto& row : *records) {
    if (!row.is_object()) return BadPage(object_, page, "a record is not a JSON object.");
    auto id = row.find("Id");
    auto stamp = row.find("SystemModstamp");
    if (id == row.end() || !id->is_string() || id->get<std::string>().empty()) {
      return BadPage(object_, page, "a record has no Id.");
    }
    if (stamp == row.end() || !stamp->is_string()) return BadPage(object_, page, "a record has no SystemModstamp.");
    auto ms = ParseSalesforceDateTime(stamp->get<std::string>());
    if (!ms.ok()) return BadPage(object_, page, ms.error().message);
    Record r;
    r.object = object_;
    r.id = id->get<std::string>();
    r.modified_ms = *ms;
    auto deleted = row.find("IsDeleted");
    r.deleted = deleted != row.end() && deleted->is_boolean() && deleted->get<bool>();
    if (r.deleted) r.deleted_ms = *ms;  // a delete bumps SystemModstamp: it is when the row went
    if (*ms <= settled_before_ms_) last_settled = CursorKey{*ms, r.id};
    row.erase("attributes");
    r.fields = std::move(row);
    step.records.push_back(std::move(r));
  }

  // Everything is read and valid: only now does the stream move.
  if (sample_limit_ > 0) {
    done_ = true;
    pages_ = page;
    return step;
  }
  if (last_settled && (!checkpoint_ || KeyBefore(*checkpoint_, *last_settled))) checkpoint_ = last_settled;
  if (checkpoint_) step.checkpoint = ToCheckpoint(*checkpoint_);
  if (auto total = body.find("totalSize"); total != body.end() && total->is_number_integer()) {
    total_ = total->get<int64_t>();
  }
  step.total = total_;
  next_url_ = std::move(next_url);
  done_ = next_url_.empty();
  pages_ = page;
  return step;
}

}  // namespace salesync::connectors::salesforce
