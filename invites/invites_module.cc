#include "invites/invites_module.h"

#include "base/files.h"
#include "base/log.h"
#include "invites/invite_routes.h"

namespace salesync::invites {

Result<std::unique_ptr<InvitesModule>> InvitesModule::Create(const config::Config& config,
                                                             const std::string& state_dir, store::Store* store,
                                                             MetricsRegistry* metrics, admin::Router& router,
                                                             SyncsUnderUser syncs_under) {
  std::unique_ptr<InvitesModule> m(new InvitesModule());
  m->store_ = store;
  m->metrics_ = metrics;
  m->invites_ = config.invites;
  if (config.smtp) {
    m->smtp_ = *config.smtp;
    m->smtp_configured_ = true;
  }
  bool created = false;
  auto key = InviteTokens::LoadOrCreateKey(JoinPath(state_dir, kInviteKeyFile), &created);
  if (!key.ok()) return key.error();
  if (created) {
    LogNotice("Generated the key that invitation links are derived from.",
              {{"path", JoinPath(state_dir, kInviteKeyFile)}});
  }
  m->tokens_ = std::make_unique<InviteTokens>(std::move(key).value());
  m->outbox_ = std::make_unique<store::OutboxStore>(store);

  InviteServiceOptions options;
  options.link_expiry = std::chrono::hours(config.invites.link_expiry_hours);
  options.sample_rows = static_cast<size_t>(config.invites.preview_rows);
  options.max_listed = static_cast<size_t>(config.invites.max_report_entries);
  if (config.smtp) options.message_id_domain = config.smtp->from_address.substr(config.smtp->from_address.find('@') + 1);
  InvitesModule* self = m.get();
  m->service_ = std::make_unique<InviteService>(store, m->tokens_.get(), options, SystemClock(), metrics, [self] {
    if (mail::OutboxWorker* worker = self->running_worker_.load()) worker->Notify();
  });
  m->directory_ = std::make_unique<UserDirectory>(store, std::move(syncs_under), SystemClock());
  AddInviteRoutes(router, m->service_.get(), m->outbox_.get());
  AddUserRoutes(router, m->directory_.get());
  return m;
}

InvitesModule::~InvitesModule() { Stop(); }

void InvitesModule::Start(const std::string& admin_url) {
  InvitationMailOptions mail_options;
  mail_options.from = {smtp_.from_name, smtp_.from_address};
  mail_options.accept_base_url = invites_.accept_base_url.empty() ? admin_url : invites_.accept_base_url;
  mail_options.subject = invites_.subject;
  mailer_ = std::make_unique<InvitationMailer>(store_, tokens_.get(), mail_options);
  if (!smtp_configured_) {
    auto counts = outbox_->Counts();
    LogNotice("No smtp section: invitation e-mails wait in the outbox until one is configured.",
              {{"queued", counts.ok() ? counts->queued : int64_t{-1}}});
    return;
  }
  mail::SmtpOptions smtp;
  smtp.url = smtp_.url;
  smtp.require_starttls = smtp_.require_starttls;
  smtp.username = smtp_.username;
  if (smtp_.password) smtp.password = *smtp_.password;
  smtp.ca_file = smtp_.ca_file;
  smtp.connect_timeout = std::chrono::seconds(smtp_.connect_timeout_secs);
  smtp.timeout = std::chrono::seconds(smtp_.timeout_secs);
  smtp_client_ = std::make_unique<mail::SmtpClient>(smtp, [this] { return worker_ && worker_->stopping(); });
  mail::OutboxWorkerOptions worker_options;
  worker_options.max_batch = static_cast<int>(smtp_.max_batch_messages);
  worker_options.max_attempts = static_cast<int>(smtp_.max_attempts);
  worker_options.retry_initial = std::chrono::seconds(smtp_.retry_initial_secs);
  worker_options.retry_max = std::chrono::seconds(smtp_.retry_max_secs);
  worker_ = std::make_unique<mail::OutboxWorker>(
      outbox_.get(), smtp_client_.get(), [this](const store::OutboxJob& job) { return mailer_->Render(job); },
      worker_options, [] { return std::chrono::system_clock::now(); }, metrics_);
  worker_->Start();
  running_worker_ = worker_.get();
  LogInfo("Sending e-mail through SMTP.", {{"url", smtp_.url}, {"from", smtp_.from_address},
                                           {"links", mail_options.accept_base_url}});
}

void InvitesModule::Stop() {
  running_worker_ = nullptr;
  if (worker_) worker_->Stop();
}

}  // namespace salesync::invites
