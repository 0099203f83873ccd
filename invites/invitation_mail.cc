#include "invites/invitation_mail.h"

#include "base/strings.h"
#include "store/invitation_store.h"
#include "store/sql_time.h"

namespace salesync::invites {

InvitationMailer::InvitationMailer(store::Store* store, const InviteTokens* tokens, InvitationMailOptions options)
    : store_(store), tokens_(tokens), options_(std::move(options)) {
  while (!options_.accept_base_url.empty() && options_.accept_base_url.back() == '/') {
    options_.accept_base_url.pop_back();
  }
}

Result<mail::MailMessage> InvitationMailer::Render(const store::OutboxJob& job) {
  if (job.kind != "invitation") {
    return MakeError(ErrorCode::kNotFound, "Unknown e-mail kind \"" + job.kind + "\"; nothing to send.");
  }
  auto invitation = store::InvitationStore(store_).ForMail(job.invitation_id);
  if (!invitation.ok()) return invitation.error();
  if (invitation->state != "pending") {
    return MakeError(ErrorCode::kNotFound, "The invitation was " + invitation->state + " before it was sent.");
  }
  std::string name(TrimWhitespace(invitation->first_name + " " + invitation->last_name));
  std::string greeting = invitation->first_name.empty() ? name : invitation->first_name;
  std::string link = options_.accept_base_url + "/invite/accept?token=" + tokens_->TokenFor(invitation->nonce);
  std::string expires = invitation->expires_at.substr(0, 10) + " " + invitation->expires_at.substr(11, 5) + " UTC";

  mail::MailMessage m;
  m.from = options_.from;
  m.to = {name, invitation->email};
  std::string subject = options_.subject;
  if (size_t p = subject.find("{name}"); p != std::string::npos) {
    subject.replace(p, 6, name.empty() ? invitation->email : name);
  }
  m.subject = subject;
  m.message_id = job.message_id;
  m.date = store::ParseSqlTime(job.created_at).value_or(std::chrono::system_clock::now());
  m.text = "Hello" + (greeting.empty() ? std::string() : " " + greeting) + ",\n\n" +
           "You are invited to salesync, the sales workspace of your team.\n"
           "Accept the invitation with this link. It works once, until " + expires + ":\n\n" + link + "\n\n" +
           "If you did not expect this invitation, you can ignore this e-mail.\n";
  m.html = "<!DOCTYPE html><html><body>\n<p>Hello" + (greeting.empty() ? std::string() : " " + HtmlEscape(greeting)) +
           ",</p>\n<p>You are invited to salesync, the sales workspace of your team.</p>\n"
           "<p><a href=\"" + HtmlEscape(link) + "\">Accept the invitation</a> (the link works once, until " +
           HtmlEscape(expires) + ").</p>\n<p>If you did not expect this invitation, you can ignore this e-mail.</p>\n"
           "</body></html>\n";
  return m;
}

}  // namespace salesync::invites
