// The admin web page's routes, registered into the admin router:
//
//   GET  /ui                 308 to /ui/
//   GET  /ui/                the page (index.html)
//   GET  /ui/{asset}         a compiled-in asset (JavaScript module, CSS, icon)
//   POST /ui/api/sign-in     the admin token, once (form field "token"); sets the session cookie
//   GET  /ui/api/session     whether the browser is signed in, and the session's CSRF token for the page
//   POST /ui/api/sign-out    ends the session (cookie + X-CSRF-Token, like every state-changing request)
//
// Page responses carry a strict Content-Security-Policy (scripts, styles and connections from this origin
// only, no inline script, no framing), X-Frame-Options DENY and no-referrer. Nothing secret is in the
// page's files: the CSRF token comes from /ui/api/session, the session id only in an HttpOnly cookie.
// Thread-safety: handlers are thread-safe (the session store locks).
#pragma once

#include "admin/admin_api.h"

namespace salesync::ui {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

void RegisterUiRoutes(admin::AdminApi& api);

}  // namespace salesync::ui
