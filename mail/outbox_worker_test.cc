#include "mail/outbox_worker.h"

#include <future>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/invitation_store.h"
#include "store/sql_time.h"
#include "store/store_test_util.h"

namespace salesync::mail {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;

// Records every batch and answers from a script: per recipient, a queue of outcomes (default: sent).
class FakeTransport : public MailTransport {
 public:
  std::vector<std::vector<OutgoingMail>> batches;
  std::map<std::string, std::vector<SendOutcome>> script;
  std::function<void()> on_batch;

  std::vector<SendOutcome> SendBatch(const std::vector<OutgoingMail>& batch) override {
    batches.push_back(batch);
    std::vector<SendOutcome> out;
    for (const OutgoingMail& m : batch) {
      auto& queue = script[m.recipient];
      if (queue.empty()) {
        out.push_back({SendVerdict::kSent, 250, ""});
      } else {
        out.push_back(queue.front());
        queue.erase(queue.begin());
      }
    }
    if (on_batch) on_batch();
    return out;
  }
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
    outbox_ = std::make_unique<store::OutboxStore>(store_.get());
    options_.max_batch = 2;
    options_.max_attempts = 3;
    options_.retry_initial = milliseconds(1000);
    options_.retry_max = milliseconds(3000);
  }
  void Queue(std::vector<std::string> recipients) {
    std::vector<store::NewInvitation> batch;
    for (const auto& r : recipients) batch.push_back({r, "", "", "member", {}, "h" + r, "n", "<" + r + ">"});
    ASSERT_TRUE(store::InvitationStore(store_.get()).InviteBatch(batch, false, now_, now_ + std::chrono::hours(1)).ok());
  }
  std::unique_ptr<OutboxWorker> MakeWorker(MessageRenderer renderer = nullptr) {
    if (!renderer) {
      renderer = [](const store::OutboxJob& job) -> Result<MailMessage> {
        return MailMessage{{"", "noreply@example.org"}, {"", job.recipient}, "Hi", "text", "<p>html</p>",
                           job.message_id, {}};
      };
    }
    return std::make_unique<OutboxWorker>(outbox_.get(), &transport_, renderer, options_, [this] { return now_; },
                                          &metrics_, [] { return 1.0; });
  }
  store::OutboxJob Job(const std::string& recipient) { return (*outbox_->List(1, recipient))[0]; }

  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::OutboxStore> outbox_;
  FakeTransport transport_;
  MetricsRegistry metrics_;
  OutboxWorkerOptions options_;
};

TEST_F(OutboxWorkerTest, SendsDueJobsInBatchesAndRecordsEachRecipient) {
  Queue({"a@x.com", "b@x.com", "c@x.com"});
  transport_.script["b@x.com"] = {{SendVerdict::kPermanent, 550, "550 5.1.1 <b@x.com>: Recipient address rejected"}};
  auto worker = MakeWorker();
  auto next = worker->RunOnce();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  ASSERT_EQ(transport_.batches.size(), 2u);  // max_batch = 2
  EXPECT_EQ(transport_.batches[0].size(), 2u);
  EXPECT_EQ(transport_.batches[0][0].envelope_from, "noreply@example.org");
  EXPECT_THAT(transport_.batches[0][0].data, HasSubstr("Message-ID: <a@x.com>"));
  EXPECT_EQ(Job("a@x.com").state, "sent");
  EXPECT_EQ(Job("b@x.com").state, "failed");
  EXPECT_EQ(Job("b@x.com").last_error, "550 5.1.1 <b@x.com>: Recipient address rejected");
  EXPECT_EQ(Job("c@x.com").state, "sent");
  EXPECT_EQ(metrics_.CounterValue("salesync_emails_total", {{"outcome", "sent"}}), 2);
}

TEST_F(OutboxWorkerTest, TransientFailuresBackOffExponentiallyThenGiveUp) {
  Queue({"t@x.com"});
  SendOutcome temp{SendVerdict::kTransient, 451, "451 4.3.0 Try again later"};
  transport_.script["t@x.com"] = {temp, temp, temp};
  auto worker = MakeWorker();
  auto next = worker->RunOnce();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(**next, now_ + milliseconds(1000));  // jitter 1.0: the full delay
  EXPECT_EQ(Job("t@x.com").attempts, 1);
  EXPECT_EQ(Job("t@x.com").last_error, "451 4.3.0 Try again later");

  // Not due yet: nothing is sent.
  now_ += milliseconds(999);
  ASSERT_TRUE(worker->RunOnce().ok());
  EXPECT_EQ(transport_.batches.size(), 1u);

  now_ += milliseconds(1);
  next = worker->RunOnce();
  EXPECT_EQ(**next, now_ + milliseconds(2000));
  now_ += milliseconds(2000);
  next = worker->RunOnce();
  EXPECT_FALSE(next->has_value());
  EXPECT_EQ(Job("t@x.com").state, "failed");
  EXPECT_EQ(Job("t@x.com").attempts, 3);
  EXPECT_THAT(Job("t@x.com").last_error, HasSubstr("Gave up after 3 attempts: 451 4.3.0"));
}

TEST_F(OutboxWorkerTest, BackoffIsCappedAndJittered) {
  options_.retry_max = milliseconds(4000);
  double jitter = 0.0;
  OutboxWorker worker(outbox_.get(), &transport_, nullptr, options_, [this] { return now_; }, &metrics_,
                      [&] { return jitter; });
  EXPECT_EQ(worker.Backoff(1), milliseconds(500));
  EXPECT_EQ(worker.Backoff(2), milliseconds(1000));
  jitter = 1.0;
  EXPECT_EQ(worker.Backoff(3), milliseconds(4000));
  EXPECT_EQ(worker.Backoff(30), milliseconds(4000));
}

TEST_F(OutboxWorkerTest, AJobWithNothingToRenderFails) {
  Queue({"gone@x.com"});
  auto worker = MakeWorker([](const store::OutboxJob&) -> Result<MailMessage> {
    return MakeError(ErrorCode::kNotFound, "The invitation no longer exists.");
  });
  ASSERT_TRUE(worker->RunOnce().ok());
  EXPECT_TRUE(transport_.batches.empty());
  EXPECT_EQ(Job("gone@x.com").state, "failed");
  EXPECT_EQ(Job("gone@x.com").last_error, "The invitation no longer exists.");
}

TEST_F(OutboxWorkerTest, TheThreadSleepsUntilNotified) {
  auto worker = MakeWorker();
  std::promise<void> sent;
  transport_.on_batch = [&] { sent.set_value(); };
  worker->Start();
  Queue({"late@x.com"});
  worker->Notify();
  ASSERT_EQ(sent.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  worker->Stop();
  EXPECT_EQ(Job("late@x.com").state, "sent");
  EXPECT_EQ(transport_.batches.size(), 1u);
}

}  // namespace
}  // namespace salesync::mail
