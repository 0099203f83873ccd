#include "sync/stream_runner.h"

#include "base/log.h"
#include "sync/page_committer.h"

namespace salesync::sync {

namespace {

store::SourceRecord ToSourceRecord(connectors::Record&& r) {
  return store::SourceRecord{std::move(r.object), std::move(r.id), r.modified_ms, r.deleted, r.deleted_ms,
                             std::move(r.fields)};
}

StreamRunResult Finish(const RunDeps& deps, const config::SyncConfig& sync, const std::string& stream, int64_t run_id,
                       StreamRunResult result) {
  if (run_id > 0) {
    Status s = deps.store->FinishRun(run_id, result.status, result.records, result.calls, result.error, deps.now_ms());
    if (!s.ok()) LogWarning("Could not record the end of a sync run.", {{"sync", sync.name}, {"error", s.error().message}});
  }
  deps.progress->Update(sync.name, stream, [&](StreamProgress& p) {
    p.state = result.status;
    p.run_finished_ms = deps.now_ms();
    p.detail.clear();
    if (result.status == "done") p.last_error.clear();
    else if (!result.error.empty()) p.last_error = result.error;
  });
  deps.metrics->AddCounter("salesync_sync_runs_total", {{"sync", sync.name}, {"stream", stream}, {"status", result.status}});
  if (result.status == "failed") {
    LogError("Sync run failed.", {{"sync", sync.name}, {"stream", stream}, {"error", result.error}});
  } else if (result.status == "paused") {
    LogWarning("Sync run paused.", {{"sync", sync.name}, {"stream", stream}, {"reason", result.error}});
  } else {
    LogInfo("Sync run ended.", {{"sync", sync.name}, {"stream", stream}, {"status", result.status},
                                {"records", result.records}, {"calls", result.calls}});
  }
  return result;
}

}  // namespace

void DeclareSyncMetrics(MetricsRegistry& metrics) {
  metrics.DeclareCounter("salesync_sync_records_total", "Records read by sync, stream and outcome.");
  metrics.DeclareCounter("salesync_sync_runs_total", "Stream runs by sync, stream and final status.");
  metrics.DeclareGauge("salesync_sync_lag_seconds", "Seconds between now and the newest record a stream has stored.");
  metrics.DeclareGauge("salesync_sync_checkpoint_unix_seconds", "When each stream last committed a checkpoint.");
  metrics.DeclareCounter("salesync_writeback_items_total", "Activities written back by sync and outcome.");
}

StreamRunResult RunStream(const RunDeps& deps, const config::SyncConfig& sync, const connectors::Connector& connector,
                          const std::string& stream_name, const std::vector<std::string>& writeback_syncs) {
  StreamRunResult result;
  auto fail = [&](const std::string& status, const std::string& message) {
    result.status = status;
    result.error = message;
    return result;
  };
  auto checkpoint = deps.store->LoadCheckpoint(sync.name, stream_name);
  if (!checkpoint.ok()) return Finish(deps, sync, stream_name, 0, fail("failed", checkpoint.error().message));

  connectors::StreamContext context;
  context.connection = sync.connection;
  context.checkpoint = checkpoint->has_value() ? (*checkpoint)->checkpoint : nlohmann::json();
  context.now_ms = deps.now_ms();
  if (sync.stream_settings.contains(stream_name)) context.settings = sync.stream_settings[stream_name];
  auto stream = connector.OpenStream(stream_name, context);
  if (!stream.ok()) {
    return Finish(deps, sync, stream_name, 0,
                  fail("failed", "Cannot open stream \"" + stream_name + "\": " + stream.error().message));
  }
  auto run_id = deps.store->BeginRun(sync.name, stream_name, deps.now_ms());
  if (!run_id.ok()) return Finish(deps, sync, stream_name, 0, fail("failed", run_id.error().message));
  deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) {
    p.state = "running";
    p.run_started_ms = deps.now_ms();
    p.run_finished_ms = 0;
    p.records_read = p.records_stored = p.calls = 0;
    p.total.reset();
  });
  const MetricLabels labels = {{"sync", sync.name}, {"stream", stream_name}};
  constexpr int kMaxRefusalsInARow = 50;
  int refusals_in_a_row = 0;

  // Pages are stored on a second thread while the next call goes out (see page_committer.h); what a
  // committed page changes in the counters is accounted here, on this thread, once it is stored.
  PageCommitter committer(deps.store);
  auto account = [&](const std::optional<CommittedPage>& committed) {
    if (!committed) return;
    const CommittedPage& page = *committed;
    const store::PageOutcome& o = page.outcome;
    result.records += page.records;
    auto count = [&](const char* outcome, int64_t n) {
      if (n) deps.metrics->AddCounter("salesync_sync_records_total", {{"sync", sync.name}, {"stream", stream_name}, {"outcome", outcome}}, static_cast<double>(n));
    };
    count("stored", o.stored + o.activities_new);
    count("unchanged", o.unchanged + o.activities_seen);
    count("deleted", o.tombstones);
    count("conflict", o.conflicts);
    if (page.had_checkpoint) deps.metrics->SetGauge("salesync_sync_checkpoint_unix_seconds", labels, static_cast<double>(page.now_ms / 1000));
    int64_t newest_seen = 0;
    deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) {
      p.records_read += page.records;
      p.records_stored += o.stored + o.activities_new + o.tombstones;
      if (page.newest_modified_ms > p.newest_modified_ms) p.newest_modified_ms = page.newest_modified_ms;
      newest_seen = p.newest_modified_ms;
    });
    if (newest_seen > 0) {
      deps.metrics->SetGauge("salesync_sync_lag_seconds", labels,
                             static_cast<double>(std::max<int64_t>(0, page.now_ms - newest_seen)) / 1000.0);
    }
  };
  auto submit = [&](store::PageCommit page) -> Status {
    auto before = committer.Submit(std::move(page));
    if (!before.ok()) return before.error();
    account(*before);
    return OkStatus();
  };
  // Every way out waits for the page in flight: it is good data and is stored and counted.
  auto end = [&](StreamRunResult r) {
    auto last = committer.Drain();
    if (!last.ok()) {
      r.status = "failed";
      r.error = "Storing a page failed: " + last.error().message;
    } else {
      account(*last);
    }
    r.records = result.records;
    r.calls = result.calls;
    return Finish(deps, sync, stream_name, *run_id, r);
  };
  auto stopped = [&] { return end(fail("interrupted", "The daemon is stopping.")); };

  for (;;) {
    if (deps.stop && deps.stop->load()) return stopped();
    auto call = (*stream)->NextCall();
    if (!call.ok()) return end(fail("failed", call.error().message));
    if (!call->has_value()) break;
    const connectors::StreamCall& c = **call;
    deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) { p.detail = c.label; });
    auto answer = deps.api->Call(sync.connection, c.request, c.idempotent);
    ++result.calls;
    std::optional<connectors::StreamStep> handled;
    if (!answer.ok() && answer.error().code != ErrorCode::kUnauthenticated) handled = (*stream)->AfterRefusal(answer.error());
    // A stream that keeps turning refusals into steps without ever getting an answer would spin here.
    refusals_in_a_row = handled ? refusals_in_a_row + 1 : 0;
    if (handled && refusals_in_a_row > kMaxRefusalsInARow) {
      return end(fail("failed", "Refused " + std::to_string(refusals_in_a_row) + " times in a row: " + answer.error().message));
    }
    if (handled) {
      if (!handled->checkpoint.is_null()) {
        store::PageCommit page{sync.name, stream_name, sync.connection, {}, handled->checkpoint, writeback_syncs, deps.now_ms()};
        if (Status s = submit(std::move(page)); !s.ok()) return end(fail("failed", "Storing a checkpoint failed: " + s.error().message));
      }
      if (handled->wait_before_next.count() > 0) {
        deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) {
          p.state = "waiting";
          p.detail = answer.error().message;
        });
        if (!deps.sleep(handled->wait_before_next)) return stopped();
        deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) { p.state = "running"; });
      }
      continue;
    }
    if (!answer.ok()) {
      const Error& e = answer.error();
      std::string where = c.label.empty() ? "" : " (" + c.label + ")";
      if (e.code == ErrorCode::kUnauthenticated) {
        return end(fail("paused", "The connection " + sync.connection + " needs to be connected again: salesyncctl "
                                  "connect " + sync.connection + ". " + e.message));
      }
      if (e.code == ErrorCode::kRateLimited) return end(fail("paused", e.message + where));
      if (e.code == ErrorCode::kTransient && deps.stop && deps.stop->load()) return stopped();
      return end(fail("failed", e.message + where));
    }
    auto step = (*stream)->Consume(*answer);
    if (!step.ok()) {
      std::string where = c.label.empty() ? "" : " (" + c.label + ")";
      return end(fail("failed", "The answer could not be read" + where + ": " + step.error().message));
    }
    if (!step->records.empty() || !step->checkpoint.is_null()) {
      store::PageCommit page;
      page.sync = sync.name;
      page.stream = stream_name;
      page.connection = sync.connection;
      page.records.reserve(step->records.size());
      for (auto& r : step->records) page.records.push_back(ToSourceRecord(std::move(r)));
      if (!step->checkpoint.is_null()) page.checkpoint = std::move(step->checkpoint);
      page.writeback_syncs = writeback_syncs;
      page.now_ms = deps.now_ms();
      if (Status s = submit(std::move(page)); !s.ok()) return end(fail("failed", "Storing a page failed: " + s.error().message));
    }
    deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) {
      p.calls = result.calls;
      if (step->total) p.total = step->total;
    });
    if (step->wait_before_next.count() > 0) {
      // A stream that waits (an export being prepared) has its pages stored before it sleeps.
      if (auto last = committer.Drain(); !last.ok()) {
        return end(fail("failed", "Storing a page failed: " + last.error().message));
      } else {
        account(*last);
      }
      deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) { p.state = "waiting"; });
      if (!deps.sleep(step->wait_before_next)) return stopped();
      deps.progress->Update(sync.name, stream_name, [&](StreamProgress& p) { p.state = "running"; });
    }
  }
  result.status = "done";
  return end(result);
}

}  // namespace salesync::sync
