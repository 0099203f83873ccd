#include "config/mail_config.h"

#include "base/strings.h"

namespace salesync::config {

std::string SmtpUrlHost(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::string rest = url.substr(scheme + 3);
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    return close == std::string::npos ? "" : rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.find_first_of(":/"));
}

std::optional<SmtpConfig> ReadSmtp(ObjectReader r) {
  if (!r.present()) return std::nullopt;
  SmtpConfig c;
  if (auto v = r.String("url", Presence::kRequired)) {
    if (!StartsWith(*v, "smtp://") && !StartsWith(*v, "smtps://")) {
      r.AddError("url", "Expected smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT (TLS), found \"" + *v + "\".");
    } else if (SmtpUrlHost(*v).empty()) {
      r.AddError("url", "The URL has no host.");
    } else {
      c.url = *v;
    }
  }
  if (auto v = r.Enum("starttls", {"required", "off"})) {
    c.require_starttls = *v == "required";
    std::string host = SmtpUrlHost(c.url);
    if (!c.require_starttls && !c.url.empty() && host != "127.0.0.1" && host != "::1" && host != "localhost") {
      r.AddError("starttls", "\"off\" sends mail and passwords in clear text; it is only allowed for a server on "
                             "loopback (127.0.0.1, ::1, localhost). Use \"required\" or an smtps:// URL.");
    }
  }
  if (auto v = r.String("from_address", Presence::kRequired)) {
    if (v->find('@') == std::string::npos || v->find_first_of(" <>\"") != std::string::npos) {
      r.AddError("from_address", "Expected a plain address such as salesync@example.com.");
    } else {
      c.from_address = *v;
    }
  }
  if (auto v = r.String("from_name")) c.from_name = *v;
  if (auto v = r.String("username")) c.username = *v;
  c.password = r.SecretValue("password");
  if (c.password && c.username.empty()) r.AddError("password", "A password needs a username too.");
  if (auto v = r.String("ca_file")) c.ca_file = *v;
  if (auto v = r.Integer("connect_timeout_secs", 1, 600)) c.connect_timeout_secs = *v;
  if (auto v = r.Integer("timeout_secs", 1, 3600)) c.timeout_secs = *v;
  if (auto v = r.Integer("max_batch_messages", 1, 1000)) c.max_batch_messages = *v;
  if (auto v = r.Integer("max_attempts", 1, 100)) c.max_attempts = *v;
  if (auto v = r.Integer("retry_initial_secs", 1, 86400)) c.retry_initial_secs = *v;
  if (auto v = r.Integer("retry_max_secs", 1, 7 * 86400)) c.retry_max_secs = *v;
  if (c.retry_max_secs < c.retry_initial_secs) {
    r.AddError("retry_max_secs", "retry_max_secs is smaller than retry_initial_secs.");
  }
  r.Finish();
  return c;
}

InvitesConfig ReadInvites(ObjectReader r) {
  InvitesConfig c;
  if (auto v = r.Integer("link_expiry_hours", 1, 24 * 365)) c.link_expiry_hours = *v;
  if (auto v = r.String("accept_base_url")) {
    if (!StartsWith(*v, "http://") && !StartsWith(*v, "https://")) {
      r.AddError("accept_base_url", "Expected the URL people reach salesync at, such as https://salesync.example.com.");
    } else {
      c.accept_base_url = *v;
    }
  }
  if (auto v = r.String("subject")) {
    if (v->empty() || v->find_first_of("\r\n") != std::string::npos) {
      r.AddError("subject", "The subject must be one non-empty line.");
    } else {
      c.subject = *v;
    }
  }
  if (auto v = r.Integer("preview_rows", 0, 1000)) c.preview_rows = *v;
  if (auto v = r.Integer("max_report_entries", 10, 1000000)) c.max_report_entries = *v;
  r.Finish();
  return c;
}

}  // namespace salesync::config
