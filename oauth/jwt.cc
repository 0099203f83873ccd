#include "oauth/jwt.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/random.h"
#include "base/strings.h"

namespace salesync::oauth {

namespace {

struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
struct KeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct CtxFree { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };
struct X509Free { void operator()(X509* x) const { X509_free(x); } };

std::string Base64UrlDecode(const std::string& in, bool* ok) {
  std::string b64 = in;
  for (char& c : b64) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  while (b64.size() % 4) b64 += '=';
  std::string out(b64.size() / 4 * 3 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  *ok = n >= 0;
  if (n < 0) return "";
  size_t pad = 0;
  for (size_t i = b64.size(); i > 0 && b64[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

}  // namespace

Result<std::string> SignJwtRs256(const JwtClaims& claims, const Secret& private_key_pem,
                                 std::chrono::system_clock::time_point now) {
  const std::string& pem = private_key_pem.Reveal();
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return MakeError(ErrorCode::kConfig, "The JWT private key is not a PEM RSA private key (expected the key whose "
                                         "certificate is uploaded to the connected app).");
  }
  auto lifetime = std::min(claims.lifetime, std::chrono::seconds(180));
  int64_t exp = std::chrono::duration_cast<std::chrono::seconds>((now + lifetime).time_since_epoch()).count();
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  nlohmann::json payload = {{"iss", claims.issuer}, {"sub", claims.subject}, {"aud", claims.audience}, {"exp", exp}};
  std::string signing_input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());

  std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  size_t sig_len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &sig_len, reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return MakeError(ErrorCode::kInternal, "Signing the JWT assertion failed.");
  }
  std::string sig(sig_len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sig_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
    return MakeError(ErrorCode::kInternal, "Signing the JWT assertion failed.");
  }
  sig.resize(sig_len);
  return signing_input + "." + Base64UrlEncode(sig);
}

Result<std::string> VerifyJwtRs256(const std::string& jwt, const std::string& pem) {
  auto parts = SplitString(jwt, '.');
  if (parts.size() != 3) return MakeError(ErrorCode::kPermanent, "The JWT does not have three parts.");
  bool ok = true;
  std::string header = Base64UrlDecode(parts[0], &ok);
  bool ok2 = true;
  std::string payload = Base64UrlDecode(parts[1], &ok2);
  bool ok3 = true;
  std::string sig = Base64UrlDecode(parts[2], &ok3);
  if (!ok || !ok2 || !ok3) return MakeError(ErrorCode::kPermanent, "The JWT is not base64url.");
  try {
    if (nlohmann::json::parse(header).value("alg", "") != "RS256") {
      return MakeError(ErrorCode::kPermanent, "The JWT is not signed with RS256.");
    }
  } catch (const nlohmann::json::exception&) {
    return MakeError(ErrorCode::kPermanent, "The JWT header is not JSON.");
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<EVP_PKEY, KeyFree> key;
  if (pem.find("CERTIFICATE") != std::string::npos) {
    std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (cert) key.reset(X509_get_pubkey(cert.get()));
  } else {
    key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  }
  if (!key) return MakeError(ErrorCode::kConfig, "The verification key is not a PEM certificate or public key.");
  std::string signing_input = parts[0] + "." + parts[1];
  std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
    return MakeError(ErrorCode::kPermanent, "The JWT signature does not verify.");
  }
  return payload;
}

}  // namespace salesync::oauth
