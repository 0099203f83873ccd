#include "mail/outbox_worker.h"

#include <random>

#include "base/log.h"
#include "store/sql_time.h"

namespace salesync::mail {

namespace {

std::chrono::system_clock::time_point FromMillis(int64_t ms) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

}  // namespace

OutboxWorker::OutboxWorker(store::OutboxStore* outbox, MailTransport* transport, MessageRenderer renderer,
                           OutboxWorkerOptions options, WallClock clock, MetricsRegistry* metrics,
                           std::function<double()> jitter)
    : outbox_(outbox),
      transport_(transport),
      renderer_(std::move(renderer)),
      options_(options),
      clock_(std::move(clock)),
      metrics_(metrics),
      jitter_(std::move(jitter)) {
  if (!jitter_) {
    jitter_ = [engine = std::make_shared<std::mt19937_64>(std::random_device{}())] {
      return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
    };
  }
  metrics_->DeclareCounter("salesync_emails_total", "E-mail send attempts by outcome (sent, retry, failed).");
}

OutboxWorker::~OutboxWorker() { Stop(); }

std::chrono::milliseconds OutboxWorker::Backoff(int64_t attempts) {
  double base = static_cast<double>(options_.retry_initial.count());
  for (int64_t i = 1; i < attempts && base < static_cast<double>(options_.retry_max.count()); ++i) base *= 2;
  base = std::min(base, static_cast<double>(options_.retry_max.count()));
  double factor = 0.5 + 0.5 * std::clamp(jitter_(), 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(base * factor));
}

void OutboxWorker::Record(const store::OutboxJob& job, const SendOutcome& outcome,
                          std::chrono::system_clock::time_point now) {
  const int64_t attempts = job.attempts + 1;
  Status s;
  if (outcome.verdict == SendVerdict::kSent) {
    s = outbox_->MarkSent(job.id, now);
    metrics_->AddCounter("salesync_emails_total", {{"outcome", "sent"}});
    LogDebug("E-mail sent.", {{"to", job.recipient}, {"message_id", job.message_id}});
  } else if (outcome.verdict == SendVerdict::kPermanent) {
    s = outbox_->MarkFailed(job.id, attempts, outcome.detail);
    metrics_->AddCounter("salesync_emails_total", {{"outcome", "failed"}});
    LogWarning("E-mail rejected by the server; it will not be retried.",
               {{"to", job.recipient}, {"reply", outcome.detail}});
  } else if (attempts >= options_.max_attempts) {
    s = outbox_->MarkFailed(job.id, attempts,
                            "Gave up after " + std::to_string(attempts) + " attempts: " + outcome.detail);
    metrics_->AddCounter("salesync_emails_total", {{"outcome", "failed"}});
    LogError("E-mail given up after repeated failures.", {{"to", job.recipient}, {"attempts", attempts},
                                                          {"reason", outcome.detail}});
  } else {
    auto delay = Backoff(attempts);
    s = outbox_->MarkRetry(job.id, attempts, store::UnixMillis(now + delay), outcome.detail);
    metrics_->AddCounter("salesync_emails_total", {{"outcome", "retry"}});
    LogWarning("E-mail not sent; will retry.", {{"to", job.recipient}, {"attempt", attempts},
                                               {"retry_in_ms", static_cast<int64_t>(delay.count())},
                                               {"reason", outcome.detail}});
  }
  if (!s.ok()) LogError("Cannot record an e-mail outcome.", {{"error", s.error().ToString()}});
}

Result<std::optional<std::chrono::system_clock::time_point>> OutboxWorker::RunOnce() {
  // Bounded, so a store that cannot record outcomes does not make this spin.
  for (int pass = 0; pass < 1000 && !stop_.load(); ++pass) {
    auto now = clock_();
    auto jobs = outbox_->DueJobs(store::UnixMillis(now), options_.max_batch);
    if (!jobs.ok()) return jobs.error();
    if (jobs->empty()) break;
    std::vector<store::OutboxJob> sendable;
    std::vector<OutgoingMail> mails;
    for (const store::OutboxJob& job : *jobs) {
      auto message = renderer_(job);
      if (!message.ok()) {
        SendOutcome o{message.error().code == ErrorCode::kNotFound ? SendVerdict::kPermanent : SendVerdict::kTransient,
                      0, message.error().message};
        Record(job, o, now);
        continue;
      }
      sendable.push_back(job);
      mails.push_back({message->from.address, job.recipient, RenderMessage(*message)});
    }
    if (mails.empty()) continue;
    std::vector<SendOutcome> outcomes = transport_->SendBatch(mails);
    auto done = clock_();
    int64_t sent = 0;
    for (size_t i = 0; i < sendable.size(); ++i) {
      SendOutcome o = i < outcomes.size() ? outcomes[i] : SendOutcome{SendVerdict::kTransient, 0, "not attempted"};
      if (o.verdict == SendVerdict::kSent) ++sent;
      Record(sendable[i], o, done);
    }
    LogInfo("E-mail batch done.", {{"sent", sent}, {"not_sent", static_cast<int64_t>(sendable.size()) - sent}});
  }
  auto next = outbox_->NextDueMs();
  if (!next.ok()) return next.error();
  if (!next->has_value()) return std::optional<std::chrono::system_clock::time_point>();
  return std::optional<std::chrono::system_clock::time_point>(FromMillis(**next));
}

void OutboxWorker::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    notified_ = true;
  }
  cv_.notify_one();
}

void OutboxWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Loop() {
  while (!stop_.load()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      notified_ = false;
    }
    auto next = RunOnce();
    std::unique_lock<std::mutex> lock(mu_);
    if (stop_.load() || notified_) continue;
    if (!next.ok()) {
      LogError("The e-mail outbox cannot be read; trying again later.", {{"error", next.error().ToString()}});
      cv_.wait_for(lock, options_.retry_initial, [this] { return stop_.load() || notified_; });
    } else if (next->has_value()) {
      // A job still due right after a pass could not be recorded: do not spin on it.
      auto wait = std::max<std::chrono::system_clock::duration>(**next - clock_(), std::chrono::seconds(1));
      cv_.wait_for(lock, wait, [this] { return stop_.load() || notified_; });
    } else {
      cv_.wait(lock, [this] { return stop_.load() || notified_; });
    }
  }
}

}  // namespace salesync::mail
