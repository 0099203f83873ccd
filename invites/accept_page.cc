#include "invites/accept_page.h"

#include <string>

namespace salesync::invites {

namespace {

net::HttpResponse Page(int status, const std::string& title, const std::string& text) {
  std::string body =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>" + title + " - salesync</title>"
      "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5}"
      "h1{font-size:1.4em}</style></head>\n<body><h1>" + title + "</h1><p>" + text + "</p></body></html>\n";
  net::HttpResponse r = net::HttpResponse::Text(status, std::move(body), "text/html; charset=utf-8");
  // The token is in the URL: keep it out of other sites' logs and out of frames.
  r.headers.push_back({"Referrer-Policy", "no-referrer"});
  r.headers.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"});
  return r;
}

}  // namespace

net::HttpResponse AcceptPage(store::AcceptOutcome outcome) {
  switch (outcome) {
    case store::AcceptOutcome::kAccepted:
      return Page(200, "Welcome to salesync", "Your invitation is accepted and your account is active.");
    case store::AcceptOutcome::kExpired:
      return Page(410, "This invitation has expired",
                  "Invitation links are valid for a limited time. Ask your administrator to send you a new one.");
    case store::AcceptOutcome::kUsed:
      return Page(410, "This invitation was already used",
                  "An invitation link works once, and a newer invitation replaces an older one. If you have not "
                  "accepted it yourself, ask your administrator for a new invitation.");
    case store::AcceptOutcome::kUnknown:
      break;
  }
  return Page(404, "This invitation link is not valid",
              "Check that the whole link was copied, or ask your administrator for a new invitation.");
}

net::HttpResponse AcceptErrorPage() {
  return Page(503, "Please try again later", "The invitation could not be checked right now.");
}

}  // namespace salesync::invites
