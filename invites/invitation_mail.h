// InvitationMailer: renders the invitation e-mail for an outbox job, at the moment it is sent.
//
// The link is accept_base_url + "/invite/accept?token=" + the token derived from the invitation's nonce
// (see invite_token.h), so no token is ever stored. The subject and greeting use the invitee's name
// (RFC 2047-encoded by the renderer when it is not ASCII); the Date is when the job was queued and the
// Message-ID the job's own, so every retry renders the same message.
// Thread-safety: thread-safe (state lives in the Store).
#pragma once

#include <string>

#include "base/result.h"
#include "invites/invite_token.h"
#include "mail/mail_message.h"
#include "store/outbox_store.h"

namespace salesync::store {
class Store;
}

namespace salesync::invites {

struct InvitationMailOptions {
  mail::MailAddress from;
  std::string accept_base_url;  // "https://salesync.example.com" (no trailing slash)
  std::string subject = "{name}, you are invited to salesync";  // {name}: the invitee's name or address
};

class InvitationMailer {
 public:
  InvitationMailer(store::Store* store, const InviteTokens* tokens, InvitationMailOptions options);

  // kNotFound when the invitation is gone or no longer pending (nothing to send any more).
  Result<mail::MailMessage> Render(const store::OutboxJob& job);

 private:
  store::Store* store_;
  const InviteTokens* tokens_;
  InvitationMailOptions options_;
};

}  // namespace salesync::invites
