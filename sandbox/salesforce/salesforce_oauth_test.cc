#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/random.h"
#include "sandbox/salesforce/salesforce_test_fixture.h"

namespace salesync::sandbox::salesforce {
namespace {

std::string QueryValue(const std::string& url, const std::string& name) {
  auto q = url.find('?');
  if (q == std::string::npos) return "";
  for (auto& [k, v] : net::ParseQueryString(url.substr(q + 1))) {
    if (k == name) return v;
  }
  return "";
}

std::string Sha256Base64Url(const std::string& s) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
  return Base64UrlEncode(std::string(reinterpret_cast<char*>(md), len));
}

// An RSA key and a self-signed certificate for it, as a connected app's JWT setup has.
struct RsaIdentity {
  EVP_PKEY* key = nullptr;
  std::string cert_pem;
  RsaIdentity() {
    key = EVP_RSA_gen(2048);
    X509* x = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("salesync-jwt"), -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509_sign(x, key, EVP_sha256());
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, x);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    cert_pem.assign(data, static_cast<size_t>(n));
    BIO_free(bio);
    X509_free(x);
  }
  ~RsaIdentity() { EVP_PKEY_free(key); }
  std::string Sign(const nlohmann::json& claims, const std::string& alg = "RS256") const {
    std::string input = Base64UrlEncode(nlohmann::json{{"alg", alg}}.dump()) + "." + Base64UrlEncode(claims.dump());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t len = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    return input + "." + Base64UrlEncode(sig);
  }
};

class OAuthTest : public SalesforceTest {
 protected:
  std::string AuthorizeUrl(const std::string& extra) {
    return "/services/oauth2/authorize?response_type=code&client_id=" + net::PercentEncode(kClientId) +
           "&redirect_uri=" + net::PercentEncode(kRedirectUri) + extra;
  }
  // Runs the consent page as a browser would: GET the page, submit its form with `decision`.
  std::string Consent(const std::string& extra, const std::string& decision) {
    auto page = Send("GET", AuthorizeUrl(extra));
    EXPECT_EQ(page.status, 200) << page.body;
    auto at = page.body.find("name=\"consent\" value=\"");
    EXPECT_NE(at, std::string::npos) << page.body;
    std::string id = page.body.substr(at + 22, page.body.find('"', at + 22) - at - 22);
    auto answer = Form("/services/oauth2/authorize", {{"consent", id}, {"decision", decision}});
    EXPECT_EQ(answer.status, 302) << answer.body;
    return answer.headers["location"];
  }
  net::ClientResponse Exchange(const std::string& code, const std::string& verifier, bool send_verifier = true) {
    std::vector<std::pair<std::string, std::string>> f = {{"grant_type", "authorization_code"}, {"code", code},
                                                          {"client_id", kClientId}, {"client_secret", kClientSecret},
                                                          {"redirect_uri", kRedirectUri}};
    if (send_verifier) f.push_back({"code_verifier", verifier});
    return Form("/services/oauth2/token", f);
  }
  int ApiStatus(const std::string& token) {
    return Send("GET", std::string(kV) + "/limits", "", {{"Authorization", "Bearer " + token}}).status;
  }
  const std::string verifier_ = std::string(171, 'v');  // jsforce's length: more than RFC 7636's 128
};

TEST_F(OAuthTest, ConsentPageIsARealFormAndRedirectsWithCodeAndState) {
  auto page = Send("GET", AuthorizeUrl("&state=xyz%2F1&scope=api%20refresh_token"));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("<form method=\"POST\" action=\"/services/oauth2/authorize\">"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"allow\""), std::string::npos);
  EXPECT_NE(page.body.find("value=\"deny\""), std::string::npos);
  std::string location = Consent("&state=xyz%2F1", "allow");
  EXPECT_EQ(location.rfind(std::string(kRedirectUri) + "?code=", 0), 0u) << location;
  EXPECT_EQ(QueryValue(location, "state"), "xyz/1");
  auto tokens = Exchange(QueryValue(location, "code"), "", false);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  auto j = nlohmann::json::parse(tokens.body);
  for (const char* k : {"access_token", "refresh_token", "signature", "scope", "instance_url", "id", "token_type", "issued_at"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["instance_url"], base_);
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["access_token"].get<std::string>().find('!'), 15u);  // org id, then '!'
  EXPECT_EQ(ApiStatus(j["access_token"]), 200);
}

TEST_F(OAuthTest, DeniedConsentRedirectsWithAccessDenied) {
  std::string location = Consent("&state=s1", "deny");
  EXPECT_EQ(QueryValue(location, "error"), "access_denied");
  EXPECT_EQ(QueryValue(location, "state"), "s1");
  EXPECT_EQ(QueryValue(location, "code"), "");
}

TEST_F(OAuthTest, RedirectUriMustMatchExactly) {
  for (const std::string uri : {"http://127.0.0.1:9/callback/", "http://127.0.0.1:9/callback?x=1", "http://127.0.0.1:9/CALLBACK",
                                "https://evil.example/callback"}) {
    auto r = Send("GET", "/services/oauth2/authorize?response_type=code&client_id=" + net::PercentEncode(kClientId) +
                             "&redirect_uri=" + net::PercentEncode(uri));
    EXPECT_EQ(r.status, 400) << uri;
    EXPECT_TRUE(r.headers.find("location") == r.headers.end()) << "never redirect to an unregistered URI";
    EXPECT_NE(r.body.find("redirect_uri_mismatch"), std::string::npos);
  }
  auto wrong_client = Send("GET", "/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=" +
                                      net::PercentEncode(kRedirectUri));
  EXPECT_EQ(wrong_client.status, 400);
  EXPECT_NE(wrong_client.body.find("invalid_client_id"), std::string::npos);
}

TEST_F(OAuthTest, AutoApproveRedirectsAtOnce) {
  Start([](SandboxOptions& o) {
    o.salesforce_redirect_uris = {kRedirectUri};
    o.salesforce_auto_approve = true;
  });
  auto r = Send("GET", AuthorizeUrl("&state=abc&code_challenge=" + Sha256Base64Url(verifier_)));
  ASSERT_EQ(r.status, 302);
  EXPECT_EQ(QueryValue(r.headers["location"], "state"), "abc");
  EXPECT_EQ(Exchange(QueryValue(r.headers["location"], "code"), verifier_).status, 200);
}

TEST_F(OAuthTest, PkceIsVerifiedWithMissingMethodMeaningS256) {
  const std::string challenge = Sha256Base64Url(verifier_);
  // No code_challenge_method at all (jsforce never sends one): S256.
  std::string code = QueryValue(Consent("&code_challenge=" + challenge, "allow"), "code");
  auto ok = Exchange(code, verifier_);
  EXPECT_EQ(ok.status, 200) << ok.body;
  // Reusing the code: invalid_grant.
  auto reuse = Exchange(code, verifier_);
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(nlohmann::json::parse(reuse.body)["error"], "invalid_grant");
  EXPECT_EQ(nlohmann::json::parse(reuse.body)["error_description"], "expired authorization code");
  // A wrong verifier: invalid_request; and the code is spent.
  std::string code2 = QueryValue(Consent("&code_challenge=" + challenge + "&code_challenge_method=S256", "allow"), "code");
  auto wrong = Exchange(code2, std::string(171, 'w'));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["error"], "invalid_request");
  EXPECT_EQ(Exchange(code2, verifier_).status, 400);
  // A challenge but no verifier: invalid_grant.
  std::string code3 = QueryValue(Consent("&code_challenge=" + challenge, "allow"), "code");
  auto missing = Exchange(code3, "", false);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"], "invalid_grant");
  // A 43-character verifier (RFC minimum) works; "plain" is refused at authorize.
  std::string v43(43, 'k');
  std::string code4 = QueryValue(Consent("&code_challenge=" + Sha256Base64Url(v43), "allow"), "code");
  EXPECT_EQ(Exchange(code4, v43).status, 200);
  auto plain = Send("GET", AuthorizeUrl("&code_challenge=" + challenge + "&code_challenge_method=plain"));
  EXPECT_EQ(plain.status, 302);
  EXPECT_EQ(QueryValue(plain.headers["location"], "error"), "invalid_request");
}

TEST_F(OAuthTest, CodesExpireOnTheSandboxClock) {
  std::string code = QueryValue(Consent("", "allow"), "code");
  AdvanceClock(16 * 60);
  auto r = Exchange(code, "", false);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "invalid_grant");
}

TEST_F(OAuthTest, ClientAuthenticationErrors) {
  std::string code = QueryValue(Consent("", "allow"), "code");
  auto bad_secret = Form("/services/oauth2/token", {{"grant_type", "authorization_code"}, {"code", code},
                                                    {"client_id", kClientId}, {"client_secret", "nope"},
                                                    {"redirect_uri", kRedirectUri}});
  EXPECT_EQ(bad_secret.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad_secret.body)["error"], "invalid_client");
  auto bad_client = Form("/services/oauth2/token", {{"grant_type", "client_credentials"}, {"client_id", "x"}, {"client_secret", "y"}});
  EXPECT_EQ(nlohmann::json::parse(bad_client.body)["error"], "invalid_client_id");
  auto grant = Form("/services/oauth2/token", {{"grant_type", "password"}, {"client_id", kClientId}});
  EXPECT_EQ(nlohmann::json::parse(grant.body)["error"], "unsupported_grant_type");
  // HTTP Basic works for client credentials.
  std::string basic = "Basic ";
  {
    std::string raw = std::string(kClientId) + ":" + kClientSecret;
    std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
    basic += out.substr(0, static_cast<size_t>(n));
  }
  auto r = Send("POST", "/services/oauth2/token", "grant_type=client_credentials",
                {{"Authorization", basic}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(nlohmann::json::parse(r.body).contains("refresh_token"));
}

TEST_F(OAuthTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto first = nlohmann::json::parse(Exchange(QueryValue(Consent("", "allow"), "code"), "", false).body);
  std::string rt1 = first["refresh_token"];
  auto refresh = [&](const std::string& rt) {
    return Form("/services/oauth2/token", {{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", kClientId},
                                          {"client_secret", kClientSecret}});
  };
  auto r2 = refresh(rt1);
  ASSERT_EQ(r2.status, 200) << r2.body;
  auto j2 = nlohmann::json::parse(r2.body);
  ASSERT_TRUE(j2.contains("refresh_token"));
  EXPECT_TRUE(j2.contains("id"));
  std::string rt2 = j2["refresh_token"], at2 = j2["access_token"];
  EXPECT_NE(rt1, rt2);
  EXPECT_EQ(ApiStatus(at2), 200);
  // Replaying the rotated-away token: invalid_grant, and the whole family (rt2, at2) is revoked.
  auto replay = refresh(rt1);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(nlohmann::json::parse(replay.body)["error_description"], "expired access/refresh token");
  EXPECT_EQ(ApiStatus(at2), 401);
  EXPECT_EQ(refresh(rt2).status, 400);
  auto refreshes = Effects("token.refresh");
  ASSERT_EQ(refreshes.size(), 3u);
  EXPECT_EQ(refreshes[0]["result"]["status"], 200);
  EXPECT_EQ(refreshes[1]["result"]["family_revoked"], true);
  EXPECT_EQ(refreshes[0]["actor"], kClientId);
}

TEST_F(OAuthTest, RefreshWithoutRotationKeepsTheToken) {
  Control("POST", "settings", {{"rotate_refresh_tokens", false}}, 200);
  auto first = nlohmann::json::parse(Exchange(QueryValue(Consent("", "allow"), "code"), "", false).body);
  for (int i = 0; i < 2; ++i) {
    auto r = Form("/services/oauth2/token", {{"grant_type", "refresh_token"}, {"refresh_token", first["refresh_token"]},
                                             {"client_id", kClientId}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(nlohmann::json::parse(r.body).contains("refresh_token"));
  }
}

TEST_F(OAuthTest, RevokeThenTheApiAnswers401AndRefreshInvalidGrant) {
  auto j = nlohmann::json::parse(Exchange(QueryValue(Consent("", "allow"), "code"), "", false).body);
  std::string at = j["access_token"], rt = j["refresh_token"];
  EXPECT_EQ(ApiStatus(at), 200);
  EXPECT_EQ(Form("/services/oauth2/revoke", {{"token", rt}}).status, 200);
  auto after = Send("GET", std::string(kV) + "/limits", "", {{"Authorization", "Bearer " + at}});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(nlohmann::json::parse(after.body)[0]["errorCode"], "INVALID_SESSION_ID");
  EXPECT_EQ(after.headers["www-authenticate"], "Token");
  auto r = Form("/services/oauth2/token", {{"grant_type", "refresh_token"}, {"refresh_token", rt}, {"client_id", kClientId}});
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "invalid_grant");
  EXPECT_EQ(Form("/services/oauth2/revoke", {{"token", "unknown"}}).status, 400);
  // GET ?token= revokes too.
  std::string cc = ClientCredentialsToken();
  EXPECT_EQ(Send("GET", "/services/oauth2/revoke?token=" + net::PercentEncode(cc)).status, 200);
  EXPECT_EQ(ApiStatus(cc), 401);
  EXPECT_EQ(Effects("token.revoke").size(), 3u);
}

TEST_F(OAuthTest, AccessTokensExpireOnTheSandboxClock) {
  std::string token = ClientCredentialsToken();
  EXPECT_EQ(ApiStatus(token), 200);
  AdvanceClock(7200 + 1);
  auto r = Send("GET", std::string(kV) + "/limits", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])");
  // The control API can expire one token at once.
  std::string other = ClientCredentialsToken();
  Control("POST", "tokens/expire", {{"token", other}}, 200);
  EXPECT_EQ(ApiStatus(other), 401);
  // "OAuth <token>" is accepted like "Bearer".
  std::string fresh = ClientCredentialsToken();
  EXPECT_EQ(Send("GET", std::string(kV) + "/limits", "", {{"Authorization", "OAuth " + fresh}}).status, 200);
}

TEST_F(OAuthTest, JwtBearerChecksSignatureAudienceAndExpiry) {
  RsaIdentity app, stranger;
  Control("POST", "jwt-certificate", {{"pem", app.cert_pem}}, 200);
  int64_t now = env_->clock.NowUnixMillis() / 1000;
  auto claims = [&](const std::string& aud, int64_t exp) {
    return nlohmann::json{{"iss", kClientId}, {"sub", "integration@salesync-sandbox.example.com"}, {"aud", aud}, {"exp", exp}};
  };
  auto grant = [&](const std::string& assertion) {
    return Form("/services/oauth2/token", {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", assertion}});
  };
  auto ok = grant(app.Sign(claims(base_, now + 170)));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto j = nlohmann::json::parse(ok.body);
  EXPECT_FALSE(j.contains("refresh_token"));
  EXPECT_TRUE(j.contains("id"));
  EXPECT_EQ(ApiStatus(j["access_token"]), 200);
  EXPECT_EQ(grant(app.Sign(claims("https://login.salesforce.com", now + 60))).status, 200);
  auto error_of = [&](const net::ClientResponse& r) {
    EXPECT_EQ(r.status, 400);
    return nlohmann::json::parse(r.body)["error_description"].get<std::string>();
  };
  EXPECT_EQ(error_of(grant(stranger.Sign(claims(base_, now + 60)))), "invalid assertion");
  EXPECT_EQ(error_of(grant(app.Sign(claims("https://test.salesforce.com", now + 60)))), "audience is invalid");
  EXPECT_EQ(error_of(grant(app.Sign(claims(base_, now + 600)))), "invalid assertion");  // more than 3 minutes ahead
  EXPECT_EQ(error_of(grant(app.Sign(claims(base_, now - 10)))), "expired authorization code");
  auto unknown_user = claims(base_, now + 60);
  unknown_user["sub"] = "nobody@example.com";
  EXPECT_EQ(error_of(grant(app.Sign(unknown_user))), "user hasn't approved this consumer");
  auto wrong_iss = claims(base_, now + 60);
  wrong_iss["iss"] = "someone-else";
  EXPECT_EQ(nlohmann::json::parse(grant(app.Sign(wrong_iss)).body)["error"], "invalid_client_id");
  EXPECT_EQ(error_of(grant("not.a.jwt")), "invalid assertion");
  EXPECT_EQ(Control("POST", "jwt-certificate", {{"pem", "garbage"}}, 400)["error"].is_string(), true);
}

TEST_F(OAuthTest, IdentityAndIntrospection) {
  auto j = nlohmann::json::parse(Exchange(QueryValue(Consent("&login_hint=integration%40salesync-sandbox.example.com", "allow"), "code"), "", false).body);
  std::string id_path = j["id"].get<std::string>().substr(base_.size());
  auto identity = Send("GET", id_path, "", {{"Authorization", "Bearer " + j["access_token"].get<std::string>()}});
  ASSERT_EQ(identity.status, 200) << identity.body;
  EXPECT_EQ(nlohmann::json::parse(identity.body)["username"], "integration@salesync-sandbox.example.com");
  auto intro = Form("/services/oauth2/introspect", {{"token", j["access_token"]}, {"client_id", kClientId}, {"client_secret", kClientSecret}});
  auto ij = nlohmann::json::parse(intro.body);
  EXPECT_EQ(ij["active"], true);
  EXPECT_GT(ij["exp"].get<int64_t>(), env_->clock.NowUnixMillis() / 1000);
}

}  // namespace
}  // namespace salesync::sandbox::salesforce
