#include "sync/push_runner.h"

#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "base/log.h"
#include "base/strings.h"

namespace salesync::sync {

namespace {

using State = store::PushResult::State;

// One pending record on its way through a batch.
struct Item {
  const store::PendingPush* pending = nullptr;
  nlohmann::json fields;            // the mapped record: only the mapping's target fields
  std::vector<std::string> key;     // identity values, in the order of the identity fields
  std::string key_text;             // case-folded, for matching the lookup's answer
  std::string target_id;            // known target record: update it
};

std::string KeyText(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += ToLowerAscii(TrimWhitespace(v));
    out += '\x1f';
  }
  return out;
}

// The reasons of every rejected cell, as the preview words them: "Email: not an e-mail address".
std::string RejectionReasons(const mapping::Plan& plan, const mapping::MappedRow& row) {
  std::vector<std::string> reasons;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (row.cells[i].status != mapping::CellStatus::kRejected) continue;
    std::string why = plan.Explain(i, row.cells[i]);
    if (why.empty()) why = std::string(mapping::RejectionName(row.cells[i].rejection));
    reasons.push_back(plan.target_field(i) + ": " + why);
  }
  return JoinStrings(reasons, "; ");
}

}  // namespace

void DeclarePushMetrics(MetricsRegistry& metrics) {
  metrics.DeclareCounter("salesync_push_records_total",
                         "Mapped records pushed to a mapping's target, by sync and outcome (created, updated, "
                         "rejected, failed).");
}

PushRunResult RunPush(const RunDeps& deps, store::PushStore& store, const store::PushRoute& route,
                      const mapping::Plan& plan, PushTarget& target, const PushRunOptions& options) {
  PushRunResult result;
  const std::string stream = "push";
  const int64_t calls_before = target.calls();
  deps.progress->Update(route.sync, stream, [&](StreamProgress& p) {
    p.state = "running";
    p.run_started_ms = deps.now_ms();
    p.run_finished_ms = 0;
    p.records_read = p.records_stored = p.calls = 0;
    p.total.reset();
    p.detail = "mapping " + plan.name() + " → " + route.target_connection + " " + route.target_object;
  });
  auto count = [&](const char* outcome, int64_t n) {
    if (n > 0) deps.metrics->AddCounter("salesync_push_records_total", {{"sync", route.sync}, {"outcome", outcome}},
                                        static_cast<double>(n));
  };
  auto finish = [&](std::string status, std::string error) {
    result.status = std::move(status);
    result.error = std::move(error);
    result.calls = target.calls() - calls_before;
    deps.progress->Update(route.sync, stream, [&](StreamProgress& p) {
      p.state = result.status;
      p.run_finished_ms = deps.now_ms();
      p.calls = result.calls;
      p.detail.clear();
      if (result.status == "done") p.last_error.clear();
      else p.last_error = result.error;
    });
    if (result.status == "failed") {
      LogError("Push failed.", {{"sync", route.sync}, {"error", result.error}});
    } else {
      LogInfo("Push ended.", {{"sync", route.sync}, {"status", result.status}, {"created", result.created},
                              {"updated", result.updated}, {"rejected", result.rejected}, {"failed", result.failed}});
    }
    return result;
  };

  // The identity fields as the plan's rows spell them, and the row that maps each.
  std::vector<std::string> identity_fields;
  std::vector<size_t> identity_rows;
  for (const auto& id : plan.spec().identity) {
    size_t row = plan.size();
    for (size_t i = 0; i < plan.size(); ++i) {
      if (ToLowerAscii(plan.target_field(i)) == ToLowerAscii(id)) row = i;
    }
    if (row == plan.size()) {
      return finish("failed", "The identity field " + id + " of the mapping " + plan.name() + " is not mapped by any row.");
    }
    identity_rows.push_back(row);
    identity_fields.push_back(plan.target_field(row));
  }
  if (identity_rows.empty()) return finish("failed", "The mapping " + plan.name() + " names no identity fields.");

  auto enqueued = store.Enqueue(route, plan.version(), deps.now_ms());
  if (!enqueued.ok()) return finish("failed", enqueued.error().message);
  result.enqueued = *enqueued;

  const size_t batch_size = std::max<size_t>(1, target.MaxBatch());
  std::vector<mapping::SourceValue> values;
  std::vector<std::string> scratch;
  mapping::MappedRow mapped;
  connectors::Record record;
  record.object = route.object;
  int64_t after_id = 0;

  for (int round = 0; round < 1000000; ++round) {
    if (deps.stop && deps.stop->load()) return finish("interrupted", "The daemon is stopping.");
    auto batch = store.Pending(route, after_id, batch_size);
    if (!batch.ok()) return finish("failed", batch.error().message);
    if (batch->empty()) break;

    std::vector<store::PushResult> results;
    std::vector<Item> items;
    std::unordered_set<std::string> keys_in_batch;
    for (auto& p : *batch) {
      Item item;
      item.pending = &p;
      if (p.deleted) {
        results.push_back({p.id, State::kRejected, "", "The source record was deleted before it was pushed."});
        after_id = p.id;
        continue;
      }
      record.id = p.remote_id;
      record.modified_ms = p.modified_ms;
      record.fields = std::move(p.fields);  // viewed by Bind until this record is mapped
      plan.Bind(record, values, scratch);
      plan.Apply(values, mapped);
      if (mapped.status == mapping::CellStatus::kRejected) {
        results.push_back({p.id, State::kRejected, "", RejectionReasons(plan, mapped)});
        after_id = p.id;
        continue;
      }
      for (size_t row : identity_rows) item.key.push_back(mapped.cells[row].value);
      item.key_text = KeyText(item.key);
      // Two records with one identity are never written in one batch (both would create): the batch ends
      // here and the next one, which starts with this record, finds what the first wrote.
      if (!keys_in_batch.insert(item.key_text).second) break;
      item.fields = plan.ToTargetJson(mapped);
      after_id = p.id;
      if (!p.target_id.empty()) {
        item.target_id = p.target_id;
      } else if (p.linked_ids.size() == 1) {
        item.target_id = p.linked_ids[0];
      } else if (p.linked_ids.size() > 1) {
        results.push_back({p.id, State::kRejected, "",
                           "Conflict: the person is linked to " + std::to_string(p.linked_ids.size()) + " " +
                               route.target_object + " records (" + JoinStrings(p.linked_ids, ", ") + "); not guessed."});
        continue;
      }
      items.push_back(std::move(item));
    }

    // A call the target refused as a whole: pause the run, retry its records next run, or fail them.
    std::optional<std::string> stop_run;
    std::string stop_status;
    auto refused = [&](const Error& e, const std::vector<const Item*>& affected) {
      if (e.code == ErrorCode::kUnauthenticated) {
        stop_status = "paused";
        stop_run = "The connection " + route.target_connection + " needs to be connected again: salesyncctl connect " +
                   route.target_connection + ". " + e.message;
        return;
      }
      if (e.code == ErrorCode::kRateLimited) {
        stop_status = "paused";
        stop_run = e.message;
        return;
      }
      if (deps.stop && deps.stop->load()) {
        stop_status = "interrupted";
        stop_run = "The daemon is stopping.";
        return;
      }
      bool retry = e.code == ErrorCode::kTransient;
      std::string why = e.message + (e.context.empty() ? "" : " (" + e.context + ")");
      for (const Item* it : affected) results.push_back({it->pending->id, retry ? State::kRetry : State::kFailed, "", why});
      if (!retry) {
        stop_status = "failed";
        stop_run = why;
      }
    };

    // Identity lookup for records whose target record is not known yet: one query for the batch.
    std::vector<const Item*> to_look_up;
    for (const auto& it : items) {
      if (it.target_id.empty()) to_look_up.push_back(&it);
    }
    std::unordered_map<std::string, std::vector<std::string>> matches;  // key_text → ids
    bool looked_up = to_look_up.empty();
    if (!to_look_up.empty()) {
      std::vector<std::vector<std::string>> keys;
      for (const Item* it : to_look_up) keys.push_back(it->key);
      deps.progress->Update(route.sync, stream, [&](StreamProgress& p) { p.detail = route.target_object + " identity lookup"; });
      auto rows = target.Lookup(identity_fields, keys);
      if (rows.ok()) {
        looked_up = true;
        for (auto& r : *rows) matches[KeyText(r.values)].push_back(r.id);
      } else {
        refused(rows.error(), to_look_up);
      }
    }

    std::vector<const Item*> creates, updates;
    std::vector<nlohmann::json> create_rows;
    std::vector<std::pair<std::string, nlohmann::json>> update_rows;
    if (looked_up) {
      for (auto& it : items) {
        if (it.target_id.empty()) {
          auto m = matches.find(it.key_text);
          size_t n = m == matches.end() ? 0 : m->second.size();
          if (n > 1) {
            results.push_back({it.pending->id, State::kRejected, "",
                               "Conflict: " + std::to_string(n) + " " + route.target_object + " records have " +
                                   JoinStrings(identity_fields, "+") + " " + JoinStrings(it.key, "+") + " (" + JoinStrings(m->second, ", ") +
                                   "); not guessed."});
            continue;
          }
          if (n == 1) it.target_id = m->second[0];
        }
        if (it.target_id.empty()) {
          creates.push_back(&it);
          create_rows.push_back(it.fields);
        } else {
          updates.push_back(&it);
          update_rows.push_back({it.target_id, it.fields});
        }
      }
    }

    int64_t created_now = 0, updated_now = 0;
    auto apply_outcomes = [&](const std::vector<const Item*>& sent, const std::vector<connectors::WriteOutcome>& outcomes,
                              bool created) {
      if (outcomes.size() != sent.size()) {
        for (const Item* it : sent) {
          results.push_back({it->pending->id, State::kRetry, "", "The target answered a different number of outcomes."});
        }
        return;
      }
      for (size_t i = 0; i < sent.size(); ++i) {
        const auto& o = outcomes[i];
        if (o.ok) {
          std::string id = o.remote_id.empty() ? sent[i]->target_id : o.remote_id;
          results.push_back({sent[i]->pending->id, State::kDone, id, ""});
          (created ? created_now : updated_now)++;
          continue;
        }
        std::string why = o.code.empty() ? o.message : o.code + ": " + o.message;
        results.push_back({sent[i]->pending->id, o.retryable ? State::kRetry : State::kFailed, "", why});
      }
    };
    if (!stop_run && !creates.empty()) {
      deps.progress->Update(route.sync, stream, [&](StreamProgress& p) { p.detail = route.target_object + " create"; });
      auto outcomes = target.Create(create_rows);
      if (outcomes.ok()) apply_outcomes(creates, *outcomes, true);
      else refused(outcomes.error(), creates);
    }
    if (!stop_run && !updates.empty()) {
      deps.progress->Update(route.sync, stream, [&](StreamProgress& p) { p.detail = route.target_object + " update"; });
      auto outcomes = target.Update(update_rows);
      if (outcomes.ok()) apply_outcomes(updates, *outcomes, false);
      else refused(outcomes.error(), updates);
    }

    int64_t rejected_now = 0, failed_now = 0;
    for (const auto& r : results) {
      if (r.state == State::kRejected) ++rejected_now;
      if (r.state == State::kFailed) ++failed_now;
      if (r.state == State::kRetry) ++result.retried;
    }
    result.rejected += rejected_now;
    result.failed += failed_now;
    result.created += created_now;
    result.updated += updated_now;
    if (Status s = store.Record(results, deps.now_ms(), options.max_attempts); !s.ok()) {
      return finish("failed", s.error().message);
    }
    count("created", created_now);
    count("updated", updated_now);
    count("rejected", rejected_now);
    count("failed", failed_now);
    deps.progress->Update(route.sync, stream, [&](StreamProgress& p) {
      p.records_read += static_cast<int64_t>(results.size());
      p.records_stored += created_now + updated_now;
      p.calls = target.calls() - calls_before;
    });
    if (stop_run) return finish(stop_status, *stop_run);
  }
  return finish("done", "");
}

}  // namespace salesync::sync
