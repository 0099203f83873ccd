#include "net/http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <set>

#include "base/log.h"

namespace salesync::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// What the server needs to know of a session, whatever its stream type.
class SessionHandle {
 public:
  virtual ~SessionHandle() = default;
  virtual void Start() = 0;
  virtual void Shutdown() = 0;
  virtual void RespondServiceUnavailable() = 0;
};

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(EventLoop& l, HttpServerOptions o, HttpHandler h)
      : loop(l), options(std::move(o)), handler(std::move(h)), acceptor(asio::make_strand(l.io_context())) {}

  void Accept();
  void Forget(SessionHandle* s);

  EventLoop& loop;
  HttpServerOptions options;
  HttpHandler handler;
  tcp::acceptor acceptor;
  std::unique_ptr<ssl::context> tls;
  uint16_t bound_port = 0;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::set<std::shared_ptr<SessionHandle>> sessions;
};

namespace {

constexpr size_t kStreamChunkBytes = 64 * 1024;

// One connection. Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
class Session : public SessionHandle, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(MakeStream(std::move(socket), *server)), server_(std::move(server)), timer_(stream_.get_executor()) {
    beast::error_code ec;
    auto ep = Tcp().socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  void Start() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Tcp().expires_after(self->server_->options.read_timeout);
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return self->Close();
          self->ReadHeader(true);
        });
      } else {
        self->ReadHeader(true);
      }
    });
  }

  void Shutdown() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->Close();
    });
  }

  void RespondServiceUnavailable() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Close();  // no handshake yet: nothing can be said over TLS
      } else {
        HttpResponse r;
        r.status = 503;
        r.body = R"({"error":{"code":"unavailable","message":"Too many open connections; try again shortly."}})";
        r.close_connection = true;
        self->busy_ = true;
        self->Send(std::make_shared<HttpResponse>(std::move(r)), 11, false);
      }
    });
  }

 private:
  static Stream MakeStream(tcp::socket socket, HttpServer::Impl& server) {
    if constexpr (kTls) return Stream(std::move(socket), *server.tls);
    else return Stream(std::move(socket));
  }

  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  void ReadHeader(bool first) {
    if (closing_) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
    parser_->body_limit(server_->options.max_body_bytes);
    // The first request gets the read timeout; later ones on a kept-alive connection the idle timeout.
    Tcp().expires_after(first ? server_->options.read_timeout : server_->options.keep_alive_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    busy_ = true;
    CountInFlight(true);
    Tcp().expires_after(server_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec2, size_t) { self->OnBody(ec2); });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      return SendError(431, "request_header_fields_too_large", "The request headers are too large.");
    }
    if (ec == http::error::body_limit) {
      return SendError(413, "payload_too_large",
                       "The request body is larger than " + std::to_string(server_->options.max_body_bytes) + " bytes.");
    }
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec.category() == asio::error::get_ssl_category() ||
        ec == ssl::error::stream_truncated) {
      return Close();
    }
    return SendError(400, "bad_request", "The request is not valid HTTP/1.1: " + ec.message() + ".");
  }

  void SendError(int status, const std::string& code, const std::string& message) {
    busy_ = true;
    auto r = std::make_shared<HttpResponse>();
    r->status = status;
    r->body = R"({"error":{"code":")" + code + R"(","message":")" + message + R"("}})";
    r->close_connection = true;
    Send(r, 11, false);
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
      std::string name(field.name_string());
      auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());  // repeated headers fold (RFC 9110 5.3)
    }
    request.body = std::move(req.body());
    auto response = std::make_shared<HttpResponse>();
    if (!decoded) {
      response->status = 400;
      response->body = R"({"error":{"code":"bad_request","message":"The request path has a malformed percent escape."}})";
    } else {
      request.path = std::move(*decoded);
      try {
        *response = server_->handler(request);
      } catch (const std::exception& e) {
        LogError("Request handler failed.", {{"path", request.path}, {"error", e.what()}});
        *response = HttpResponse{};
        response->status = 500;
        response->body = R"({"error":{"code":"internal","message":"The server failed to handle the request."}})";
      }
    }
    unsigned version = req.version();
    bool keep_alive = req.keep_alive() && !response->close_connection;
    if (response->delay.count() > 0) {
      timer_.expires_after(response->delay);
      timer_.async_wait([self = this->shared_from_this(), response, version, keep_alive](beast::error_code) {
        self->Send(response, version, keep_alive);
      });
      return;
    }
    Send(response, version, keep_alive);
  }

  template <class Body>
  void FillHeader(http::response<Body>& res, const HttpResponse& r, bool keep_alive) {
    res.set(http::field::server, server_->options.server_name);
    if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res.insert(k, v);
    res.keep_alive(keep_alive && !closing_);
  }

  void Send(std::shared_ptr<HttpResponse> r, unsigned version, bool keep_alive) {
    if (r->fault == WireFault::kDropConnection) return Close();
    Tcp().expires_after(server_->options.read_timeout);
    if (r->stream || r->fault == WireFault::kTruncateBody) return SendHeaderThenBody(std::move(r), version, keep_alive);
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r->status), version);
    FillHeader(*res, *r, keep_alive);
    res->body() = std::move(r->body);
    res->prepare_payload();
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
      self->AfterResponse(ec, res->keep_alive());
    });
  }

  // Streams and truncations: the header first, then raw body bytes (or chunks) written by hand.
  void SendHeaderThenBody(std::shared_ptr<HttpResponse> r, unsigned version, bool keep_alive) {
    auto header = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(r->status), version);
    FillHeader(*header, *r, keep_alive);
    bool chunked = false;
    if (r->fault == WireFault::kTruncateBody) {
      header->content_length(r->body.size());
      header->keep_alive(false);
    } else if (r->stream_length) {
      header->content_length(*r->stream_length);
    } else {
      header->chunked(true);
      chunked = true;
    }
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*header);
    http::async_write_header(stream_, *serializer,
                             [self = this->shared_from_this(), r, header, serializer, chunked](beast::error_code ec, size_t) {
                               if (ec) return self->Close();
                               if (r->fault == WireFault::kTruncateBody) {
                                 auto half = std::make_shared<std::string>(r->body.substr(0, r->body.size() / 2));
                                 asio::async_write(self->stream_, asio::buffer(*half),
                                                   [self, half](beast::error_code, size_t) { self->Close(); });
                                 return;
                               }
                               self->StreamNext(r, chunked, header->keep_alive());
                             });
  }

  void StreamNext(std::shared_ptr<HttpResponse> r, bool chunked, bool keep_alive) {
    chunk_.resize(kStreamChunkBytes);
    size_t n = r->stream->Read(chunk_.data(), chunk_.size());
    chunk_.resize(n);
    auto self = this->shared_from_this();
    if (n == 0) {
      if (!chunked) return AfterResponse({}, keep_alive);
      asio::async_write(stream_, http::make_chunk_last(),
                        [self, keep_alive](beast::error_code ec, size_t) { self->AfterResponse(ec, keep_alive); });
      return;
    }
    Tcp().expires_after(server_->options.read_timeout);
    auto next = [self, r, chunked, keep_alive](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->StreamNext(r, chunked, keep_alive);
    };
    if (chunked) asio::async_write(stream_, http::make_chunk(asio::buffer(chunk_)), std::move(next));
    else asio::async_write(stream_, asio::buffer(chunk_), std::move(next));
  }

  void CountInFlight(bool start) {
    if (!server_->options.in_flight_observer || counted_ == start) return;
    counted_ = start;
    server_->options.in_flight_observer(start ? 1 : -1);
  }

  void AfterResponse(beast::error_code ec, bool keep_alive) {
    busy_ = false;
    CountInFlight(false);
    if (ec || !keep_alive || closing_) return Close();
    ReadHeader(false);
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    CountInFlight(false);
    beast::error_code ec;
    timer_.cancel();
    Tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    Tcp().socket().close(ec);
    server_->Forget(this);
  }

  Stream stream_;
  std::shared_ptr<HttpServer::Impl> server_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string chunk_;
  std::string remote_;
  bool busy_ = false;
  bool counted_ = false;  // this request is counted in flight
  bool closing_ = false;
  bool closed_ = false;
};

}  // namespace

void HttpServer::Impl::Forget(SessionHandle* s) {
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
                          std::shared_ptr<SessionHandle> session;
                          if (self->tls) session = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), self);
                          else session = std::make_shared<Session<beast::tcp_stream>>(std::move(socket), self);
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
  if (!impl_->options.tls_certificate_pem.empty() || !impl_->options.tls_private_key_pem.empty()) {
    impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    impl_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                            ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    const auto& cert = impl_->options.tls_certificate_pem;
    const auto& key = impl_->options.tls_private_key_pem;
    impl_->tls->use_certificate_chain(asio::buffer(cert.data(), cert.size()), ec);
    if (!ec) impl_->tls->use_private_key(asio::buffer(key.data(), key.size()), ssl::context::pem, ec);
    if (ec) return MakeError(ErrorCode::kConfig, "The TLS certificate or key is unusable: " + ec.message() + ".");
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
  std::set<std::shared_ptr<SessionHandle>> sessions;
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
  return std::string(impl_->tls ? "https://" : "http://") + (v6 ? "[" + h + "]" : h) + ":" +
         std::to_string(impl_->bound_port);
}

size_t HttpServer::open_connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->sessions.size();
}

}  // namespace salesync::net
