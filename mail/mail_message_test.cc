#include "mail/mail_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/strings.h"

namespace salesync::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const auto kDate = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

std::string DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// Decodes a header made of "=?UTF-8?B?...?=" words separated by folding whitespace.
std::string DecodeWords(const std::string& header) {
  std::string out;
  size_t pos = 0;
  while ((pos = header.find("=?UTF-8?B?", pos)) != std::string::npos) {
    size_t end = header.find("?=", pos + 10);
    out += DecodeBase64(std::string_view(header).substr(pos + 10, end - pos - 10));
    pos = end + 2;
  }
  return out;
}

std::string DecodeQuotedPrintable(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
      i += 2;
    } else if (in[i] == '=' && i + 2 < in.size()) {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

TEST(MailMessageTest, DateIsRfc5322InUtc) {
  EXPECT_EQ(FormatMailDate(kDate), "Fri, 15 Jan 2027 08:00:00 +0000");
}

TEST(MailMessageTest, AsciiSubjectsStayReadable) {
  EXPECT_EQ(EncodeHeaderText("Welcome to salesync"), "Welcome to salesync");
  EXPECT_EQ(FormatMailbox({"Ann \"A\" Lee", "ann@x.com"}), "\"Ann \\\"A\\\" Lee\" <ann@x.com>");
  EXPECT_EQ(FormatMailbox({"", "ann@x.com"}), "ann@x.com");
}

TEST(MailMessageTest, NonAsciiBecomesEncodedWordsOfWholeCharacters) {
  std::string subject = "Jürgen Österström, 김민준 님, you are invited to salesync — welkom, välkommen, velkommen!";
  std::string encoded = EncodeHeaderText(subject);
  EXPECT_THAT(encoded, StartsWith("=?UTF-8?B?"));
  EXPECT_EQ(DecodeWords(encoded), subject);
  for (const std::string& line : SplitString(encoded, '\n')) {
    std::string_view l = TrimWhitespace(line);
    EXPECT_LE(l.size() + 9, 76u) << l;  // "Subject: " + the word fits in 76
    // Each word decodes to valid UTF-8 on its own: no character is split.
    std::string word = DecodeWords(std::string(l));
    unsigned char first = static_cast<unsigned char>(word[0]);
    EXPECT_FALSE(first >= 0x80 && first < 0xC0) << "word starts inside a character: " << l;
  }
  std::string box = FormatMailbox({"Jürgen Müller", "j@x.de"});
  EXPECT_EQ(DecodeWords(box), "Jürgen Müller");
  EXPECT_THAT(box, HasSubstr("?= <j@x.de>"));
}

TEST(MailMessageTest, QuotedPrintableKeepsLinesShortAndRoundTrips) {
  std::string body = "Hello Jürgen,\n\nA very long line " + std::string(200, 'x') + " = end \nTrailing space \n";
  std::string qp = QuotedPrintable(body);
  for (const std::string& line : SplitString(qp, '\n')) EXPECT_LE(TrimWhitespace(line).size(), 76u);
  EXPECT_EQ(qp.find("\n"), qp.find("\r\n") + 1);  // CRLF
  EXPECT_THAT(qp, HasSubstr("J=C3=BCrgen"));
  EXPECT_THAT(qp, HasSubstr("space=20\r\n"));
  std::string lf_body;
  for (char c : DecodeQuotedPrintable(qp)) {
    if (c != '\r') lf_body += c;
  }
  EXPECT_EQ(lf_body, body);
}

TEST(MailMessageTest, RendersHeadersAndTwoPartsDeterministically) {
  MailMessage m{{"salesync", "noreply@example.org"}, {"Åsa Öberg", "asa@example.se"}, "Åsa, you are invited",
                "Hello Åsa\nLink: https://x/invite/accept?token=abc",
                "<p>Hello &Aring;sa</p>", "<1800000000000.abc@example.org>", kDate};
  std::string raw = RenderMessage(m);
  EXPECT_EQ(raw, RenderMessage(m));
  EXPECT_THAT(raw, StartsWith("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\nFrom: \"salesync\" <noreply@example.org>\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nMessage-ID: <1800000000000.abc@example.org>\r\n"));
  EXPECT_THAT(raw, HasSubstr("\r\nMIME-Version: 1.0\r\n"));
  EXPECT_THAT(raw, HasSubstr("Content-Type: multipart/alternative;\r\n boundary=\"=_salesync_"));
  EXPECT_THAT(raw, HasSubstr("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"));
  EXPECT_THAT(raw, HasSubstr("Content-Type: text/html; charset=UTF-8"));
  size_t header_end = raw.find("\r\n\r\n");
  std::string headers = raw.substr(0, header_end);
  EXPECT_EQ(headers.find('\n'), headers.find("\r\n") + 1);
  for (char c : headers) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n') {
      EXPECT_EQ(raw[i - 1], '\r') << "bare LF at " << i;
    }
  }
}

}  // namespace
}  // namespace salesync::mail
