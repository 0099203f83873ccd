#include "mail/smtp_client.h"

#include <algorithm>
#include <cstring>
#include <curl/curl.h>

#include "base/log.h"
#include "base/strings.h"

namespace salesync::mail {

namespace {

struct Transfer {
  const std::string* data = nullptr;
  size_t offset = 0;
  std::string incoming;  // the server's reply lines since the start of this message
  const std::function<bool()>* should_stop = nullptr;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = std::min(size * count, t->data->size() - t->offset);
  std::memcpy(buffer, t->data->data() + t->offset, n);
  t->offset += n;
  return n;
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  // Only what the server says. Outgoing lines (CURLINFO_HEADER_OUT) may carry AUTH credentials.
  if (type == CURLINFO_HEADER_IN) {
    auto* t = static_cast<Transfer*>(user);
    if (t->incoming.size() < 64 * 1024) t->incoming.append(data, size);
  }
  return 0;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return (*t->should_stop && (*t->should_stop)()) ? 1 : 0;
}

// The reply with `code` in `incoming` (the failing one: libcurl may have sent QUIT since, and "221 Bye" is
// not the reason), as one line; a multi-line reply ("550-...", then "550 ...") is joined.
std::string FailedReply(const std::string& incoming, long code) {
  std::vector<std::string> replies;
  std::string current;
  for (const std::string& raw : SplitString(incoming, '\n')) {
    std::string line(TrimWhitespace(raw));
    if (line.empty()) continue;
    current += (current.empty() ? "" : " ") + line;
    if (line.size() < 4 || line[3] != '-') {
      replies.push_back(current);
      current.clear();
    }
  }
  std::string wanted = std::to_string(code);
  for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
    if (code > 0 && it->compare(0, wanted.size(), wanted) == 0) return *it;
  }
  for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
    if (it->compare(0, 3, "221") != 0) return *it;
  }
  return "";
}

}  // namespace

SmtpClient::SmtpClient(SmtpOptions options, std::function<bool()> should_stop)
    : options_(std::move(options)), should_stop_(std::move(should_stop)) {}

SmtpClient::~SmtpClient() = default;

void* SmtpClient::NewHandle() {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return nullptr;
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (StartsWith(options_.url, "smtp://")) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(options_.require_starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.Reveal().c_str());
  }
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // feeds OnDebug; nothing is printed
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  return curl;
}

SendOutcome SmtpClient::SendOne(void* handle, const OutgoingMail& mail) {
  CURL* curl = static_cast<CURL*>(handle);
  Transfer t;
  t.data = &mail.data;
  t.should_stop = &should_stop_;
  std::string from = "<" + mail.envelope_from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + mail.recipient + ">").c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READDATA, &t);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.data.size()));
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &t);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connections_opened_ += connects;
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(rcpt);

  SendOutcome outcome;
  outcome.smtp_code = static_cast<int>(code);
  if (rc == CURLE_OK) {
    outcome.verdict = SendVerdict::kSent;
    return outcome;
  }
  std::string reply = FailedReply(t.incoming, code);
  std::string reason = error[0] != '\0' ? std::string(error) : std::string(curl_easy_strerror(rc));
  outcome.detail = reply.empty() || code < 400 ? reason : reply;
  if (code >= 500 && code < 600 && code != 530 && code != 535 && code != 534 && code != 538) {
    // A permanent rejection of this message (RFC 5321 §4.2.1). AUTH and TLS refusals (530, 534, 535,
    // 538) are about our configuration, not the message: they stay retryable.
    outcome.verdict = SendVerdict::kPermanent;
  } else {
    outcome.verdict = SendVerdict::kTransient;
    if (rc == CURLE_LOGIN_DENIED || code == 535 || code == 534 || code == 530 || rc == CURLE_USE_SSL_FAILED ||
        rc == CURLE_PEER_FAILED_VERIFICATION) {
      LogError("The SMTP server refused us; check the smtp section of the configuration.",
               {{"url", options_.url}, {"reason", outcome.detail}});
    }
  }
  return outcome;
}

std::vector<SendOutcome> SmtpClient::SendBatch(const std::vector<OutgoingMail>& batch) {
  std::vector<SendOutcome> outcomes;
  outcomes.reserve(batch.size());
  CURL* curl = static_cast<CURL*>(NewHandle());
  for (const OutgoingMail& mail : batch) {
    if (curl == nullptr) {
      outcomes.push_back({SendVerdict::kTransient, 0, "libcurl could not create a handle"});
      continue;
    }
    SendOutcome o = SendOne(curl, mail);
    if (o.verdict != SendVerdict::kSent) {
      // Start the next message on a fresh connection: the server may be mid-transaction.
      curl_easy_cleanup(curl);
      curl = static_cast<CURL*>(NewHandle());
    }
    outcomes.push_back(std::move(o));
  }
  if (curl != nullptr) curl_easy_cleanup(curl);  // sends QUIT
  return outcomes;
}

}  // namespace salesync::mail
