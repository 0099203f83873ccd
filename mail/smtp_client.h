// SmtpClient: sends rendered messages through libcurl's SMTP, one connection reused across a batch.
//
//   smtp://host:port   plain TCP upgraded with STARTTLS, required by default (CURLUSESSL_ALL: a server
//                      that does not offer STARTTLS fails the send instead of getting the mail in clear)
//   smtps://host:port  TLS from the first byte
// Certificates are always verified; ca_file adds a trust anchor (tests use a throwaway CA). AUTH uses
// username + password (a Secret, never logged); note that libcurl silently skips AUTH when the server
// does not advertise it.
// Each message gets its own outcome: sent; transient (4xx replies, network and TLS failures, AUTH
// refused — worth retrying once someone fixes it); permanent (5xx replies such as "550 no such user",
// recorded with the server's own words). The server's last reply is captured from libcurl's debug
// stream (incoming lines only: what we send, including AUTH, is never looked at).
// After a failed message the connection is dropped, so the next message starts a clean SMTP session.
// Thread-safety: not thread-safe; one SmtpClient per sending thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/secret.h"

namespace salesync::mail {

struct OutgoingMail {
  std::string envelope_from;  // addr-spec, without brackets
  std::string recipient;      // addr-spec
  std::string data;           // the rendered RFC 5322 message (CRLF line ends)
};

enum class SendVerdict { kSent, kTransient, kPermanent };

struct SendOutcome {
  SendVerdict verdict = SendVerdict::kTransient;
  int smtp_code = 0;   // the last reply code, 0 when there was none
  std::string detail;  // the server's words ("550 5.1.1 <x@y>: Recipient address rejected") or curl's reason
};

// The seam the outbox worker sends through; tests of the worker record calls on a fake.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // One outcome per message, in order.
  virtual std::vector<SendOutcome> SendBatch(const std::vector<OutgoingMail>& batch) = 0;
};

struct SmtpOptions {
  std::string url;                 // smtp://HOST:PORT[/EHLO-NAME] or smtps://HOST:PORT
  bool require_starttls = true;    // for smtp:// URLs; false only for loopback test servers
  std::string username;            // AUTH when not empty
  Secret password;
  std::string ca_file;             // extra trust anchor (PEM)
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};  // per message
};

class SmtpClient : public MailTransport {
 public:
  // `should_stop`, when set, is polled during transfers; returning true aborts the send (transient).
  explicit SmtpClient(SmtpOptions options, std::function<bool()> should_stop = nullptr);
  ~SmtpClient() override;
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  std::vector<SendOutcome> SendBatch(const std::vector<OutgoingMail>& batch) override;

  // How many TCP connections were opened so far (one per batch when all goes well).
  long connections_opened() const { return connections_opened_; }

 private:
  SendOutcome SendOne(void* curl, const OutgoingMail& mail);
  void* NewHandle();

  SmtpOptions options_;
  std::function<bool()> should_stop_;
  long connections_opened_ = 0;
};

}  // namespace salesync::mail
