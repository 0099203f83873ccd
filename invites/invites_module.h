// InvitesModule: everything issue 7 adds to the daemon, built from the configuration in one place so that
// daemon.cc only creates it, starts it and stops it.
//
//   Create(): loads or creates STATE_DIR/invite.key, builds the invitation service and user directory and
//             registers their admin routes (before the server starts serving).
//   Start():  once the admin URL is known (the default base of invitation links), starts the outbox
//             worker when an smtp section is configured; without one, e-mails wait in the outbox.
//   Stop():   stops the worker (an SMTP transfer in progress is aborted; its job stays queued).
// Changes to the smtp and invites sections take effect at the next restart.
// Thread-safety: Create/Start/Stop from the daemon's start and stop paths; routes are thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "admin/router.h"
#include "base/metrics.h"
#include "base/result.h"
#include "config/config.h"
#include "invites/invitation_mail.h"
#include "invites/invite_service.h"
#include "invites/user_directory.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_client.h"
#include "store/outbox_store.h"

namespace salesync::invites {

class InvitesModule {
 public:
  static Result<std::unique_ptr<InvitesModule>> Create(const config::Config& config, const std::string& state_dir,
                                                       store::Store* store, MetricsRegistry* metrics,
                                                       admin::Router& router, SyncsUnderUser syncs_under);
  ~InvitesModule();

  void Start(const std::string& admin_url);
  void Stop();

 private:
  InvitesModule() = default;

  config::SmtpConfig smtp_;
  bool smtp_configured_ = false;
  config::InvitesConfig invites_;
  store::Store* store_ = nullptr;
  MetricsRegistry* metrics_ = nullptr;
  std::unique_ptr<InviteTokens> tokens_;
  std::unique_ptr<store::OutboxStore> outbox_;
  std::unique_ptr<InviteService> service_;
  std::unique_ptr<UserDirectory> directory_;
  std::unique_ptr<InvitationMailer> mailer_;
  std::unique_ptr<mail::SmtpClient> smtp_client_;
  std::unique_ptr<mail::OutboxWorker> worker_;
  std::atomic<mail::OutboxWorker*> running_worker_{nullptr};  // read by request threads to wake it
};

}  // namespace salesync::invites
