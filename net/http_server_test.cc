#include "net/http_server.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/http_client.h"

namespace salesync::net {
namespace {

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options, HttpHandler handler) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(loop_, options, std::move(handler));
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    loop_.Stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string Url(const std::string& path) { return server_->base_url() + path; }

  EventLoop loop_{2};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

TEST_F(HttpServerTest, CallsTheHandlerWithDecodedPathQueryAndBody) {
  StartServer({}, [](const HttpRequest& r) {
    HttpResponse res;
    res.body = r.method + "|" + r.path + "|" + r.QueryParam("q").value_or("-") + "|" + r.body + "|" +
               r.Header("x-test").value_or("-");
    res.headers.push_back({"X-Reply", "yes"});
    return res;
  });
  HttpClient client;
  auto res = client.Send({"POST", Url("/a%20b?q=1%2B1"), {{"X-Test", "t"}}, "payload"});
  ASSERT_TRUE(res.ok()) << res.error().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "POST|/a b|1+1|payload|t");
  EXPECT_EQ(res->headers["x-reply"], "yes");
  EXPECT_EQ(res->headers["content-type"], "application/json");
}

TEST_F(HttpServerTest, RejectsOversizedBodiesWith413) {
  HttpServerOptions o;
  o.max_body_bytes = 100;
  StartServer(o, [](const HttpRequest&) { return HttpResponse::Text(200, "ok"); });
  HttpClient client;
  auto res = client.Send({"POST", Url("/upload"), {}, std::string(1000, 'x')});
  ASSERT_TRUE(res.ok()) << res.error().ToString();
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("payload_too_large"), std::string::npos);
}

TEST_F(HttpServerTest, RejectsOversizedHeadersWith431) {
  HttpServerOptions o;
  o.max_header_bytes = 2048;
  StartServer(o, [](const HttpRequest&) { return HttpResponse::Text(200, "ok"); });
  HttpClient client;
  auto res = client.Send({"GET", Url("/"), {{"X-Big", std::string(4096, 'a')}}});
  ASSERT_TRUE(res.ok()) << res.error().ToString();
  EXPECT_EQ(res->status, 431);
}

TEST_F(HttpServerTest, KeepsConnectionsAliveAcrossRequests) {
  std::atomic<int> calls{0};
  StartServer({}, [&](const HttpRequest&) {
    ++calls;
    return HttpResponse::Text(200, "ok");
  });
  HttpClient client;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.Send({"GET", Url("/")}).ok());
  EXPECT_EQ(calls.load(), 5);
  EXPECT_EQ(server_->open_connections(), 1u);
}

TEST_F(HttpServerTest, HandlerExceptionBecomes500) {
  StartServer({}, [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  HttpClient client;
  auto res = client.Send({"GET", Url("/")});
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 500);
}

TEST(HttpClientTest, UnreachableServerIsTransient) {
  // Bind then close a port so that nothing listens on it.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  uint16_t port = ntohs(addr.sin_port);
  ::close(fd);
  HttpClient client;
  auto res = client.Send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/x?token=secret"});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kTransient);
  EXPECT_EQ(res.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace salesync::net
