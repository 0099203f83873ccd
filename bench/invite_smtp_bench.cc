// Benchmark (not run by ctest): 1,000 invitations sent to a local SMTP server (aiosmtpd, as in the tests)
// over one reused connection. Prints messages per second for the SMTP client alone and for the whole
// outbox path (render, send, record), and how many connections were opened.
//
//   build-invites/bench/invite_smtp_bench [MESSAGES]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#include "invites/invitation_mail.h"
#include "base/log.h"
#include "invites/invite_service.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_client.h"
#include "store/outbox_store.h"
#include "store/store.h"
#include "tests/support/smtp_server.h"

using namespace salesync;

int main(int argc, char** argv) {
  SetLogLevel(LogLevel::kWarning);
  int n = argc > 1 ? std::atoi(argv[1]) : 1000;
  std::string dir = std::filesystem::temp_directory_path().string() + "/salesync-smtp-bench-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  testing::SmtpTestServer::Options server_options;
  server_options.keep_raw = false;
  testing::SmtpTestServer server(std::string(SALESYNC_SOURCE_DIR) + "/tests/support/smtp_server.py", dir + "/mail",
                                 server_options);
  if (std::string e = server.Start(); !e.empty()) {
    std::fprintf(stderr, "%s\n", e.c_str());
    return 1;
  }
  mail::SmtpOptions smtp;
  smtp.url = server.url();
  smtp.require_starttls = false;  // loopback test server

  // 1. The SMTP client alone: n rendered messages in one batch.
  std::vector<mail::OutgoingMail> batch;
  for (int i = 0; i < n; ++i) {
    std::string to = "user" + std::to_string(i) + "@example.com";
    mail::MailMessage m{{"salesync", "noreply@example.org"}, {"Jürgen Müller " + std::to_string(i), to},
                        "Jürgen Müller, you are invited to salesync", std::string(600, 'x') + "\n",
                        "<p>" + std::string(900, 'y') + "</p>", "<bench." + std::to_string(i) + "@example.org>",
                        std::chrono::system_clock::now()};
    batch.push_back({"noreply@example.org", to, mail::RenderMessage(m)});
  }
  mail::SmtpClient client(smtp);
  auto start = std::chrono::steady_clock::now();
  auto outcomes = client.SendBatch(batch);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int sent = 0;
  for (const auto& o : outcomes) sent += o.verdict == mail::SendVerdict::kSent;
  std::printf("SMTP client: %d/%d messages in %.2f s = %.0f messages/s over %ld connection(s)\n", sent, n, secs,
              sent / secs, client.connections_opened());

  // 2. End to end: n invitations queued, then one outbox pass renders, sends and records them.
  auto store = store::Store::Open({dir + "/bench.db", 5000, "normal"});
  if (!store.ok()) return 1;
  invites::InviteTokens tokens(Secret("0123456789abcdef0123456789abcdef"));
  MetricsRegistry metrics;
  invites::InviteService service(store->get(), &tokens, {}, invites::SystemClock(), &metrics, nullptr);
  std::vector<std::string> emails;
  for (int i = 0; i < n; ++i) emails.push_back("invitee" + std::to_string(i) + "@example.com");
  if (!service.InviteEmails(emails, {}).ok()) return 1;
  store::OutboxStore outbox(store->get());
  invites::InvitationMailer mailer(store->get(), &tokens, {{"salesync", "noreply@example.org"}, "https://s.example.org", "{name}, you are invited"});
  mail::SmtpClient worker_client(smtp);
  mail::OutboxWorkerOptions options;
  options.max_batch = n;
  mail::OutboxWorker worker(&outbox, &worker_client, [&](const store::OutboxJob& j) { return mailer.Render(j); },
                            options, [] { return std::chrono::system_clock::now(); }, &metrics);
  start = std::chrono::steady_clock::now();
  auto next = worker.RunOnce();
  secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto counts = outbox.Counts();
  std::printf("Outbox worker: %lld/%d invitations in %.2f s = %.0f messages/s over %ld connection(s)\n",
              static_cast<long long>(counts.ok() ? counts->sent : -1), n, secs,
              (counts.ok() ? static_cast<double>(counts->sent) : 0.0) / secs, worker_client.connections_opened());
  server.Stop();
  rusage children{};
  getrusage(RUSAGE_CHILDREN, &children);
  std::printf("SMTP server (aiosmtpd, Python) CPU time for both runs: %.2f s\n",
              static_cast<double>(children.ru_utime.tv_sec + children.ru_stime.tv_sec) +
                  static_cast<double>(children.ru_utime.tv_usec + children.ru_stime.tv_usec) / 1e6);
  std::filesystem::remove_all(dir);
  return next.ok() ? 0 : 1;
}
