#include "connectors/marketo/marketo_bulk_load.h"

#include <algorithm>

#include "connectors/marketo/marketo_envelope.h"
#include "connectors/marketo/marketo_lead_record.h"
#include "connectors/marketo/marketo_request.h"
#include "connectors/marketo/marketo_time.h"

namespace salesync::connectors::marketo {

namespace {

constexpr int64_t kDayMillis = 86400000;
constexpr const char* kExports = "/bulk/v1/leads/export/";

}  // namespace

BulkLeadLoad::BulkLeadLoad(const LeadStreamSettings& settings, int64_t start_ms, int64_t end_ms, BulkQuota quota)
    : settings_(settings), window_start_(start_ms / 1000 * 1000), end_(end_ms / 1000 * 1000), quota_(quota) {
  if (window_start_ >= end_) state_ = State::kDone;
}

int64_t BulkLeadLoad::WindowEnd() const { return std::min(end_, window_start_ + settings_.bulk_window_days * kDayMillis); }

nlohmann::json BulkLeadLoad::Checkpoint() const {
  nlohmann::json c = {{"phase", "bulk"},
                      {"window_end", FormatDatetime(window_start_)},
                      {"bulk_day", quota_.day},
                      {"bulk_bytes", quota_.bytes}};
  if (quota_wait_until_ > 0) c["quota_wait_until"] = FormatDatetime(quota_wait_until_);
  return c;
}

StreamCall BulkLeadLoad::NextCall(int64_t now_ms) {
  (void)now_ms;
  std::string window = FormatDatetime(window_start_) + ".." + FormatDatetime(WindowEnd());
  switch (state_) {
    case State::kCreate: {
      nlohmann::json body = {{"fields", settings_.fields},
                             {"format", "CSV"},
                             {"filter", {{"updatedAt", {{"startAt", FormatDatetime(window_start_)},
                                                        {"endAt", FormatDatetime(WindowEnd())}}}}}};
      // Creating a job has no effect until it is enqueued; a resend leaves an unused job behind at worst.
      return PostJsonCall(std::string(kExports) + "create.json", body, "Lead export " + window + ": create", true);
    }
    case State::kEnqueue:
      // A resent enqueue answers 1029 "Job already queued", which AfterRefusal() reads as success.
      return PostJsonCall(kExports + export_id_ + "/enqueue.json", nlohmann::json::object(),
                          "Lead export " + window + ": enqueue", true);
    case State::kStatus:
      return GetCall(kExports + export_id_ + "/status.json", {}, "Lead export " + window + ": status");
    case State::kDownload:
    case State::kDone: {
      StreamCall call = GetCall(kExports + export_id_ + "/file.json", {}, "Lead export " + window + ": file");
      int64_t last = std::min(file_size_, offset_ + settings_.bulk_chunk_bytes) - 1;
      // Always a range: the answer is then a 206 the ApiClient passes through as it is (a 200 CSV body would
      // be mistaken for a malformed Marketo envelope), and a large file never sits whole in memory.
      call.request.headers.push_back({"Range", "bytes=" + std::to_string(offset_) + "-" + std::to_string(last)});
      return call;
    }
  }
  return StreamCall{};
}

StreamStep BulkLeadLoad::QuotaWait(int64_t now_ms) {
  quota_wait_until_ = NextCentralMidnight(now_ms) + 60000;
  StreamStep step;
  step.wait_before_next = std::chrono::milliseconds(quota_wait_until_ - now_ms);
  step.checkpoint = Checkpoint();
  return step;
}

Result<StreamStep> BulkLeadLoad::Consume(const oauth::ApiResponse& response, int64_t now_ms) {
  if (state_ == State::kDownload) return ConsumeFile(response);
  auto envelope = ParseEnvelope(response.http.body, "bulk lead export");
  if (!envelope.ok()) return envelope.error();
  const nlohmann::json job = envelope->result.empty() ? nlohmann::json::object() : envelope->result[0];
  StreamStep step;
  switch (state_) {
    case State::kCreate:
      export_id_ = job.value("exportId", std::string());
      if (export_id_.empty()) return MakeError(ErrorCode::kPermanent, "Export create answered no exportId.", "bulk lead export");
      state_ = State::kEnqueue;
      if (CentralDay(now_ms) == quota_.day && quota_.bytes >= settings_.bulk_daily_mb * 1024 * 1024) return QuotaWait(now_ms);
      return step;
    case State::kEnqueue:
      quota_wait_until_ = 0;
      state_ = State::kStatus;
      step.wait_before_next = std::chrono::seconds(settings_.bulk_poll_secs);
      return step;
    case State::kStatus: {
      std::string status = job.value("status", std::string());
      if (status == "Completed") {
        file_size_ = job.value("fileSize", int64_t{0});
        int64_t today = CentralDay(now_ms);
        if (quota_.day != today) quota_ = {today, 0};
        quota_.bytes += file_size_;
        offset_ = 0;
        reader_ = std::make_unique<CsvRowReader>(',');
        if (file_size_ == 0) return FinishWindow({});
        state_ = State::kDownload;
        if (job.contains("numberOfRecords")) step.total = job["numberOfRecords"].get<int64_t>();
        return step;
      }
      if (status == "Failed" || status == "Cancelled" || status == "Canceled") {
        // The window is asked for again with a new job on the next run.
        state_ = State::kCreate;
        return MakeError(ErrorCode::kTransient,
                         "Bulk lead export " + export_id_ + " ended " + status + ": " + job.value("errorMsg", std::string("no reason given")) + ".",
                         "bulk lead export");
      }
      step.wait_before_next = std::chrono::seconds(settings_.bulk_poll_secs);
      return step;
    }
    case State::kDownload:
    case State::kDone:
      break;
  }
  return MakeError(ErrorCode::kInternal, "Bulk lead load consumed an answer after it finished.", "bulk lead export");
}

Result<StreamStep> BulkLeadLoad::ConsumeFile(const oauth::ApiResponse& response) {
  if (response.http.status != 206 && response.http.status != 200) {
    return MakeError(ErrorCode::kTransient, "The export file answered HTTP " + std::to_string(response.http.status) + ".",
                     "bulk lead export " + export_id_);
  }
  if (response.http.status == 200) offset_ = 0;  // the whole file, whatever was asked
  if (auto s = reader_->Feed(response.http.body); !s.ok()) return s.error();
  offset_ += static_cast<int64_t>(response.http.body.size());
  if (response.http.status == 200 || response.http.body.empty()) offset_ = std::max(offset_, file_size_);
  std::vector<Record> records;
  auto take = [&]() -> Status {
    for (const auto& row : reader_->TakeRows()) {
      auto r = LeadRecordFromCsv(reader_->header(), row);
      if (!r.ok()) return r.error();
      records.push_back(std::move(*r));
    }
    return OkStatus();
  };
  if (auto s = take(); !s.ok()) return s.error();
  if (offset_ < file_size_) {
    StreamStep step;
    step.records = std::move(records);
    return step;
  }
  if (auto s = reader_->Finish(); !s.ok()) return s.error();
  if (auto s = take(); !s.ok()) return s.error();
  return FinishWindow(std::move(records));
}

Result<StreamStep> BulkLeadLoad::FinishWindow(std::vector<Record> records) {
  window_start_ = WindowEnd();
  export_id_.clear();
  reader_.reset();
  state_ = window_start_ >= end_ ? State::kDone : State::kCreate;
  StreamStep step;
  step.records = std::move(records);
  step.checkpoint = Checkpoint();
  return step;
}

std::optional<StreamStep> BulkLeadLoad::AfterRefusal(const Error& error, int64_t now_ms) {
  if (state_ != State::kEnqueue || error.message.find("1029") == std::string::npos) return std::nullopt;
  if (error.message.find("already queued") != std::string::npos) {
    state_ = State::kStatus;
    StreamStep step;
    step.wait_before_next = std::chrono::seconds(settings_.bulk_poll_secs);
    return step;
  }
  if (error.message.find("quota") != std::string::npos) {
    quota_ = {CentralDay(now_ms), std::max(quota_.bytes, settings_.bulk_daily_mb * 1024 * 1024)};
    return QuotaWait(now_ms);
  }
  // "Too many jobs (10) in queue": other integrations' jobs; try again after a few polling periods.
  StreamStep step;
  step.wait_before_next = std::chrono::seconds(settings_.bulk_poll_secs * 5);
  return step;
}

}  // namespace salesync::connectors::marketo
