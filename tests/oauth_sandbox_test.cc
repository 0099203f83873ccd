// Issue 4 against the sandbox: every flow end to end with the daemon's real connection stack
// (ConnectionManager, TokenClient, ApiClient, TokenVault, TokenStore) over HTTPS with the sandbox's CA.
#include <atomic>
#include <fstream>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sstream>
#include <thread>
#include <vector>

#include "net/http_message.h"
#include "net/tls_certificates.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::testing {
namespace {

constexpr const char* kCallback = "http://127.0.0.1:9/oauth/callback";
constexpr const char* kQuery = "/services/data/v60.0/query?q=SELECT+Id,Email+FROM+Contact+ORDER+BY+Id";

// A sandbox with an extra authorization-code connection "web" whose redirect URI the sandbox has
// registered and auto-approves (the consent page itself is covered by the browser test).
ConnectedSandboxOptions WithWebConnection() {
  ConnectedSandboxOptions o;
  o.tweak_sandbox = [](sandbox::SandboxOptions& s) {
    s.salesforce_redirect_uris = {kCallback};
    s.salesforce_auto_approve = true;
  };
  o.tweak_connections = [](std::map<std::string, config::ConnectionConfig>& c, const nlohmann::json&) {
    config::ConnectionConfig web = c.at("sf");
    web.name = "web";
    web.flow = "authorization_code";
    web.redirect_uri = kCallback;
    c["web"] = web;
  };
  return o;
}

// What a browser does with the authorize URL when the provider auto-approves: follow it to the
// redirect and read `code` and `state` from the Location.
struct Redirect {
  std::string code, state, error;
};
Redirect FollowAuthorize(ConnectedSandbox& sb, const std::string& authorize_url) {
  net::HttpClient client;
  net::ClientRequest r{"GET", authorize_url};
  r.ca_file = sb.ca_file();
  auto res = client.Send(r);
  EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
  Redirect out;
  if (!res.ok()) return out;
  EXPECT_EQ(res->status, 302) << res->body;
  auto it = res->headers.find("Location");
  EXPECT_TRUE(it != res->headers.end());
  if (it == res->headers.end()) return out;
  const std::string* loc = &it->second;
  EXPECT_EQ(loc->rfind(kCallback, 0), 0u) << *loc;
  auto q = loc->find('?');
  if (q == std::string::npos) return out;
  for (const auto& [k, v] : net::ParseQueryString(loc->substr(q + 1))) {
    if (k == "code") out.code = v;
    if (k == "state") out.state = v;
    if (k == "error") out.error = v;
  }
  return out;
}

void Authorize(ConnectedSandbox& sb, const std::string& name) {
  auto start = sb.connections().BeginAuthorization(name);
  ASSERT_TRUE(start.ok()) << start.error().ToString();
  Redirect r = FollowAuthorize(sb, start->authorize_url);
  auto done = sb.connections().CompleteAuthorization(r.state, r.code, r.error, "");
  ASSERT_TRUE(done.ok) << done.message;
  auto attempt = sb.connections().Attempt(start->attempt_id);
  ASSERT_TRUE(attempt.ok());
  EXPECT_EQ(attempt->status, "connected");
}

std::string StateOf(ConnectedSandbox& sb, const std::string& name) {
  for (const auto& c : sb.connections().Describe()) {
    if (c["name"] == name) return c["state"];
  }
  return "";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(OAuthSandboxTest, ClientCredentialsConnectBothProvidersAndCallThem) {
  ConnectedSandbox sb;
  ASSERT_TRUE(sb.Start().ok());
  auto limits = sb.api().Call("sf", {"GET", "/services/data/v60.0/limits"});
  ASSERT_TRUE(limits.ok()) << limits.error().ToString();
  EXPECT_EQ(limits->http.status, 200);
  auto describe = sb.api().Call("mkto", {"GET", "/rest/v1/leads/describe.json"});
  ASSERT_TRUE(describe.ok()) << describe.error().ToString();
  EXPECT_NE(describe->http.body.find("\"success\":true"), std::string::npos) << describe->http.body;
  EXPECT_EQ(sb.Effects("salesforce", "token.client_credentials").size(), 1u);
  EXPECT_EQ(StateOf(sb, "sf"), "connected");
  EXPECT_EQ(StateOf(sb, "mkto"), "connected");
}

TEST(OAuthSandboxTest, AuthorizationCodeWithPkceConnectsAndStateIsSingleUse) {
  ConnectedSandbox sb(WithWebConnection());
  ASSERT_TRUE(sb.Start().ok());
  auto start = sb.connections().BeginAuthorization("web");
  ASSERT_TRUE(start.ok()) << start.error().ToString();
  EXPECT_NE(start->authorize_url.find("code_challenge_method=S256"), std::string::npos);
  EXPECT_NE(start->authorize_url.find("code_challenge="), std::string::npos);
  Redirect r = FollowAuthorize(sb, start->authorize_url);
  ASSERT_FALSE(r.code.empty());
  auto done = sb.connections().CompleteAuthorization(r.state, r.code, "", "");
  EXPECT_TRUE(done.ok) << done.message;
  EXPECT_EQ(done.connection, "web");
  auto call = sb.api().Call("web", {"GET", kQuery});
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  EXPECT_EQ(call->http.status, 200);
  auto grants = sb.Effects("salesforce", "token.authorization_code");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0]["result"]["status"], 200);

  // The same state again (a reload of the callback page, or an attacker replaying it) finds nothing.
  auto replay = sb.connections().CompleteAuthorization(r.state, r.code, "", "");
  EXPECT_FALSE(replay.ok);
  EXPECT_NE(replay.message.find("unknown or was already used"), std::string::npos) << replay.message;
  auto unknown = sb.connections().CompleteAuthorization("not-a-state-we-issued", "somecode", "", "");
  EXPECT_FALSE(unknown.ok);
  EXPECT_EQ(sb.Effects("salesforce", "token.authorization_code").size(), 1u) << "no exchange for a bad state";
}

TEST(OAuthSandboxTest, PkceVerifierMismatchIsRejectedByTheProvider) {
  ConnectedSandbox sb(WithWebConnection());
  ASSERT_TRUE(sb.Start().ok());
  // Two attempts: the code issued for A's challenge is presented through B's state, so B's verifier is
  // sent with it, as when a code is intercepted and replayed into another sign-in.
  auto a = sb.connections().BeginAuthorization("web");
  auto b = sb.connections().BeginAuthorization("web");
  ASSERT_TRUE(a.ok() && b.ok());
  Redirect ra = FollowAuthorize(sb, a->authorize_url);
  Redirect rb = FollowAuthorize(sb, b->authorize_url);
  auto done = sb.connections().CompleteAuthorization(rb.state, ra.code, "", "");
  EXPECT_FALSE(done.ok);
  EXPECT_FALSE(done.message.empty());
  EXPECT_EQ(done.message.find(ra.code), std::string::npos) << "the code is not echoed";
  auto grants = sb.Effects("salesforce", "token.authorization_code");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_NE(grants[0]["result"].dump().find("invalid"), std::string::npos) << grants[0].dump();
  EXPECT_NE(StateOf(sb, "web"), "connected");
  auto attempt = sb.connections().Attempt(b->attempt_id);
  ASSERT_TRUE(attempt.ok());
  EXPECT_EQ(attempt->status, "failed");
}

TEST(OAuthSandboxTest, ProviderErrorOnCallbackIsASentence) {
  ConnectedSandbox sb(WithWebConnection());
  ASSERT_TRUE(sb.Start().ok());
  auto start = sb.connections().BeginAuthorization("web");
  ASSERT_TRUE(start.ok());
  Redirect r = FollowAuthorize(sb, start->authorize_url);
  auto done = sb.connections().CompleteAuthorization(r.state, "", "access_denied", "end-user denied authorization");
  EXPECT_FALSE(done.ok);
  EXPECT_NE(done.message.find("denied"), std::string::npos) << done.message;
  EXPECT_EQ(done.message.find("access_denied"), std::string::npos) << "a sentence, not the raw code: " << done.message;
}

TEST(OAuthSandboxTest, JwtBearerSignsAnAssertionTheProviderAccepts) {
  // An RSA key whose public half is registered with the sandbox's connected app.
  EVP_PKEY* key = EVP_RSA_gen(2048);
  ASSERT_NE(key, nullptr);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  ASSERT_EQ(PEM_write_bio_PUBKEY(pub, key), 1);
  auto read_bio = [](BIO* b) {
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<size_t>(n));
  };
  std::string private_pem = read_bio(priv), public_pem = read_bio(pub);
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);

  ConnectedSandboxOptions o;
  o.tweak_connections = [&](std::map<std::string, config::ConnectionConfig>& c, const nlohmann::json& announced) {
    config::ConnectionConfig jwt = c.at("sf");
    jwt.name = "jwt";
    jwt.flow = "jwt_bearer";
    jwt.client_secret.reset();
    jwt.private_key = Secret(private_pem);
    jwt.username = announced["salesforce"]["integration_username"];
    c["jwt"] = jwt;
  };
  ConnectedSandbox sb(o);
  ASSERT_TRUE(sb.Start().ok());
  ASSERT_FALSE(sb.connection_configs().at("jwt").username.empty());
  ASSERT_TRUE(sb.Control("salesforce", "POST", "jwt-certificate", {{"pem", public_pem}}).ok());
  Status s = sb.connections().ConnectNow("jwt");
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  auto call = sb.api().Call("jwt", {"GET", "/services/data/v60.0/limits"});
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  auto grants = sb.Effects("salesforce", "token.jwt_bearer");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0]["result"]["status"], 200) << grants[0].dump();
}

TEST(OAuthSandboxTest, ExpiryInTheMiddleOfAPagedReadIsInvisibleToTheCaller) {
  ConnectedSandboxOptions o = WithWebConnection();
  o.seed.people = 2000;  // several 200-record pages of Contacts
  ConnectedSandbox sb(o);
  ASSERT_TRUE(sb.Start().ok());
  Authorize(sb, "web");
  net::ClientRequest first{"GET", kQuery};
  first.headers.push_back({"Sforce-Query-Options", "batchSize=200"});
  auto page = sb.api().Call("web", first);
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  auto body = nlohmann::json::parse(page->http.body);
  size_t seen = body["records"].size();
  int64_t total = body["totalSize"];
  int pages = 1;
  while (!body["done"].get<bool>()) {
    // The provider forgets every access token between pages (expiry, admin revoking sessions...).
    ASSERT_TRUE(sb.Control("salesforce", "POST", "tokens/expire", {{"all", true}}).ok());
    auto next = sb.api().Call("web", {"GET", body["nextRecordsUrl"].get<std::string>()});
    ASSERT_TRUE(next.ok()) << next.error().ToString();
    body = nlohmann::json::parse(next->http.body);
    seen += body["records"].size();
    ++pages;
  }
  EXPECT_EQ(static_cast<int64_t>(seen), total);
  EXPECT_GT(pages, 1);
  auto refreshes = sb.Effects("salesforce", "token.refresh");
  EXPECT_EQ(static_cast<int>(refreshes.size()), pages - 1) << "one refresh per expiry";
  for (const auto& e : refreshes) EXPECT_EQ(e["result"]["status"], 200) << e.dump();
  EXPECT_EQ(StateOf(sb, "web"), "connected");
}

TEST(OAuthSandboxTest, SixteenConcurrentCallsOnAnExpiredTokenCauseExactlyOneRefresh) {
  ConnectedSandbox sb(WithWebConnection());
  ASSERT_TRUE(sb.Start().ok());
  Authorize(sb, "web");
  ASSERT_TRUE(sb.api().Call("web", {"GET", "/services/data/v60.0/limits"}).ok());
  ASSERT_TRUE(sb.Control("salesforce", "POST", "tokens/expire", {{"all", true}}).ok());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      auto r = sb.api().Call("web", {"GET", "/services/data/v60.0/limits"});
      if (r.ok() && r->http.status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 16);
  EXPECT_EQ(sb.Effects("salesforce", "token.refresh").size(), 1u);

  // The same when the manager itself sees the expiry coming (clock past the token's lifetime).
  sb.AdvanceClock(3 * 3600);
  threads.clear();
  ok = 0;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      auto r = sb.api().Call("web", {"GET", "/services/data/v60.0/limits"});
      if (r.ok() && r->http.status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 16);
  EXPECT_EQ(sb.Effects("salesforce", "token.refresh").size(), 2u);
}

TEST(OAuthSandboxTest, RevokedRefreshTokenPausesTheConnectionUntilReconnected) {
  ConnectedSandbox sb(WithWebConnection());
  ASSERT_TRUE(sb.Start().ok());
  Authorize(sb, "web");
  auto refresh = sb.OpenStoredSecret("web", "refresh_token");
  ASSERT_TRUE(refresh.ok()) << refresh.error().ToString();
  // The admin revokes the app's access at the provider; then the access token expires.
  ASSERT_TRUE(sb.Control("salesforce", "POST", "tokens/revoke", {{"token", refresh->Reveal()}}).ok());
  ASSERT_TRUE(sb.Control("salesforce", "POST", "tokens/expire", {{"all", true}}).ok());

  auto paused = sb.api().Call("web", {"GET", "/services/data/v60.0/limits"});
  ASSERT_FALSE(paused.ok());
  EXPECT_EQ(paused.error().code, ErrorCode::kUnauthenticated) << paused.error().ToString();
  EXPECT_EQ(StateOf(sb, "web"), "needs_reauth");
  // Paused, not hammering: another call does not reach the provider's token endpoint again.
  size_t refreshes = sb.Effects("salesforce", "token.refresh").size();
  auto again = sb.api().Call("web", {"GET", "/services/data/v60.0/limits"});
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(sb.Effects("salesforce", "token.refresh").size(), refreshes);
  EXPECT_NE(sb.metrics().RenderPrometheus().find("needs_reauth"), std::string::npos);

  // `salesyncctl connect web` again: work resumes.
  Authorize(sb, "web");
  EXPECT_EQ(StateOf(sb, "web"), "connected");
  auto resumed = sb.api().Call("web", {"GET", "/services/data/v60.0/limits"});
  ASSERT_TRUE(resumed.ok()) << resumed.error().ToString();
  EXPECT_EQ(resumed->http.status, 200);
}

TEST(OAuthSandboxTest, AWrongCaFailsClosed) {
  auto other = net::GenerateThrowawayTls("someone-else");
  ASSERT_TRUE(other.ok());
  std::string other_ca;
  ConnectedSandboxOptions o;
  o.connect = false;
  o.tweak_connections = [&](std::map<std::string, config::ConnectionConfig>& c, const nlohmann::json&) {
    other_ca = ::testing::TempDir() + "/other-ca-" + std::to_string(::getpid()) + ".pem";
    std::ofstream(other_ca) << other->ca_certificate_pem;
    c["sf"].ca_file = other_ca;
    c["mkto"].ca_file = "";  // the system store does not know the sandbox's CA either
  };
  ConnectedSandbox sb(o);
  ASSERT_TRUE(sb.Start().ok());
  Status sf = sb.connections().ConnectNow("sf");
  EXPECT_FALSE(sf.ok());
  Status mk = sb.connections().ConnectNow("mkto");
  EXPECT_FALSE(mk.ok());
  EXPECT_TRUE(sb.Effects("salesforce", "token.").empty()) << "no request got through";
  EXPECT_NE(StateOf(sb, "sf"), "connected");
  auto stored = sb.tokens().AllSealedValues();
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->empty());
}

TEST(OAuthSandboxTest, NoPlaintextTokenInStoreLogsOrMetricsAfterAFullCycle) {
  ConnectedSandbox sb(WithWebConnection());
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(sb.Start().ok());
  Authorize(sb, "web");
  std::vector<std::string> secrets;
  auto remember = [&] {
    for (const char* field : {"access_token", "refresh_token"}) {
      auto s = sb.OpenStoredSecret("web", field);
      ASSERT_TRUE(s.ok());
      secrets.push_back(s->Reveal());
    }
    auto a = sb.OpenStoredSecret("sf", "access_token");
    ASSERT_TRUE(a.ok());
    secrets.push_back(a->Reveal());
  };
  remember();
  ASSERT_TRUE(sb.Control("salesforce", "POST", "tokens/expire", {{"all", true}}).ok());
  ASSERT_TRUE(sb.api().Call("web", {"GET", "/services/data/v60.0/limits"}).ok());  // refresh, rotation
  remember();
  // A failing call logs too; its message must not carry the token either.
  ASSERT_TRUE(sb.InjectFault("salesforce", {{"match", "GET /services/data/v60.0/limits"}, {"count", 1},
                                             {"kind", "status"}, {"status", 400}}).ok());
  EXPECT_FALSE(sb.api().Call("web", {"GET", "/services/data/v60.0/limits"}).ok());
  auto vault_next = oauth::TokenVault::Generate();
  ASSERT_TRUE(vault_next.ok());
  ASSERT_TRUE(sb.connections().RotateVault(std::make_shared<const oauth::TokenVault>(std::move(*vault_next))).ok());
  auto after_rotation = sb.api().Call("web", {"GET", "/services/data/v60.0/limits"});
  EXPECT_TRUE(after_rotation.ok());
  std::string metrics = sb.metrics().RenderPrometheus();
  std::string describe = sb.connections().Describe().dump();
  sb.Stop();
  std::string logs = ::testing::internal::GetCapturedStderr();
  std::string db = ReadFile(sb.state_dir() + "/salesync.db") + ReadFile(sb.state_dir() + "/salesync.db-wal");
  ASSERT_GE(secrets.size(), 6u);
  for (const auto& s : secrets) {
    ASSERT_GE(s.size(), 20u);
    EXPECT_EQ(db.find(s), std::string::npos) << "a token is stored in plaintext";
    EXPECT_EQ(logs.find(s), std::string::npos) << "a token is in the logs";
    EXPECT_EQ(metrics.find(s), std::string::npos);
    EXPECT_EQ(describe.find(s), std::string::npos);
  }
  std::string client_secret = sb.announcement()["salesforce"]["client_secret"];
  EXPECT_EQ(db.find(client_secret), std::string::npos);
  EXPECT_EQ(logs.find(client_secret), std::string::npos);
}

TEST(OAuthSandboxTest, MarketoIdentityTokenIsRenewedOn601And602) {
  ConnectedSandbox sb;
  ASSERT_TRUE(sb.Start().ok());
  ASSERT_TRUE(sb.api().Call("mkto", {"GET", "/rest/v1/leads/describe.json"}).ok());
  // Past the token's lifetime: the next call either renews ahead of time or meets 602/601 and renews.
  sb.AdvanceClock(3700);
  auto r = sb.api().Call("mkto", {"GET", "/rest/v1/leads/describe.json"});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_NE(r->http.body.find("\"success\":true"), std::string::npos) << r->http.body;
  // An injected 601 inside an HTTP 200 (Marketo's way) is treated as an expired token.
  ASSERT_TRUE(sb.InjectFault("marketo", {{"match", "GET /rest/v1/leads/describe.json"}, {"count", 1},
                                         {"kind", "expired_token"}}).ok());
  auto r2 = sb.api().Call("mkto", {"GET", "/rest/v1/leads/describe.json"});
  ASSERT_TRUE(r2.ok()) << r2.error().ToString();
  EXPECT_NE(r2->http.body.find("\"success\":true"), std::string::npos) << r2->http.body;
}

}  // namespace
}  // namespace salesync::testing
