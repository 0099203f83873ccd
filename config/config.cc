#include "config/config.h"

#include <charconv>

#include "base/files.h"
#include "config/config_reader.h"

namespace salesync::config {

Result<HostPort> ParseHostPort(const std::string& text) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return MakeError(ErrorCode::kInvalidArgument, "Expected [IPV6]:PORT, found \"" + text + "\".");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) {
      return MakeError(ErrorCode::kInvalidArgument, "Expected HOST:PORT such as 127.0.0.1:8787, found \"" + text + "\".");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || port.empty() || ec != std::errc() || ptr != port.data() + port.size() || value > 65535) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Expected HOST:PORT with a port from 0 to 65535, found \"" + text + "\".");
  }
  return HostPort{host, static_cast<uint16_t>(value)};
}

namespace {

void ReadAdmin(ObjectReader r, AdminConfig& out) {
  if (auto v = r.String("listen")) {
    auto hp = ParseHostPort(*v);
    if (hp.ok()) out.listen = *v;
    else r.AddError("listen", hp.error().message);
  }
  SecretRef ref;
  if (auto t = r.SecretValue("token", Presence::kOptional, &ref)) {
    if (t->Reveal().size() < 16) {
      r.AddError("token", "The admin token is too short (expected at least 16 characters).");
    } else {
      out.token = std::move(*t);
      out.token_ref = ref;
    }
  }
  if (auto v = r.Integer("max_body_bytes", 1024, int64_t{1} << 32)) out.max_body_bytes = *v;
  if (auto v = r.Integer("max_header_bytes", 1024, 1024 * 1024)) out.max_header_bytes = *v;
  if (auto v = r.Integer("read_timeout_secs", 1, 3600)) out.read_timeout_secs = *v;
  if (auto v = r.Integer("keep_alive_timeout_secs", 1, 3600)) out.keep_alive_timeout_secs = *v;
  if (auto v = r.Integer("max_connections", 1, 100000)) out.max_connections = *v;
  r.Finish();
}

void ReadStore(ObjectReader r, StoreConfig& out) {
  if (auto v = r.String("file")) {
    if (v->empty()) r.AddError("file", "The store file name is empty (expected a file name or path).");
    else out.file = *v;
  }
  if (auto v = r.Integer("busy_timeout_ms", 0, 600000)) out.busy_timeout_ms = *v;
  if (auto v = r.Enum("synchronous", {"full", "normal"})) out.synchronous = *v;
  if (auto v = r.Integer("cache_mib", 1, 4096)) out.cache_mib = *v;
  r.Finish();
}

void ReadDaemon(ObjectReader r, DaemonConfig& out) {
  if (auto v = r.Integer("worker_threads", 1, 64)) out.worker_threads = *v;
  if (auto v = r.Integer("shutdown_timeout_secs", 1, 3600)) out.shutdown_timeout_secs = *v;
  r.Finish();
}

}  // namespace

Result<Config> ParseConfig(const std::string& file, const std::string& text, std::vector<ConfigError>* errors) {
  ConfigDocument doc(file, text);
  Config config;
  config.source_file = file;
  if (doc.parsed()) {
    ObjectReader root(doc, &doc.root(), "");
    if (!root.present()) {
      // ObjectReader already reported "expected an object".
    } else {
      if (auto v = root.String("state_dir")) config.state_dir = *v;
      if (auto v = root.Enum("log_level", {"debug", "info", "notice", "warning", "error"})) config.log_level = *v;
      ReadAdmin(root.Object("admin"), config.admin);
      ReadStore(root.Object("store"), config.store);
      ReadDaemon(root.Object("daemon"), config.daemon);
      config.connections = ReadConnections(root.Object("connections"));
      config.vault = ReadVault(root.Object("vault"));
      config.smtp = ReadSmtp(root.Object("smtp"));
      config.invites = ReadInvites(root.Object("invites"));
      config.syncs = ReadSyncs(root.Object("syncs"), config.connections);
      config.mappings = ReadMappings(root.Object("mappings"), text, config.connections);
      root.Finish();
    }
  }
  if (errors) *errors = doc.errors();
  if (!doc.errors().empty()) return ConfigErrorsToError(doc.errors());
  return config;
}

Result<Config> LoadConfig(const std::string& path, std::vector<ConfigError>* errors) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    std::vector<ConfigError> one = {{path, 0, 0, "", "Cannot read the configuration file: " + text.error().message}};
    if (errors) *errors = one;
    return ConfigErrorsToError(one);
  }
  return ParseConfig(path, *text, errors);
}

}  // namespace salesync::config
