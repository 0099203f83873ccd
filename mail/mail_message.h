// MailMessage: one e-mail, and its rendering as an RFC 5322 message with a text and an HTML part.
//
// Rendering is deterministic: the same MailMessage gives the same bytes (the MIME boundary derives from
// the Message-ID), so a retry sends exactly what the failed attempt tried. Headers follow RFC 5322
// (CRLF line ends, a numeric-zone Date, at most 76 characters a line); non-ASCII subjects and display
// names are RFC 2047 encoded-words (UTF-8, base64, whole characters per word, folded); both bodies are
// UTF-8 in quoted-printable. "Auto-Submitted: auto-generated" (RFC 3834) keeps auto-responders quiet.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace salesync::mail {

struct MailAddress {
  std::string name;     // display name, any UTF-8; may be empty
  std::string address;  // ASCII addr-spec
};

struct MailMessage {
  MailAddress from;
  MailAddress to;
  std::string subject;
  std::string text;  // plain-text body (LF or CRLF line ends)
  std::string html;  // HTML body
  std::string message_id;  // "<left@right>"
  std::chrono::system_clock::time_point date;
};

// "Fri, 15 Jan 2027 08:00:00 +0000" (RFC 5322 §3.3, C locale, UTC).
std::string FormatMailDate(std::chrono::system_clock::time_point t);
// Unstructured header text: as is when it is printable ASCII that fits, else RFC 2047 encoded-words, each
// at most 75 characters, joined by CRLF SPACE.
std::string EncodeHeaderText(std::string_view text);
// "Name <addr>", with the name quoted or encoded as needed; just "addr" without a name.
std::string FormatMailbox(const MailAddress& mailbox);
// Quoted-printable (RFC 2045 §6.7) with CRLF line ends and lines of at most 76 characters.
std::string QuotedPrintable(std::string_view body);
// The whole message: headers, a blank line, a multipart/alternative body. CRLF throughout.
std::string RenderMessage(const MailMessage& message);

}  // namespace salesync::mail
