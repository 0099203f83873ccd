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

namespace salesync::net {
namespace {

class StringSource : public BodySource {
 public:
  StringSource(size_t total) : total_(total) {}
  size_t Read(char* buffer, size_t max) override {
    size_t n = std::min(max, total_ - sent_);
    for (size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (sent_ + i) % 26);
    sent_ += n;
    return n;
  }

 private:
  size_t total_;
  size_t sent_ = 0;
};

std::string Expected(size_t n) {
  std::string s(n, ' ');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

TEST_F(HttpServerTest, StreamsBodiesChunkedAndWithLength) {
  StartServer({}, [](const HttpRequest& r) {
    HttpResponse res;
    res.content_type = "text/csv";
    res.stream = std::make_shared<StringSource>(300000);
    if (r.path == "/sized") res.stream_length = 300000;
    return res;
  });
  HttpClient client;
  for (const char* path : {"/chunked", "/sized"}) {
    auto res = client.Send({"GET", Url(path)});
    ASSERT_TRUE(res.ok()) << res.error().ToString();
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, Expected(300000)) << path;
  }
  // Still usable for a normal request on the same connection afterwards.
  EXPECT_TRUE(client.Send({"GET", Url("/sized")}).ok());
}

TEST_F(HttpServerTest, InjectedWireFaultsReachTheClient) {
  StartServer({}, [](const HttpRequest& r) {
    HttpResponse res;
    res.body = std::string(1000, 'x');
    if (r.path == "/drop") res.fault = WireFault::kDropConnection;
    if (r.path == "/truncate") res.fault = WireFault::kTruncateBody;
    if (r.path == "/slow") res.delay = std::chrono::milliseconds(50);
    return res;
  });
  HttpClient client;
  auto dropped = client.Send({"GET", Url("/drop")});
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().code, ErrorCode::kTransient);
  auto truncated = client.Send({"GET", Url("/truncate")});
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, ErrorCode::kTransient);
  auto slow = client.Send({"GET", Url("/slow")});
  ASSERT_TRUE(slow.ok());
  EXPECT_EQ(slow->body.size(), 1000u);
}

}  // namespace
}  // namespace salesync::net
