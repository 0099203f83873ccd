// PKCE, JWT RS256 and the token vault: the cryptographic pieces of the OAuth layer.
#include <filesystem>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oauth/jwt.h"
#include "oauth/pkce.h"
#include "oauth/token_vault.h"

namespace salesync::oauth {
namespace {

TEST(PkceTest, MatchesTheRfc7636Example) {
  // RFC 7636 appendix B.
  EXPECT_EQ(S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(PkceTest, VerifiersAreRandomAndOfALegalLength) {
  auto a = MakePkce();
  auto b = MakePkce();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->verifier, b->verifier);
  EXPECT_GE(a->verifier.size(), 43u);
  EXPECT_LE(a->verifier.size(), 128u);
  EXPECT_EQ(a->challenge, S256Challenge(a->verifier));
  for (char c : a->verifier) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
}

struct RsaKeyPair {
  std::string private_pem;
  std::string public_pem;
};

RsaKeyPair MakeRsa() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  char* d = nullptr;
  RsaKeyPair out;
  long n = BIO_get_mem_data(priv, &d);
  out.private_pem.assign(d, static_cast<size_t>(n));
  n = BIO_get_mem_data(pub, &d);
  out.public_pem.assign(d, static_cast<size_t>(n));
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return out;
}

TEST(JwtTest, SignsVerifiableAssertionsWithAtMostThreeMinutes) {
  RsaKeyPair keys = MakeRsa();
  auto now = std::chrono::system_clock::now();
  auto jwt = SignJwtRs256({"client-id", "admin@example.com", "https://login.salesforce.com", std::chrono::seconds(600)},
                          Secret(keys.private_pem), now);
  ASSERT_TRUE(jwt.ok()) << jwt.error().ToString();
  auto payload = VerifyJwtRs256(*jwt, keys.public_pem);
  ASSERT_TRUE(payload.ok()) << payload.error().ToString();
  auto claims = nlohmann::json::parse(*payload);
  EXPECT_EQ(claims["iss"], "client-id");
  EXPECT_EQ(claims["sub"], "admin@example.com");
  EXPECT_EQ(claims["aud"], "https://login.salesforce.com");
  int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  EXPECT_LE(claims["exp"].get<int64_t>(), now_s + 180);
  EXPECT_GT(claims["exp"].get<int64_t>(), now_s);
}

TEST(JwtTest, TamperedOrForeignSignaturesFail) {
  RsaKeyPair keys = MakeRsa(), other = MakeRsa();
  auto jwt = SignJwtRs256({"i", "s", "a"}, Secret(keys.private_pem), std::chrono::system_clock::now());
  ASSERT_TRUE(jwt.ok());
  EXPECT_FALSE(VerifyJwtRs256(*jwt, other.public_pem).ok());
  std::string tampered = *jwt;
  tampered[tampered.find('.') + 3] ^= 1;
  EXPECT_FALSE(VerifyJwtRs256(tampered, keys.public_pem).ok());
  EXPECT_FALSE(SignJwtRs256({"i", "s", "a"}, Secret("not a key"), std::chrono::system_clock::now()).ok());
}

TEST(TokenVaultTest, SealsAndOpensWithConnectionAndFieldBound) {
  auto vault = TokenVault::Generate();
  ASSERT_TRUE(vault.ok());
  auto sealed = vault->Seal("refresh-token-value", "salesforce", "refresh_token");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("refresh-token-value"), std::string::npos);
  auto opened = vault->Open(*sealed, "salesforce", "refresh_token");
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  EXPECT_EQ(opened->Reveal(), "refresh-token-value");
  // Moving a sealed value to another connection or field fails authentication.
  EXPECT_FALSE(vault->Open(*sealed, "marketo", "refresh_token").ok());
  EXPECT_FALSE(vault->Open(*sealed, "salesforce", "access_token").ok());
  // Nonces are fresh: the same plaintext seals differently.
  EXPECT_NE(*sealed, *vault->Seal("refresh-token-value", "salesforce", "refresh_token"));
  std::string flipped = *sealed;
  flipped.back() ^= 1;
  EXPECT_FALSE(vault->Open(flipped, "salesforce", "refresh_token").ok());
}

TEST(TokenVaultTest, AnotherKeyIsNamedNotGuessed) {
  auto a = TokenVault::Generate();
  auto b = TokenVault::Generate();
  auto sealed = a->Seal("x", "c", "f");
  auto opened = b->Open(*sealed, "c", "f");
  ASSERT_FALSE(opened.ok());
  EXPECT_THAT(opened.error().message, ::testing::HasSubstr("sealed with another vault key"));
}

TEST(TokenVaultTest, KeyFileIsGeneratedOnceWithMode0600) {
  std::string dir = ::testing::TempDir() + "/vault_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  bool generated = false;
  auto first = TokenVault::LoadOrCreate(std::nullopt, dir, &generated);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(generated);
  struct stat st {};
  ASSERT_EQ(::stat((dir + "/vault.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = TokenVault::LoadOrCreate(std::nullopt, dir, &generated);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(generated);
  EXPECT_EQ(first->key_id(), second->key_id());
  auto sealed = first->Seal("v", "c", "f");
  EXPECT_EQ(second->Open(*sealed, "c", "f")->Reveal(), "v");
}

TEST(TokenVaultTest, RejectsShortKeys) {
  EXPECT_FALSE(TokenVault::FromKeyMaterial(Secret("short")).ok());
  EXPECT_TRUE(TokenVault::FromKeyMaterial(Secret(std::string(64, 'a'))).ok());
  EXPECT_TRUE(TokenVault::FromKeyMaterial(Secret(std::string(32, 'x'))).ok());
}

}  // namespace
}  // namespace salesync::oauth
