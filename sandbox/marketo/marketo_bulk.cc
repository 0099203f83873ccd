#include "sandbox/marketo/marketo_bulk.h"

#include <algorithm>
#include <climits>

#include "base/log.h"
#include "base/random.h"
#include "base/strings.h"
#include "sandbox/marketo/marketo_bulk_rows.h"
#include "sandbox/marketo/marketo_leads.h"
#include "sandbox/marketo/marketo_time.h"
#include "sandbox/marketo/marketo_tokens.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr int64_t kFileRetentionMillis = 7LL * 86400000;
constexpr int64_t kJobRetentionMillis = 30LL * 86400000;
constexpr int64_t kListWindowMillis = 7LL * 86400000;
constexpr size_t kMaxPrimaryAttributeValues = 50;

// Validates {"startAt","endAt"}: ISO-8601 without milliseconds, end after start, at most 31 days.
std::optional<MarketoFailure> CheckWindow(const nlohmann::json& w, const std::string& name) {
  if (!w.is_object() || !w.contains("startAt") || !w.contains("endAt") || !w["startAt"].is_string() ||
      !w["endAt"].is_string()) {
    return MarketoFailure{"1003", name + " needs startAt and endAt"};
  }
  auto start = ParseMarketoDatetime(w["startAt"].get<std::string>());
  auto end = ParseMarketoDatetime(w["endAt"].get<std::string>());
  if (!start || !end) return MarketoFailure{"1003", "Invalid date format in " + name};
  if (start->had_fraction || end->had_fraction) {
    return MarketoFailure{"1003", "Invalid date format in " + name + ": milliseconds are not allowed"};
  }
  if (end->unix_millis < start->unix_millis) return MarketoFailure{"1003", name + ": endAt is before startAt"};
  if (end->unix_millis - start->unix_millis > BulkExports::kMaxWindowMillis) {
    return MarketoFailure{"1003", name + ": date range must not exceed 31 days"};
  }
  return std::nullopt;
}

std::optional<MarketoFailure> CheckLeadJob(const MarketoData& data, ExportJob& job, const nlohmann::json& body) {
  if (!body.contains("fields") || !body["fields"].is_array() || body["fields"].empty()) {
    return MarketoFailure{"1003", "fields cannot be blank"};
  }
  std::vector<std::string> invalid;
  for (const auto& f : body["fields"]) {
    std::string name = f.is_string() ? f.get<std::string>() : f.dump();
    if (!FindLeadField(name)) invalid.push_back(name);
    job.fields.push_back(name);
  }
  if (!invalid.empty()) {
    std::string list;
    for (const auto& i : invalid) list += (list.empty() ? "" : ", ") + i;
    return MarketoFailure{"1003", "Invalid fields [" + list + "]"};
  }
  const nlohmann::json& filter = job.filter;
  if (!filter.is_object() || filter.size() != 1) return MarketoFailure{"1003", "Exactly one filter is required"};
  const std::string key = filter.begin().key();
  const nlohmann::json& value = filter.begin().value();
  if (key == "smartListId" || key == "smartListName") {
    return MarketoFailure{"1035", "Unsupported filter type for target subscription: " + key};
  }
  if (key == "createdAt" || key == "updatedAt") return CheckWindow(value, key);
  if (key == "staticListId") {
    if (!value.is_number_integer() || !data.lists().Find(value.get<int64_t>())) {
      return MarketoFailure{"1003", "Static list " + value.dump() + " not found"};
    }
    return std::nullopt;
  }
  if (key == "staticListName") {
    if (!value.is_string() || !data.lists().FindByName(value.get<std::string>())) {
      return MarketoFailure{"1003", "Static list " + value.dump() + " not found"};
    }
    return std::nullopt;
  }
  return MarketoFailure{"1003", "Invalid filter type '" + key + "'"};
}

std::optional<MarketoFailure> CheckActivityJob(ExportJob& job, const nlohmann::json& body) {
  if (body.contains("fields")) {
    if (!body["fields"].is_array()) return MarketoFailure{"1003", "fields must be an array"};
    for (const auto& f : body["fields"]) {
      std::string name = f.is_string() ? f.get<std::string>() : f.dump();
      if (!IsActivityExportField(name)) return MarketoFailure{"1003", "Invalid fields [" + name + "]"};
      job.fields.push_back(name);
    }
  }
  const nlohmann::json& filter = job.filter;
  if (!filter.is_object() || !filter.contains("createdAt")) return MarketoFailure{"1003", "filter.createdAt is required"};
  if (auto f = CheckWindow(filter["createdAt"], "createdAt")) return f;
  for (const auto& [key, value] : filter.items()) {
    if (key != "createdAt" && key != "activityTypeIds" && key != "primaryAttributeValueIds" &&
        key != "primaryAttributeValues") {
      return MarketoFailure{"1003", "Invalid filter type '" + key + "'"};
    }
  }
  bool ids = filter.contains("primaryAttributeValueIds");
  bool values = filter.contains("primaryAttributeValues");
  if (ids && values) return MarketoFailure{"1003", "Use primaryAttributeValueIds or primaryAttributeValues, not both"};
  if ((ids || values) && !filter.contains("activityTypeIds")) {
    return MarketoFailure{"1003", "primaryAttributeValue filters need activityTypeIds"};
  }
  auto check_array = [&](const char* key, bool ints) -> std::optional<MarketoFailure> {
    if (!filter.contains(key)) return std::nullopt;
    const auto& a = filter[key];
    if (!a.is_array() || a.empty()) return MarketoFailure{"1003", std::string(key) + " must be a non-empty array"};
    for (const auto& v : a) {
      if (ints ? !v.is_number_integer() : !v.is_string()) return MarketoFailure{"1003", "Invalid value in " + std::string(key)};
    }
    if (std::string(key) != "activityTypeIds" && a.size() > kMaxPrimaryAttributeValues) {
      return MarketoFailure{"1003", std::string(key) + ": at most 50 values"};
    }
    return std::nullopt;
  };
  if (auto f = check_array("activityTypeIds", true)) return f;
  if (auto f = check_array("primaryAttributeValueIds", true)) return f;
  if (auto f = check_array("primaryAttributeValues", false)) return f;
  return std::nullopt;
}

std::string NewExportId() {
  auto hex = RandomHex(16);
  std::string h = hex.ok() ? *hex : std::string(32, '0');
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

net::HttpResponse NotFound(const std::string& text) { return net::HttpResponse::Text(404, text); }

}  // namespace

void BulkExports::AddRoutes(RouteTable& t) {
  for (std::string kind : {"leads", "activities"}) {
    std::string base = "/bulk/v1/" + kind + "/export";
    t.Add("POST", base + "/create.json", DataAccess::kRead, [this](MarketoCall& c) { return Create(c); });
    t.Add("POST", base + "/{exportId}/enqueue.json", DataAccess::kRead, [this](MarketoCall& c) { return Enqueue(c); });
    t.Add("GET", base + "/{exportId}/status.json", DataAccess::kRead, [this](MarketoCall& c) { return Status(c); });
    t.Add("GET", base + "/{exportId}/file.json", DataAccess::kRead, [this](MarketoCall& c) { return File(c); });
    t.Add("POST", base + "/{exportId}/cancel.json", DataAccess::kRead, [this](MarketoCall& c) { return Cancel(c); });
    t.Add("GET", base + ".json", DataAccess::kRead, [this](MarketoCall& c) { return List(c); });
  }
}

void BulkExports::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  jobs_.clear();
  order_.clear();
  bytes_by_day_.clear();
}

nlohmann::json BulkExports::JobsJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& id : order_) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) continue;
    nlohmann::json j = StatusJson(it->second);
    j["kind"] = it->second.kind;
    out.push_back(j);
  }
  return out;
}

nlohmann::json BulkExports::StatusJson(const ExportJob& j) const {
  nlohmann::json out = {{"exportId", j.id},
                        {"format", j.format},
                        {"status", j.status},
                        {"createdAt", FormatLeadDatetime(j.created)}};
  if (j.queued) out["queuedAt"] = FormatLeadDatetime(j.queued);
  if (j.started) out["startedAt"] = FormatLeadDatetime(j.started);
  if (j.finished) out["finishedAt"] = FormatLeadDatetime(j.finished);
  if (j.status == "Completed") {
    out["numberOfRecords"] = j.records;
    out["fileSize"] = j.file_size;
    out["fileChecksum"] = j.checksum;
  }
  if (!j.error.empty()) out["errorMsg"] = j.error;
  return out;
}

static std::string KindOf(const MarketoCall& c) { return SplitString(c.req.path, '/')[3]; }

ExportJob* BulkExports::FindJob(MarketoCall& c) {
  auto it = jobs_.find(c.captures[0]);
  if (it == jobs_.end() || it->second.creator != c.actor || it->second.kind != KindOf(c)) return nullptr;
  return &it->second;
}

void BulkExports::Generate(const MarketoData& data, ExportJob& job, int64_t now) {
  ExportWriter writer(job.format);
  if (salesync::Status s = writer.Open(); !s.ok()) {
    job.status = "Failed";
    job.error = s.error().message;
    job.finished = now;
    return;
  }
  if (job.kind == "leads") WriteLeadRows(data, job, writer);
  else WriteActivityRows(data, job, writer);
  auto file = writer.Finish();
  job.finished = now;
  if (!file.ok()) {
    job.status = "Failed";
    job.error = file.error().message;
    return;
  }
  job.file = *file;
  job.records = writer.rows();
  job.file_size = static_cast<int64_t>((*file)->size());
  job.checksum = writer.checksum();
  job.status = "Completed";
  bytes_by_day_[CentralDay(now)] += job.file_size;
}

void BulkExports::Advance(const MarketoData& data, int64_t now) {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    ExportJob& j = it->second;
    if (now - j.created > kJobRetentionMillis) {
      order_.erase(std::remove(order_.begin(), order_.end(), j.id), order_.end());
      it = jobs_.erase(it);
      continue;
    }
    if (j.status == "Completed" && j.file && now - j.finished > kFileRetentionMillis) j.file.reset();
    ++it;
  }
  // One step per job per pass; passes repeat while the clock allows more (a clock moved by an hour
  // finishes a job), each time-driven step dated 60 s after the previous one.
  for (int pass = 0; pass < 64; ++pass) {
    bool moved = false;
    int processing = 0;
    for (const auto& [id, j] : jobs_) processing += j.status == "Processing";
    for (const auto& id : order_) {
      ExportJob& j = jobs_.at(id);
      if (j.status != "Processing") continue;
      bool by_time = now - j.last_step >= kStepMillis;
      if (!j.polled && !by_time) continue;
      int64_t at = by_time ? j.last_step + kStepMillis : now;
      if (!by_time) j.polled = false;  // the poll is spent only when the clock alone would not move it
      Generate(data, j, at);
      j.last_step = at;
      --processing;
      moved = true;
    }
    for (const auto& id : order_) {
      ExportJob& j = jobs_.at(id);
      if (j.status != "Queued" || processing >= kMaxProcessing) continue;
      bool by_time = now - j.last_step >= kStepMillis;
      if (!j.polled && !by_time) continue;
      int64_t at = by_time ? j.last_step + kStepMillis : now;
      if (!by_time) j.polled = false;
      j.status = "Processing";
      j.started = at;
      j.last_step = at;
      ++processing;
      moved = true;
    }
    if (!moved) break;
  }
}

net::HttpResponse BulkExports::Create(MarketoCall& c) {
  MarketoFailure f;
  const nlohmann::json* body = c.JsonBody(&f);
  if (!body) return c.Fail(f);
  ExportJob job;
  job.kind = KindOf(c);
  job.creator = c.actor;
  job.format = body->value("format", std::string("CSV"));
  if (job.format != "CSV" && job.format != "TSV" && job.format != "SSV") {
    return c.Fail("1003", "Invalid format '" + job.format + "': CSV, TSV or SSV");
  }
  if (body->contains("columnHeaderNames") && (*body)["columnHeaderNames"].is_object()) {
    for (const auto& [k, v] : (*body)["columnHeaderNames"].items()) {
      if (v.is_string()) job.headers[k] = v.get<std::string>();
    }
  }
  job.filter = body->value("filter", nlohmann::json());
  auto failure = job.kind == "leads" ? CheckLeadJob(*c.data, job, *body) : CheckActivityJob(job, *body);
  if (failure) return c.Fail(*failure);
  job.id = NewExportId();
  job.created = job.last_step = c.now;
  nlohmann::json result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Advance(*c.data, c.now);
    jobs_[job.id] = job;
    order_.push_back(job.id);
    result = {{"exportId", job.id}, {"format", job.format}, {"status", "Created"}, {"createdAt", FormatLeadDatetime(job.created)}};
  }
  c.RecordEffect("bulk." + job.kind + ".create", nlohmann::json::array({job.id}), {{"filter", job.filter}});
  return c.Ok(nlohmann::json::array({result}));
}

net::HttpResponse BulkExports::Enqueue(MarketoCall& c) {
  nlohmann::json result;
  std::string kind;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Advance(*c.data, c.now);
    ExportJob* j = FindJob(c);
    if (!j) return c.Fail("1003", "Export Id " + c.captures[0] + " not found");
    if (j->status == "Queued" || j->status == "Processing") return c.Fail("1029", "Job already queued");
    if (j->status != "Created") return c.Fail("1003", "Export job is " + j->status + " and cannot be enqueued");
    int queued = 0;
    for (const auto& [id, other] : jobs_) queued += other.status == "Queued" || other.status == "Processing";
    if (queued >= kMaxQueued) return c.Fail("1029", "Too many jobs (" + std::to_string(kMaxQueued) + ") in queue");
    if (bytes_by_day_[CentralDay(c.now)] >= daily_bytes_) {
      return c.Fail("1029", "Export daily quota " + std::to_string(daily_mb_) + "MB exceeded");
    }
    j->status = "Queued";
    j->queued = j->last_step = c.now;
    j->polled = false;
    kind = j->kind;
    result = StatusJson(*j);
  }
  c.RecordEffect("bulk." + kind + ".enqueue", nlohmann::json::array({c.captures[0]}), {{"status", "Queued"}});
  return c.Ok(nlohmann::json::array({result}));
}

net::HttpResponse BulkExports::Status(MarketoCall& c) {
  std::lock_guard<std::mutex> lock(mu_);
  ExportJob* j = FindJob(c);
  if (!j) return c.Fail("1003", "Export Id " + c.captures[0] + " not found");
  j->polled = j->status == "Queued" || j->status == "Processing";
  Advance(*c.data, c.now);
  j = FindJob(c);
  if (!j) return c.Fail("1003", "Export Id " + c.captures[0] + " not found");
  j->polled = false;
  return c.Ok(nlohmann::json::array({StatusJson(*j)}));
}

net::HttpResponse BulkExports::File(MarketoCall& c) {
  std::shared_ptr<ExportFile> file;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Advance(*c.data, c.now);
    ExportJob* j = FindJob(c);
    if (!j) return NotFound("Export job not found");
    if (j->status != "Completed" || !j->file) return NotFound("File not available");
    file = j->file;
  }
  uint64_t size = file->size();
  uint64_t first = 0, last = size == 0 ? 0 : size - 1;
  bool partial = false;
  if (auto range = c.req.raw->Header("Range")) {
    std::string r(TrimWhitespace(*range));
    bool ok = StartsWith(r, "bytes=") && r.find(',') == std::string::npos;
    if (ok) {
      std::string spec = r.substr(6);
      size_t dash = spec.find('-');
      int64_t a = -1, b = -1;
      ok = dash != std::string::npos;
      if (ok && dash > 0) ok = ParseInt64(spec.substr(0, dash), &a);
      if (ok && dash + 1 < spec.size()) ok = ParseInt64(spec.substr(dash + 1), &b);
      if (ok && a < 0 && b < 0) ok = false;
      if (ok) {
        if (a < 0) {  // "-n": the last n bytes
          first = size > static_cast<uint64_t>(b) ? size - static_cast<uint64_t>(b) : 0;
          last = size - 1;
        } else {
          first = static_cast<uint64_t>(a);
          last = b < 0 ? size - 1 : std::min<uint64_t>(static_cast<uint64_t>(b), size - 1);
        }
        if (size == 0 || first >= size || first > last) {
          net::HttpResponse r416 = net::HttpResponse::Text(416, "Requested range not satisfiable");
          r416.headers.push_back({"Content-Range", "bytes */" + std::to_string(size)});
          return r416;
        }
        partial = true;
      }
    }
  }
  net::HttpResponse r;
  r.status = partial ? 206 : 200;
  r.content_type = "text/csv;charset=UTF-8";
  r.headers.push_back({"Accept-Ranges", "bytes"});
  uint64_t length = size == 0 ? 0 : last - first + 1;
  if (partial) {
    r.headers.push_back({"Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                              std::to_string(size)});
  }
  r.stream = std::make_shared<ExportFileSource>(file, first, length);
  r.stream_length = length;
  return r;
}

net::HttpResponse BulkExports::Cancel(MarketoCall& c) {
  nlohmann::json result;
  std::string kind;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Advance(*c.data, c.now);
    ExportJob* j = FindJob(c);
    if (!j) return c.Fail("1003", "Export Id " + c.captures[0] + " not found");
    if (j->status == "Completed" || j->status == "Failed" || j->status == "Cancelled") {
      return c.Fail("1003", "Export job is " + j->status + " and cannot be cancelled");
    }
    j->status = "Cancelled";
    j->finished = c.now;
    kind = j->kind;
    result = StatusJson(*j);
  }
  c.RecordEffect("bulk." + kind + ".cancel", nlohmann::json::array({c.captures[0]}), {{"status", "Cancelled"}});
  return c.Ok(nlohmann::json::array({result}));
}

net::HttpResponse BulkExports::List(MarketoCall& c) {
  MarketoFailure f;
  auto batch = ParseBatchSize(c.req, &f);
  if (!batch) return c.Fail(f);
  auto statuses = c.req.ParamList("status");
  std::string kind = KindOf(c);
  uint64_t fp = Fingerprint("exports:" + kind + ":" + c.req.Param("status").value_or(""));
  int64_t offset = 0;
  if (auto token = c.req.Param("nextPageToken"); token && !token->empty()) {
    auto decoded = DecodePageToken(*token, 'X', fp);
    if (!decoded) return c.Fail("1003", "Invalid nextPageToken");
    offset = *decoded;
  }
  std::vector<nlohmann::json> matching;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Advance(*c.data, c.now);
    for (const auto& id : order_) {
      const ExportJob& j = jobs_.at(id);
      if (j.kind != kind || j.creator != c.actor || c.now - j.created > kListWindowMillis) continue;
      if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), j.status) == statuses.end()) continue;
      matching.push_back(StatusJson(j));
    }
  }
  nlohmann::json page = nlohmann::json::array();
  size_t end = std::min(matching.size(), static_cast<size_t>(offset + *batch));
  for (size_t i = static_cast<size_t>(std::min<int64_t>(offset, static_cast<int64_t>(matching.size()))); i < end; ++i) {
    page.push_back(matching[i]);
  }
  Envelope e;
  e.result_json = page.dump();
  if (end < matching.size()) e.next_page_token = EncodePageToken('X', static_cast<int64_t>(end), fp);
  return Success(e, c.now);
}

}  // namespace salesync::sandbox::marketo
