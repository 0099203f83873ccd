// OutboxWorker: drains the e-mail outbox (store::OutboxStore) through a MailTransport.
//
// A pass takes the due jobs in batches (one SMTP connection per batch), renders each message at send time
// (the renderer; invitation links are derived then, never stored), sends, and records per recipient:
// sent; permanent rejection -> failed with the server's words; transient -> retried after an exponential
// backoff with jitter (initial * 2^(attempt-1), capped, times a random factor in [0.5, 1]) until
// max_attempts. A job whose message cannot be rendered any more (its invitation was deleted) fails.
// The worker thread sleeps until it is notified (Notify() after jobs are queued) or the next retry is due:
// it never polls. Stop() wakes it, aborts a transfer in progress (the job stays queued) and joins.
// A crash after the server accepted a message and before MarkSent re-sends it on restart with the same
// Message-ID, which receivers use to drop duplicates.
// Thread-safety: Notify() and Stop() from any thread; RunOnce() from one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "base/metrics.h"
#include "base/result.h"
#include "mail/mail_message.h"
#include "mail/smtp_client.h"
#include "store/outbox_store.h"

namespace salesync::mail {

using WallClock = std::function<std::chrono::system_clock::time_point()>;

// The message for a job. kNotFound: there is nothing to send any more (the job fails); other errors are
// retried like a transient send failure.
using MessageRenderer = std::function<Result<MailMessage>(const store::OutboxJob& job)>;

struct OutboxWorkerOptions {
  int max_batch = 50;
  int max_attempts = 8;
  std::chrono::milliseconds retry_initial{std::chrono::seconds(60)};
  std::chrono::milliseconds retry_max{std::chrono::hours(1)};
};

class OutboxWorker {
 public:
  // `jitter` returns a number in [0, 1]; tests fix it.
  OutboxWorker(store::OutboxStore* outbox, MailTransport* transport, MessageRenderer renderer,
               OutboxWorkerOptions options, WallClock clock, MetricsRegistry* metrics,
               std::function<double()> jitter = nullptr);
  ~OutboxWorker();

  void Start();
  void Stop();
  void Notify();
  bool stopping() const { return stop_.load(); }

  // Sends every job due now, then returns when the next queued job is due (nullopt: nothing queued).
  Result<std::optional<std::chrono::system_clock::time_point>> RunOnce();

  // The delay before attempt `attempts + 1`, given `attempts` failed ones (exposed for tests).
  std::chrono::milliseconds Backoff(int64_t attempts);

 private:
  void Loop();
  void Record(const store::OutboxJob& job, const SendOutcome& outcome, std::chrono::system_clock::time_point now);

  store::OutboxStore* outbox_;
  MailTransport* transport_;
  MessageRenderer renderer_;
  OutboxWorkerOptions options_;
  WallClock clock_;
  MetricsRegistry* metrics_;
  std::function<double()> jitter_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool notified_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace salesync::mail
