#include "tests/support/connected_sandbox.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

#include "sandbox/marketo/marketo_provider.h"
#include "sandbox/salesforce/salesforce_provider.h"

namespace salesync::testing {

namespace {

std::string FreshDir() {
  static int counter = 0;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "connected_sandbox";
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  std::string dir = ::testing::TempDir() + "/cs_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

ConnectedSandbox::ConnectedSandbox(ConnectedSandboxOptions options) : options_(std::move(options)) {}

ConnectedSandbox::~ConnectedSandbox() { Stop(); }

Status ConnectedSandbox::Start() {
  state_dir_ = FreshDir();
  env_ = std::make_shared<sandbox::SandboxEnvironment>();
  env_->options.seed = options_.seed;
  env_->options.marketo_rate_per_20s = 1000000;
  env_->options.marketo_daily_quota = 1000000000;
  env_->options.marketo_concurrency = 64;
  env_->options.salesforce_daily_limit = 100000000;
  if (options_.tls) env_->options.tls_dir = state_dir_ + "/tls";
  if (options_.tweak_sandbox) options_.tweak_sandbox(env_->options);

  server_ = std::make_unique<sandbox::SandboxServer>(loop_, env_);
  server_->AddProvider(sandbox::salesforce::MakeSalesforceProvider(env_), "127.0.0.1", 0);
  server_->AddProvider(std::make_unique<sandbox::marketo::MarketoProvider>(env_), "127.0.0.1", 0);
  if (auto s = server_->Start(); !s.ok()) return s;
  loop_thread_ = std::thread([this] { loop_.Run(); });
  started_ = true;
  announcement_ = server_->Announcement();
  ca_file_ = announcement_.value("ca_file", "");

  const auto& sf = announcement_["salesforce"];
  config::ConnectionConfig s;
  s.name = "sf";
  s.type = "salesforce";
  s.flow = "client_credentials";
  s.client_id = sf["client_id"].get<std::string>();
  s.client_secret = Secret(sf["client_secret"].get<std::string>());
  s.login_url = sf["login_url"].get<std::string>();
  s.ca_file = ca_file_;
  s.timeout_secs = 30;
  configs_[s.name] = s;

  const auto& mk = announcement_["marketo"];
  config::ConnectionConfig m;
  m.name = "mkto";
  m.type = "marketo";
  m.flow = "client_credentials";
  m.client_id = mk["client_id"].get<std::string>();
  m.client_secret = Secret(mk["client_secret"].get<std::string>());
  m.identity_url = mk["identity_url"].get<std::string>();
  m.base_url = mk["base_url"].get<std::string>();
  m.ca_file = ca_file_;
  m.timeout_secs = 30;
  configs_[m.name] = m;
  if (options_.tweak_connections) options_.tweak_connections(configs_, announcement_);

  auto store = store::Store::Open({state_dir_ + "/salesync.db", 5000, "normal"});
  if (!store.ok()) return store.error();
  store_ = std::move(store).value();
  tokens_ = std::make_unique<store::TokenStore>(store_.get());
  auto vault = oauth::TokenVault::Generate();
  if (!vault.ok()) return vault.error();
  vault_ = std::make_shared<const oauth::TokenVault>(std::move(vault).value());
  auto env = env_;
  connections_ = std::make_unique<oauth::ConnectionManager>(
      configs_, tokens_.get(), vault_, &metrics_,
      [env] { return env->clock.NowUnixMillis(); });
  api_ = std::make_unique<oauth::ApiClient>(connections_.get(), &metrics_, options_.retry, oauth::BlockingSleep);
  if (options_.connect) {
    for (const char* name : {"sf", "mkto"}) {
      if (!configs_.count(name) || configs_[name].flow != "client_credentials") continue;
      if (auto c = connections_->ConnectNow(name); !c.ok()) return c;
    }
  }
  return OkStatus();
}

void ConnectedSandbox::Stop() {
  if (!started_) return;
  started_ = false;
  api_.reset();
  connections_.reset();
  server_->Stop();
  loop_.Stop();
  if (loop_thread_.joinable()) loop_thread_.join();
}

std::string ConnectedSandbox::BaseUrl(const std::string& provider) const { return server_->base_url(provider); }

void ConnectedSandbox::AdvanceClock(int64_t secs) { env_->clock.Advance(std::chrono::seconds(secs)); }

int64_t ConnectedSandbox::NowMs() const { return env_->clock.NowUnixMillis(); }

Result<nlohmann::json> ConnectedSandbox::Control(const std::string& provider, const std::string& method,
                                                 const std::string& sub, const nlohmann::json& body) {
  net::ClientRequest r{method, BaseUrl(provider) + "/_sandbox/" + sub};
  r.headers.push_back({"X-Sandbox-Key", server_->control_key()});
  if (!body.is_null()) {
    r.body = body.dump();
    r.headers.push_back({"Content-Type", "application/json"});
  }
  r.ca_file = ca_file_;
  auto res = control_client_.Send(r);
  if (!res.ok()) return res.error();
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status >= 300 || j.is_discarded()) {
    return MakeError(ErrorCode::kInternal, "Sandbox control " + method + " " + sub + " answered " +
                                               std::to_string(res->status) + ": " + res->body);
  }
  return j;
}

nlohmann::json ConnectedSandbox::Effects(const std::string& provider, const std::string& prefix, int64_t since) {
  nlohmann::json out = nlohmann::json::array();
  auto all = Control(provider, "GET", "effects?since=" + std::to_string(since));
  if (!all.ok()) {
    ADD_FAILURE() << all.error().ToString();
    return out;
  }
  for (const auto& e : (*all)["effects"]) {
    if (e.value("operation", "").rfind(prefix, 0) == 0) out.push_back(e);
  }
  return out;
}

Status ConnectedSandbox::InjectFault(const std::string& provider, const nlohmann::json& rule) {
  auto r = Control(provider, "POST", "faults", rule);
  if (!r.ok()) return r.error();
  return OkStatus();
}

Result<Secret> ConnectedSandbox::OpenStoredSecret(const std::string& connection, const std::string& field) {
  auto fields = tokens_->LoadFields(connection);
  if (!fields.ok()) return fields.error();
  auto it = fields->find(field);
  if (it == fields->end()) return MakeError(ErrorCode::kNotFound, "No stored " + field + " for " + connection);
  return vault_->Open(it->second.sealed, connection, field);
}

}  // namespace salesync::testing
