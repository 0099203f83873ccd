// SandboxServer: runs emulated providers, each on its own listener (HTTP or HTTPS), with the control
// API every provider shares:
//
//   Every /_sandbox/ route requires the header "X-Sandbox-Key: <control key>" (printed in the JSON
//   line); a provider's access token never opens it.
//   POST   /_sandbox/reset     {"people":N,"activities_per_person":K,"seed":S}  reseed this provider
//   POST   /_sandbox/faults    a rule (see fault_injector.h); GET lists them; DELETE clears them
//   GET    /_sandbox/effects?since=SEQ   the effects log of this provider after SEQ
//   GET    /_sandbox/stats     call counts per endpoint, highest concurrency, rate-limit violations
//   POST   /_sandbox/clock     {"advance_secs": N}  move the sandbox clock forward (all providers)
//   anything else under /_sandbox/ goes to the provider (records, data).
//
// Usable in-process (tests start it on ephemeral ports) and from the salesync-sandbox binary.
// Thread-safety: Start/Stop from one thread; requests are served on the loop threads.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/event_loop.h"
#include "sandbox/fault_injector.h"
#include "sandbox/provider.h"

namespace salesync::sandbox {

class SandboxServer {
 public:
  SandboxServer(net::EventLoop& loop, std::shared_ptr<SandboxEnvironment> env);
  ~SandboxServer();

  // Adds a provider to listen on host:port (port 0: any free port). Call before Start().
  void AddProvider(std::unique_ptr<Provider> provider, const std::string& host, uint16_t port);

  // Generates the TLS material when options.tls_dir is set (writing TLS_DIR/ca.pem), binds every
  // provider and tells each its base URL.
  Status Start();
  void Stop();

  // The one JSON line announced on stdout: per provider its Describe() plus base_url and
  // control_url, and "ca_file" / "control_key" at the top.
  nlohmann::json Announcement() const;

  const std::string& control_key() const { return control_key_; }
  SandboxEnvironment& environment() { return *env_; }
  Provider* provider(const std::string& name);
  std::string base_url(const std::string& name) const;

 private:
  struct Listener;
  net::HttpResponse Dispatch(Listener& listener, const net::HttpRequest& request);
  net::HttpResponse Control(Listener& listener, const net::HttpRequest& request);
  net::HttpResponse ApplyFault(Listener& listener, const FaultRule& fault, const net::HttpRequest& request);

  net::EventLoop& loop_;
  std::shared_ptr<SandboxEnvironment> env_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::string control_key_;
  std::string ca_file_;
};

// JSON response with the given status (content type application/json;charset=UTF-8).
net::HttpResponse SandboxJson(int status, const nlohmann::json& body);

}  // namespace salesync::sandbox
