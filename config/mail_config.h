// The `smtp` and `invites` sections: how invitation e-mails leave the daemon and what the links look like.
//
//   "smtp": {"url": "smtp://mail.example.com:587", "from_address": "salesync@example.com",
//            "username": "salesync", "password": {"credential": "smtp.password"}}
//   "invites": {"link_expiry_hours": 168, "accept_base_url": "https://salesync.example.com"}
// Without an `smtp` section invitations are still created and their e-mails wait in the outbox until one
// is configured. STARTTLS is required for smtp:// URLs; "starttls": "off" is accepted only for a server on
// loopback (test servers). Documented key by key in config/salesync.example.json.
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/secret.h"
#include "config/config_reader.h"

namespace salesync::config {

struct SmtpConfig {
  std::string url;                 // smtp://HOST:PORT or smtps://HOST:PORT
  bool require_starttls = true;    // "starttls": "required" | "off"
  std::string from_address;
  std::string from_name = "salesync";
  std::string username;
  std::optional<Secret> password;
  std::string ca_file;
  int64_t connect_timeout_secs = 10;
  int64_t timeout_secs = 60;
  int64_t max_batch_messages = 50;  // messages per SMTP connection
  int64_t max_attempts = 8;
  int64_t retry_initial_secs = 60;
  int64_t retry_max_secs = 3600;
};

struct InvitesConfig {
  int64_t link_expiry_hours = 168;
  std::string accept_base_url;     // empty: the admin API's own URL
  std::string subject = "{name}, you are invited to salesync";
  int64_t preview_rows = 10;
  int64_t max_report_entries = 1000;
};

std::optional<SmtpConfig> ReadSmtp(ObjectReader smtp);
InvitesConfig ReadInvites(ObjectReader invites);

// The host of an smtp:// or smtps:// URL ("" when malformed); brackets of an IPv6 literal removed.
std::string SmtpUrlHost(const std::string& url);

}  // namespace salesync::config
