#include "sandbox/salesforce/salesforce_jwt.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace salesync::sandbox::salesforce {

std::optional<std::string> Base64UrlDecode(std::string_view in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '-' || c == '+') v = 62;
    else if (c == '_' || c == '/') v = 63;
    else if (c == '=') break;
    else return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

Result<std::shared_ptr<const JwtVerifier>> JwtVerifier::FromPem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return MakeError(ErrorCode::kInternal, "OpenSSL could not allocate a buffer.");
  EVP_PKEY* key = nullptr;
  if (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    key = X509_get_pubkey(cert);
    X509_free(cert);
  } else {
    BIO_free(bio);
    bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  }
  BIO_free(bio);
  if (key == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument, "The JWT certificate is neither a PEM X.509 certificate nor a PEM public key.");
  }
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return MakeError(ErrorCode::kInvalidArgument, "The JWT certificate must hold an RSA key (RS256).");
  }
  return std::shared_ptr<const JwtVerifier>(new JwtVerifier(key));
}

JwtVerifier::~JwtVerifier() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

Result<nlohmann::json> JwtVerifier::Verify(std::string_view jwt) const {
  size_t a = jwt.find('.');
  size_t b = a == std::string_view::npos ? a : jwt.find('.', a + 1);
  if (b == std::string_view::npos || jwt.find('.', b + 1) != std::string_view::npos) {
    return MakeError(ErrorCode::kUnauthenticated, "The assertion is not a JWS compact serialization.");
  }
  auto header = Base64UrlDecode(jwt.substr(0, a));
  auto payload = Base64UrlDecode(jwt.substr(a + 1, b - a - 1));
  auto signature = Base64UrlDecode(jwt.substr(b + 1));
  if (!header || !payload || !signature) return MakeError(ErrorCode::kUnauthenticated, "The assertion is not base64url.");
  nlohmann::json h, claims;
  try {
    h = nlohmann::json::parse(*header);
    claims = nlohmann::json::parse(*payload);
  } catch (const nlohmann::json::exception&) {
    return MakeError(ErrorCode::kUnauthenticated, "The assertion's header or claims are not JSON.");
  }
  if (!h.is_object() || h.value("alg", "") != "RS256") {
    return MakeError(ErrorCode::kUnauthenticated, "The assertion must be signed with RS256.");
  }
  if (!claims.is_object()) return MakeError(ErrorCode::kUnauthenticated, "The assertion's claims are not an object.");
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr &&
            EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, static_cast<EVP_PKEY*>(key_)) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
                             reinterpret_cast<const unsigned char*>(jwt.data()), b) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return MakeError(ErrorCode::kUnauthenticated, "The assertion's signature does not verify.");
  return claims;
}

}  // namespace salesync::sandbox::salesforce
