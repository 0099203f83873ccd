#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

#include "net/http_client.h"
#include "net/http_server.h"
#include "net/tls_certificates.h"

namespace salesync::net {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tls = GenerateThrowawayTls();
    ASSERT_TRUE(tls.ok()) << tls.error().ToString();
    tls_ = *tls;
    ca_file_ = ::testing::TempDir() + "/tls_test_ca_" + std::to_string(::getpid()) + ".pem";
    std::ofstream(ca_file_) << tls_.ca_certificate_pem;
    HttpServerOptions o;
    o.tls_certificate_pem = tls_.server_certificate_pem;
    o.tls_private_key_pem = tls_.server_private_key_pem;
    server_ = std::make_unique<HttpServer>(loop_, o, [](const HttpRequest& r) { return HttpResponse::Text(200, "secure " + r.path); });
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  void TearDown() override {
    server_->Stop();
    loop_.Stop();
    thread_.join();
  }
  ThrowawayTls tls_;
  std::string ca_file_;
  EventLoop loop_{1};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

TEST_F(TlsTest, VerifiesAgainstTheGivenCa) {
  EXPECT_EQ(server_->base_url().rfind("https://127.0.0.1:", 0), 0u);
  HttpClient client;
  ClientRequest r{"GET", server_->base_url() + "/x"};
  r.ca_file = ca_file_;
  auto res = client.Send(r);
  ASSERT_TRUE(res.ok()) << res.error().ToString();
  EXPECT_EQ(res->body, "secure /x");
}

TEST_F(TlsTest, FailsClosedWithoutTheCa) {
  HttpClient client;
  auto res = client.Send({"GET", server_->base_url() + "/x"});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kPermanent);
}

TEST_F(TlsTest, FailsClosedWithAnotherCa) {
  auto other = GenerateThrowawayTls();
  ASSERT_TRUE(other.ok());
  std::string other_file = ca_file_ + ".other";
  std::ofstream(other_file) << other->ca_certificate_pem;
  HttpClient client;
  ClientRequest r{"GET", server_->base_url() + "/x"};
  r.ca_file = other_file;
  auto res = client.Send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kPermanent);
}

}  // namespace
}  // namespace salesync::net
