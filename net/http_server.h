// HttpServer: an HTTP/1.1 server on an EventLoop (Boost.Beast), calling a pure handler per request.
//
// One session per connection, with limits: header and body size (431 / 413), a read timeout for each
// request, an idle keep-alive timeout, and a cap on open connections (503). Stop() closes the listener,
// closes idle connections at once and lets requests in flight finish, so shutdown is graceful.
// All Beast templates live in http_server.cc; users only see HttpRequest/HttpResponse.
// Thread-safety: Start/Stop from any thread; the handler is called concurrently from loop threads and
// must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "net/event_loop.h"
#include "net/http_message.h"

namespace salesync::net {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port; see HttpServer::port()
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 8 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds keep_alive_timeout{60};
  size_t max_connections = 256;
  std::string server_name = "salesync";
  // HTTPS when both are set (PEM text): the server certificate chain and its private key.
  std::string tls_certificate_pem;
  std::string tls_private_key_pem;
  // Called with +1 when a request's header has arrived and -1 when its response is written or its
  // connection dies: the number of requests in flight as the client sees them. Optional.
  std::function<void(int delta)> in_flight_observer;
};

class HttpServer {
 public:
  HttpServer(EventLoop& loop, HttpServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. kConfig when the address cannot be bound.
  Status Start();
  // Stops accepting; idle connections close now, busy ones after their response.
  void Stop();

  // The bound port (the real one when options.port was 0). REQUIRES: Start() succeeded.
  uint16_t port() const;
  // "http://HOST:PORT" (or https) with IPv6 hosts bracketed.
  std::string base_url() const;

  size_t open_connections() const;

  struct Impl;  // defined in http_server.cc; public only so that sessions there can name it

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace salesync::net
