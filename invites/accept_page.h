// The HTML pages a person sees after clicking an invitation link (GET /invite/accept?token=...).
//
// Pages never show an e-mail address or a name: a link that does not work must not tell its holder which
// users exist. An expired or used link gets its own sentence (the person can ask for a new invitation);
// an unknown one a generic sentence.
// Thread-safety: pure functions.
#pragma once

#include "net/http_message.h"
#include "store/invitation_store.h"

namespace salesync::invites {

net::HttpResponse AcceptPage(store::AcceptOutcome outcome);
// For a failure of the server itself (the store is unavailable).
net::HttpResponse AcceptErrorPage();

}  // namespace salesync::invites
