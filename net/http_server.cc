#include "net/http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <set>

#include "base/log.h"

namespace salesync::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(EventLoop& l, HttpServerOptions o, HttpHandler h)
      : loop(l), options(std::move(o)), handler(std::move(h)), acceptor(asio::make_strand(l.io_context())) {}

  void Accept();
  void Forget(Session* s);

  EventLoop& loop;
  HttpServerOptions options;
  HttpHandler handler;
  tcp::acceptor acceptor;
  uint16_t bound_port = 0;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::set<std::shared_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(true); });
  }

  // Called on Stop(): closes an idle connection now, a busy one after its response.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->Close();
    });
  }

  void RespondServiceUnavailable() {
    auto res = std::make_shared<http::response<http::string_body>>(http::status::service_unavailable, 11);
    res->set(http::field::content_type, "application/json");
    res->set(http::field::server, server_->options.server_name);
    res->body() = R"({"error":{"code":"unavailable","message":"Too many open connections; try again shortly."}})";
    res->keep_alive(false);
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(5));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) { self->Close(); });
  }

 private:
  void ReadHeader(bool first) {
    if (closing_) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
    parser_->body_limit(server_->options.max_body_bytes);
    // The first request gets the read timeout; later ones on a kept-alive connection the idle timeout.
    stream_.expires_after(first ? server_->options.read_timeout : server_->options.keep_alive_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    busy_ = true;
    stream_.expires_after(server_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec2, size_t) { self->OnBody(ec2); });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return Close();
    }
    if (ec == http::error::header_limit) {
      return SendError(431, "request_header_fields_too_large", "The request headers are too large.");
    }
    if (ec == http::error::body_limit) {
      return SendError(413, "payload_too_large",
                       "The request body is larger than " + std::to_string(server_->options.max_body_bytes) +
                           " bytes (admin.max_body_bytes).");
    }
    return SendError(400, "bad_request", "The request is not valid HTTP/1.1: " + ec.message() + ".");
  }

  void SendError(int status, const std::string& code, const std::string& message) {
    busy_ = true;
    HttpResponse r;
    r.status = status;
    r.body = R"({"error":{"code":")" + code + R"(","message":")" + message + R"("}})";
    r.close_connection = true;
    Write(r, 11, false);
  }

  void OnBody(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    auto& req = parser_->get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    size_t q = request.target.find('?');
    std::string raw_path = request.target.substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    auto decoded = PercentDecode(raw_path, false);
    request.remote_address = remote_;
    for (const auto& field : req) {
      request.headers[std::string(field.name_string())] = std::string(field.value());
    }
    request.body = std::move(req.body());
    HttpResponse response;
    if (!decoded) {
      response.status = 400;
      response.body = R"({"error":{"code":"bad_request","message":"The request path has a malformed percent escape."}})";
    } else {
      request.path = std::move(*decoded);
      try {
        response = server_->handler(request);
      } catch (const std::exception& e) {
        LogError("Request handler failed.", {{"path", request.path}, {"error", e.what()}});
        response.status = 500;
        response.body = R"({"error":{"code":"internal","message":"The server failed to handle the request."}})";
      }
    }
    Write(response, req.version(), req.keep_alive() && !response.close_connection);
  }

  void Write(const HttpResponse& r, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version);
    res->set(http::field::server, server_->options.server_name);
    if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->insert(k, v);
    res->body() = r.body;
    res->keep_alive(keep_alive && !closing_);
    res->prepare_payload();
    stream_.expires_after(server_->options.read_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      self->busy_ = false;
      if (ec || !res->keep_alive()) return self->Close();
      self->ReadHeader(false);
    });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    server_->Forget(this);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<HttpServer::Impl> server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool busy_ = false;
  bool closing_ = false;
  bool closed_ = false;
};

void HttpServer::Impl::Forget(Session* s) {
  std::lock_guard<std::mutex> lock(mu);
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->get() == s) {
      sessions.erase(it);
      return;
    }
  }
}

void HttpServer::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(loop.io_context()),
                        [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                          if (ec) {
                            if (ec == asio::error::operation_aborted || self->stopping) return;
                            LogWarning("Accept failed.", {{"error", ec.message()}});
                            return self->Accept();
                          }
                          if (self->stopping) return;
                          auto session = std::make_shared<Session>(std::move(socket), self);
                          bool over = false;
                          {
                            std::lock_guard<std::mutex> lock(self->mu);
                            over = self->sessions.size() >= self->options.max_connections;
                            self->sessions.insert(session);
                          }
                          if (over) session->RespondServiceUnavailable();
                          else session->Start();
                          self->Accept();
                        });
}

HttpServer::HttpServer(EventLoop& loop, HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_shared<Impl>(loop, std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return MakeError(ErrorCode::kConfig, "The listen host must be an IP address, found \"" + impl_->options.host + "\".");
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  std::string where = impl_->options.host + ":" + std::to_string(impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorCode::kConfig, "Cannot listen: " + ec.message() + ".", where);
  impl_->bound_port = impl_->acceptor.local_endpoint().port();
  impl_->Accept();
  return OkStatus();
}

void HttpServer::Stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  std::set<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    sessions = impl_->sessions;
  }
  for (auto& s : sessions) s->Shutdown();
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

std::string HttpServer::base_url() const {
  const std::string& h = impl_->options.host;
  bool v6 = h.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + h + "]" : h) + ":" + std::to_string(impl_->bound_port);
}

size_t HttpServer::open_connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->sessions.size();
}

}  // namespace salesync::net
