#include "sync/writeback_runner.h"

#include <ctime>

#include "base/strings.h"
#include "base/log.h"

namespace salesync::sync {

namespace {

// Cuts at a UTF-8 boundary and marks the cut, so a long subject is visibly shortened, never silently.
std::string Truncate(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

std::string Setting(const nlohmann::json& settings, const char* key, const std::string& fallback) {
  auto it = settings.find(key);
  return it != settings.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

std::vector<std::string> WritebackWhoObjects(const std::string& target_type) {
  if (target_type == "salesforce") return {"Contact", "Lead"};
  if (target_type == "marketo") return {"lead"};
  return {};
}

nlohmann::json WritebackFields(const std::string& target_type, const store::PendingWriteback& a,
                               const nlohmann::json& settings) {
  std::string what = a.type + (a.summary.empty() ? "" : ": " + a.summary);
  if (target_type == "salesforce") {
    std::string description = "Activity " + a.type + " recorded in " + a.source_connection + " at " +
                              FormatUtcSeconds(a.occurred_ms) + " (key " + a.source_key + ").";
    if (!a.summary.empty()) description += "\n" + a.summary;
    return {{"WhoId", a.who_id},
            {"Subject", Truncate(Setting(settings, "subject_prefix", a.source_connection + ": ") + what, 255)},
            {"ActivityDate", FormatUtcSeconds(a.occurred_ms).substr(0, 10) /* YYYY-MM-DD */},
            {"Status", Setting(settings, "status", "Completed")},
            {"Description", Truncate(description, 32000)}};
  }
  // Marketo custom activity: the connector adds the activity type id and the key attribute.
  return {{"leadId", a.who_id},
          {"activityDate", FormatUtcSeconds(a.occurred_ms)},
          {"primaryAttributeValue", Truncate(what, 255)},
          {"source", a.source_connection}};
}

WritebackRunResult RunWriteback(const RunDeps& deps, const config::SyncConfig& sync, const std::string& target_type,
                                const connectors::Connector& target) {
  WritebackRunResult result;
  const config::WritebackConfig& wb = *sync.writeback;
  const std::string stream = "writeback";
  connectors::WriteTarget wt{wb.object, wb.settings};
  size_t batch = target.MaxWriteBatch(wt);
  if (wb.batch_size > 0 && static_cast<size_t>(wb.batch_size) < batch) batch = static_cast<size_t>(wb.batch_size);
  std::vector<std::string> who = WritebackWhoObjects(target_type);
  deps.progress->Update(sync.name, stream, [&](StreamProgress& p) {
    p.state = "running";
    p.run_started_ms = deps.now_ms();
    p.run_finished_ms = 0;
    p.records_read = p.records_stored = p.calls = 0;
    p.total.reset();
    if (auto counts = deps.store->CountWritebacks(sync.name, wb.connection, who); counts.ok()) {
      p.total = counts->pending - counts->waiting_for_target;
    }
  });
  auto finish = [&](std::string status, std::string error) {
    result.status = std::move(status);
    result.error = std::move(error);
    deps.progress->Update(sync.name, stream, [&](StreamProgress& p) {
      p.state = result.status;
      p.run_finished_ms = deps.now_ms();
      p.detail.clear();
      if (result.status == "done") p.last_error.clear();
      else p.last_error = result.error;
    });
    if (result.status == "failed") LogError("Write-back failed.", {{"sync", sync.name}, {"error", result.error}});
    else LogInfo("Write-back ended.", {{"sync", sync.name}, {"status", result.status}, {"written", result.written},
                                       {"failed", result.failed}});
    return result;
  };
  // Each batch leaves the queue as it is recorded, so this ends when nothing is writable; a bound keeps a
  // provider that keeps answering "retry" from spinning here (the next scheduled run goes on).
  for (int round = 0; round < 100000; ++round) {
    if (deps.stop && deps.stop->load()) return finish("interrupted", "The daemon is stopping.");
    auto pending = deps.store->PendingWritebacks(sync.name, wb.connection, who, batch);
    if (!pending.ok()) return finish("failed", pending.error().message);
    if (pending->empty()) break;
    std::vector<connectors::WriteItem> items;
    for (const auto& a : *pending) {
      items.push_back({a.source_connection + ":" + a.source_key, WritebackFields(target_type, a, wb.settings)});
    }
    auto call = target.WriteCall(wt, items);
    if (!call.ok()) return finish("failed", call.error().message);
    deps.progress->Update(sync.name, stream, [&](StreamProgress& p) { p.detail = call->label; });
    auto answer = deps.api->Call(wb.connection, call->request, call->idempotent);
    ++result.calls;
    std::vector<store::WritebackResult> outcomes;
    if (!answer.ok()) {
      const Error& e = answer.error();
      if (e.code == ErrorCode::kUnauthenticated) {
        return finish("paused", "The connection " + wb.connection + " needs to be connected again: salesyncctl connect " +
                                    wb.connection + ". " + e.message);
      }
      if (e.code == ErrorCode::kRateLimited) return finish("paused", e.message);
      if (deps.stop && deps.stop->load()) return finish("interrupted", "The daemon is stopping.");
      // The whole batch failed: every item gets an attempt, and stays pending while attempts remain.
      bool retryable = e.code == ErrorCode::kTransient;
      for (const auto& a : *pending) outcomes.push_back({a.activity_id, false, retryable, "", e.message});
      if (!retryable) {
        Status s = deps.store->RecordWritebacks(sync.name, outcomes, deps.now_ms(), 5);
        if (!s.ok()) return finish("failed", s.error().message);
        return finish("failed", e.message);
      }
    } else {
      auto parsed = target.ParseWrite(wt, items, *answer);
      if (!parsed.ok()) return finish("failed", "The write answer could not be read: " + parsed.error().message);
      if (parsed->size() != pending->size()) {
        return finish("failed", "The provider answered " + std::to_string(parsed->size()) + " outcomes for " +
                                    std::to_string(pending->size()) + " items.");
      }
      for (size_t i = 0; i < parsed->size(); ++i) {
        const auto& o = (*parsed)[i];
        outcomes.push_back({(*pending)[i].activity_id, o.ok, o.retryable, o.remote_id,
                            o.ok ? "" : (o.code.empty() ? o.message : o.code + ": " + o.message)});
        if (o.ok) ++result.written;
        else if (!o.retryable) ++result.failed;
      }
    }
    Status s = deps.store->RecordWritebacks(sync.name, outcomes, deps.now_ms(), 5);
    if (!s.ok()) return finish("failed", s.error().message);
    int64_t ok_now = 0, failed_now = 0;
    for (const auto& o : outcomes) (o.ok ? ok_now : failed_now)++;
    deps.metrics->AddCounter("salesync_writeback_items_total", {{"sync", sync.name}, {"outcome", "written"}},
                             static_cast<double>(ok_now));
    if (failed_now) {
      deps.metrics->AddCounter("salesync_writeback_items_total", {{"sync", sync.name}, {"outcome", "failed"}},
                               static_cast<double>(failed_now));
    }
    deps.progress->Update(sync.name, stream, [&](StreamProgress& p) {
      p.records_read += static_cast<int64_t>(outcomes.size());
      p.records_stored += ok_now;
      p.calls = result.calls;
    });
  }
  return finish("done", "");
}

}  // namespace salesync::sync
