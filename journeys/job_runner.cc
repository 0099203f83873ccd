#include "journeys/job_runner.h"

#include <algorithm>
#include <cctype>
#include <climits>

#include "base/log.h"
#include "connectors/marketo/marketo_journey_actions.h"
#include "connectors/salesforce/salesforce_writes.h"
#include "journeys/action_catalog.h"
#include "oauth/call_outcome.h"

namespace salesync::journeys {

namespace mk = connectors::marketo;
namespace sf = connectors::salesforce;

namespace {

bool IsCampaignAction(const std::string& action) {
  return action == "change_score" || action == "person_interesting_moment" || action == "marketo_request_campaign";
}

int64_t CampaignOf(const std::string& action, const nlohmann::json& settings) {
  int64_t fallback = action == "change_score" ? 2002 : action == "person_interesting_moment" ? 2001 : 0;
  return settings.value("campaign_id", fallback);
}

std::vector<std::pair<std::string, std::string>> CampaignTokens(const std::string& action, const nlohmann::json& s) {
  if (action == "change_score") return {{"{{my.scoreChange}}", std::to_string(ScoreDelta(s.value("change", nlohmann::json("+10"))))}};
  if (action == "person_interesting_moment") {
    std::string type = s.value("moment_type", "web");
    if (!type.empty()) type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type[0])));
    return {{"{{my.momentType}}", type}, {"{{my.moment}}", s.value("description", "")}};
  }
  return {};
}

std::string StartNode(const nlohmann::json& document) {
  if (document.contains("start") && document["start"].is_string()) return document["start"];
  if (document.contains("nodes") && document["nodes"].is_object() && !document["nodes"].empty()) {
    return document["nodes"].begin().key();
  }
  return "";
}

}  // namespace

int64_t ScoreDelta(const nlohmann::json& change) {
  if (change.is_number_integer()) return change.get<int64_t>();
  if (!change.is_string()) return 0;
  std::string s = change;
  try {
    return std::stoll(s[0] == '+' ? s.substr(1) : s);
  } catch (...) {
    return 0;
  }
}

JobRunner::JobRunner(store::JourneyStore* store, oauth::ApiClient* api, MetricsRegistry* metrics,
                     std::function<int64_t()> now_ms, JobRunnerOptions options)
    : store_(store), api_(api), metrics_(metrics), now_ms_(std::move(now_ms)), options_(options) {
  if (metrics_) {
    metrics_->DeclareCounter("salesync_journey_provider_calls_total", "Provider calls made by journey jobs.");
  }
}

std::vector<JobRunner::Batch> JobRunner::Group(std::vector<store::JobRow> jobs) {
  std::map<std::string, Batch> groups;
  std::vector<std::string> order;
  for (auto& j : jobs) {
    std::string k = j.journey + "\n" + j.node + "\n" + j.action + "\n" + j.connection;
    auto [it, inserted] = groups.try_emplace(k);
    if (inserted) {
      order.push_back(k);
      it->second.action = j.action;
      it->second.connection = j.connection;
      it->second.settings = j.payload.value("settings", nlohmann::json::object());
    }
    it->second.jobs.push_back(std::move(j));
  }
  std::vector<Batch> out;
  for (const auto& k : order) {
    Batch& g = groups[k];
    const ActionSpec* spec = FindAction(g.action);
    size_t limit = spec && spec->batch_limit > 0 ? static_cast<size_t>(spec->batch_limit) : g.jobs.size();
    for (size_t i = 0; i < g.jobs.size(); i += limit) {
      Batch b{g.action, g.connection, g.settings, {}};
      b.jobs.assign(g.jobs.begin() + static_cast<std::ptrdiff_t>(i),
                    g.jobs.begin() + static_cast<std::ptrdiff_t>(std::min(g.jobs.size(), i + limit)));
      out.push_back(std::move(b));
    }
  }
  return out;
}

void JobRunner::Apply(const std::vector<store::JobUpdate>& updates) {
  Status s = store_->ApplyUpdates(updates, now_ms_());
  if (!s.ok()) LogError("Could not record job outcomes.", {{"error", s.error().ToString()}});
}

store::JobUpdate JobRunner::Failed(const store::JobRow& job, const Error& error, JobRunStats& stats) {
  store::JobUpdate u{job.id, "queued", "", error.ToString(), now_ms_(), true};
  if (error.code == ErrorCode::kUnauthenticated) {
    u.state = "paused";
    u.count_attempt = false;
    ++stats.paused;
  } else if ((error.code == ErrorCode::kTransient || error.code == ErrorCode::kRateLimited) &&
             job.attempts < options_.max_attempts) {
    auto wait = oauth::FullJitterBackoff(static_cast<int>(job.attempts), options_.backoff_base, options_.backoff_cap, rng_);
    wait = std::max(wait, error.retry_after);
    u.next_attempt_ms = now_ms_() + wait.count();
    ++stats.retried;
  } else {
    u.state = "dead";
    ++stats.dead;
  }
  return u;
}

Result<JobRunStats> JobRunner::RunOnce() {
  JobRunStats stats;
  auto unsettled = store_->UnsettledJobs(options_.max_jobs_per_pass);
  if (!unsettled.ok()) return unsettled.error();
  for (auto& batch : Group(std::move(*unsettled))) Reconcile(batch, stats);

  auto due = store_->DueJobs(now_ms_(), options_.max_jobs_per_pass);
  if (!due.ok()) return due.error();
  for (auto& batch : Group(std::move(*due))) {
    std::vector<int64_t> ids;
    for (const auto& j : batch.jobs) ids.push_back(j.id);
    Status intent = store_->MarkInFlight(ids, now_ms_());  // the intent, committed before any call
    if (!intent.ok()) return intent.error();
    for (auto& j : batch.jobs) {
      ++j.attempts;
      j.intent_ms = now_ms_();
    }
    RunBatch(batch, stats);
  }
  return stats;
}

void JobRunner::RunBatch(Batch& batch, JobRunStats& stats) {
  const ActionSpec* spec = FindAction(batch.action);
  std::vector<store::JobUpdate> updates;
  if (!spec || !spec->executes) {
    for (const auto& j : batch.jobs) {
      updates.push_back({j.id, "dead", "", "The action " + batch.action +
                                               " is validated only; this version of salesync does not execute it.",
                         now_ms_(), true});
      ++stats.dead;
    }
    return Apply(updates);
  }
  if (spec->batch_limit == 0) return RunLocal(batch, stats);
  auto count_call = [&] {
    ++stats.calls;
    if (metrics_) {
      metrics_->AddCounter("salesync_journey_provider_calls_total", {{"action", batch.action}, {"connection", batch.connection}});
    }
  };
  std::vector<std::string> subjects;
  for (const auto& j : batch.jobs) subjects.push_back(j.subject);

  if (batch.action == "marketo_add_to_list" || batch.action == "marketo_remove_from_list") {
    auto call = mk::ListMembershipCall(batch.settings.value("list_id", int64_t{0}), subjects,
                                       batch.action == "marketo_add_to_list");
    count_call();
    auto r = api_->Call(batch.connection, call.request, call.idempotent);
    auto outcomes = r.ok() ? mk::ParseListOutcomes(subjects, *r) : Result<std::vector<connectors::WriteOutcome>>(r.error());
    for (size_t i = 0; i < batch.jobs.size(); ++i) {
      const auto& j = batch.jobs[i];
      if (!outcomes.ok()) {
        updates.push_back(Failed(j, outcomes.error(), stats));
        continue;
      }
      const auto& o = (*outcomes)[i];
      if (o.ok) {
        updates.push_back({j.id, "done", o.code, "", now_ms_(), true});
        ++stats.done;
      } else {
        Error e = MakeError(o.retryable ? ErrorCode::kTransient : ErrorCode::kPermanent,
                            "Marketo skipped lead " + j.subject + ": " + o.code + " " + o.message);
        updates.push_back(Failed(j, e, stats));
      }
    }
    return Apply(updates);
  }

  if (IsCampaignAction(batch.action)) {
    auto call = mk::CampaignTriggerCall(CampaignOf(batch.action, batch.settings), subjects,
                                        CampaignTokens(batch.action, batch.settings));
    count_call();
    auto r = api_->Call(batch.connection, call.request, /*idempotent=*/false);
    Status st = r.ok() ? mk::ParseCampaignTrigger(*r) : Status(r.error());
    if (!st.ok() && st.error().context.rfind("ambiguous", 0) == 0) {
      // The request left and no answer came back: it may have run. Never resend blindly.
      LogInfo("A journey action's outcome is unknown; reconciling with the provider before any retry.",
              {{"action", batch.action}, {"connection", batch.connection}, {"jobs", static_cast<int64_t>(batch.jobs.size())}});
      for (const auto& j : batch.jobs) updates.push_back({j.id, "reconciling", "", st.error().ToString(), now_ms_(), false});
      Apply(updates);
      return Reconcile(batch, stats);
    }
    for (const auto& j : batch.jobs) {
      if (st.ok()) {
        updates.push_back({j.id, "done", "requested", "", now_ms_(), true});
        ++stats.done;
      } else {
        updates.push_back(Failed(j, st.error(), stats));
      }
    }
    return Apply(updates);
  }

  if (batch.action == "send_sales_alert") {
    std::vector<connectors::WriteItem> items;
    for (const auto& j : batch.jobs) {
      const nlohmann::json& account = j.payload.value("account", nlohmann::json::object());
      nlohmann::json fields = {{"WhatId", j.subject},
                               {"Subject", "Sales alert: " + batch.settings.value("solution_interest", "")},
                               {"Description", "Journey " + j.journey + " (node " + j.node + ") raised a sales alert for " +
                                                   account.value("Name", j.subject) + "; e-mail to " +
                                                   batch.settings.value("send_email_to", "") + "."},
                               {"Status", "Not Started"},
                               {"Priority", "High"}};
      if (account.contains("OwnerId") && account["OwnerId"].is_string()) fields["OwnerId"] = account["OwnerId"];
      items.push_back({j.key, fields});
    }
    sf::WriteSettings ws;
    ws.external_id_field = "Salesync_Activity_Id__c";  // the job key: a resend updates the same Task
    auto call = sf::BuildUpsertCall("Task", ws, items);
    if (!call.ok()) {
      for (const auto& j : batch.jobs) updates.push_back(Failed(j, call.error(), stats));
      return Apply(updates);
    }
    count_call();
    auto r = api_->Call(batch.connection, call->request, true);
    auto outcomes = r.ok() ? sf::ParseUpsertResults(items, r->http.body)
                           : Result<std::vector<connectors::WriteOutcome>>(r.error());
    for (size_t i = 0; i < batch.jobs.size(); ++i) {
      const auto& j = batch.jobs[i];
      if (!outcomes.ok()) {
        updates.push_back(Failed(j, outcomes.error(), stats));
      } else if ((*outcomes)[i].ok) {
        updates.push_back({j.id, "done", "task " + (*outcomes)[i].remote_id, "", now_ms_(), true});
        ++stats.done;
      } else {
        const auto& o = (*outcomes)[i];
        updates.push_back(Failed(j, MakeError(o.retryable ? ErrorCode::kTransient : ErrorCode::kPermanent,
                                              "Salesforce refused the Task: " + o.code + " " + o.message),
                                 stats));
      }
    }
    return Apply(updates);
  }
  for (const auto& j : batch.jobs) {
    updates.push_back(Failed(j, MakeError(ErrorCode::kInternal, "No executor for action " + batch.action + "."), stats));
  }
  Apply(updates);
}

void JobRunner::RunLocal(Batch& batch, JobRunStats& stats) {
  std::vector<store::JobUpdate> updates;
  std::string target = batch.settings.value("journey", "");
  auto journey = store_->GetJourney(target);
  for (const auto& j : batch.jobs) {
    if (!journey.ok()) {
      updates.push_back({j.id, "dead", "", journey.error().message, now_ms_(), true});
      ++stats.dead;
      continue;
    }
    if (journey->status != "live") {
      // features.md §2: closing or aborting a journey blocks "add account to journey" actions targeting it.
      updates.push_back({j.id, "dead", "blocked",
                         "Journey \"" + target + "\" is " + journey->status + "; the action is blocked.", now_ms_(), true});
      ++stats.dead;
      continue;
    }
    if (batch.action == "add_to_journey") {
      auto n = store_->EnterAccounts(target, {j.subject}, StartNode(journey->document), now_ms_());
      if (!n.ok()) {
        updates.push_back(Failed(j, n.error(), stats));
        continue;
      }
      updates.push_back({j.id, "done", *n ? "entered" : "already in the journey", "", now_ms_(), true});
    } else {
      auto stopped = store_->StopEntry(target, j.subject, now_ms_());
      if (!stopped.ok()) {
        updates.push_back(Failed(j, stopped.error(), stats));
        continue;
      }
      updates.push_back({j.id, "done", *stopped ? "removed" : "not in the journey", "", now_ms_(), true});
    }
    ++stats.done;
  }
  Apply(updates);
}

void JobRunner::Reconcile(Batch& batch, JobRunStats& stats) {
  std::vector<store::JobUpdate> updates;
  const ActionSpec* spec = FindAction(batch.action);
  bool idempotent = !spec || spec->idempotent;
  if (idempotent) {
    // Sending an idempotent action again cannot double its effect: queue it at once.
    for (const auto& j : batch.jobs) updates.push_back({j.id, "queued", "", j.last_error, now_ms_(), false});
    stats.resent += static_cast<int64_t>(batch.jobs.size());
    return Apply(updates);
  }
  int64_t activity = batch.action == "change_score"                ? mk::kActivityChangeScore
                     : batch.action == "person_interesting_moment" ? mk::kActivityInterestingMoment
                                                                   : 0;
  if (activity == 0) {
    // A generic request campaign leaves no activity salesync can recognise: at most once, an operator decides.
    for (const auto& j : batch.jobs) {
      updates.push_back({j.id, "dead", "unknown",
                         "The campaign request's outcome is unknown and cannot be checked; not resent. Check the "
                         "leads in Marketo, then `salesyncctl jobs retry` if it did not run.",
                         now_ms_(), true});
      ++stats.dead;
    }
    return Apply(updates);
  }
  int64_t since = LLONG_MAX;
  std::vector<std::string> leads;
  for (const auto& j : batch.jobs) {
    since = std::min(since, j.intent_ms.value_or(now_ms_()));
    leads.push_back(j.subject);
  }
  mk::CampaignEffectReconciler rec(activity, CampaignOf(batch.action, batch.settings), leads,
                                   std::max<int64_t>(0, since - options_.reconcile_margin_ms));
  while (auto call = rec.NextCall()) {
    ++stats.calls;
    if (metrics_) {
      metrics_->AddCounter("salesync_journey_provider_calls_total", {{"action", batch.action}, {"connection", batch.connection}});
    }
    auto r = api_->Call(batch.connection, call->request, true);
    Status st = r.ok() ? rec.Consume(*r) : Status(r.error());
    if (!st.ok()) {
      // Could not find out (also while the connection needs re-authorisation): stay "reconciling" and
      // try again on the next pass; never resend before the provider has answered.
      for (const auto& j : batch.jobs) {
        updates.push_back({j.id, "reconciling", "", st.error().ToString(), now_ms_(), false});
      }
      return Apply(updates);
    }
  }
  for (const auto& j : batch.jobs) {
    if (rec.found().count(j.subject)) {
      updates.push_back({j.id, "done", "requested (confirmed by reconciliation)", "", now_ms_(), true});
      ++stats.reconciled;
      ++stats.done;
    } else {
      updates.push_back({j.id, "queued", "", "Not applied by the ambiguous attempt; sending again.", now_ms_(), false});
      ++stats.resent;
    }
  }
  Apply(updates);
}

}  // namespace salesync::journeys
