// SalesforceTest: an in-process sandbox running only the Salesforce provider on an ephemeral loopback
// port, with helpers to call it as a client would (libcurl) and to drive its control API.
// Thread-safety: one test thread.
#pragma once

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "sandbox/salesforce/salesforce_provider.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::salesforce {

inline constexpr char kRedirectUri[] = "http://127.0.0.1:9/callback";
inline constexpr char kV[] = "/services/data/v60.0";

class SalesforceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void TearDown() override { Stop(); }

  // (Re)starts the sandbox; `tweak` adjusts the options first.
  void Start(const std::function<void(SandboxOptions&)>& tweak) {
    Stop();
    env_ = std::make_shared<SandboxEnvironment>();
    env_->options.seed.people = 700;
    env_->options.salesforce_redirect_uris = {kRedirectUri};
    if (tweak) tweak(env_->options);
    loop_ = std::make_unique<net::EventLoop>(2);
    server_ = std::make_unique<SandboxServer>(*loop_, env_);
    auto p = std::make_unique<SalesforceProvider>(env_);
    provider_ = p.get();
    server_->AddProvider(std::move(p), "127.0.0.1", 0);
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { loop_->Run(); });
    base_ = server_->base_url("salesforce");
    token_.clear();
  }

  void Stop() {
    if (server_) server_->Stop();
    if (loop_) loop_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    loop_.reset();
  }

  net::ClientResponse Send(const std::string& method, const std::string& path, const std::string& body = "",
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::ClientRequest r{method, base_ + path};
    r.body = body;
    r.headers = std::move(headers);
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  // A form POST to an OAuth endpoint.
  net::ClientResponse Form(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + k + "=" + net::PercentEncode(v);
    return Send("POST", path, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  }

  // A REST call with the test's access token (a client_credentials token unless one was set).
  net::ClientResponse Api(const std::string& method, const std::string& path, const std::string& body = "",
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (token_.empty()) token_ = ClientCredentialsToken();
    headers.push_back({"Authorization", "Bearer " + token_});
    if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
    return Send(method, path, body, std::move(headers));
  }

  nlohmann::json ApiJson(const std::string& method, const std::string& path, int want_status, const std::string& body = "",
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto r = Api(method, path, body, std::move(headers));
    EXPECT_EQ(r.status, want_status) << method << " " << path << ": " << r.body;
    if (r.body.empty()) return nullptr;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }

  nlohmann::json Query(const std::string& soql, bool all = false, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return ApiJson("GET", std::string(kV) + (all ? "/queryAll?q=" : "/query?q=") + net::PercentEncode(soql), 200, "",
                   std::move(headers));
  }

  std::string ClientCredentialsToken() {
    auto r = Form("/services/oauth2/token",
                  {{"grant_type", "client_credentials"}, {"client_id", kClientId}, {"client_secret", kClientSecret}});
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body)["access_token"];
  }

  nlohmann::json Control(const std::string& method, const std::string& sub, const nlohmann::json& body, int want_status) {
    net::ClientRequest r{method, base_ + "/_sandbox/" + sub};
    if (!body.is_null()) r.body = body.dump();
    r.headers.push_back({"X-Sandbox-Key", server_->control_key()});
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok());
    if (!res.ok()) return nullptr;
    EXPECT_EQ(res->status, want_status) << method << " " << sub << ": " << res->body;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  void AdvanceClock(int64_t secs) { Control("POST", "clock", {{"advance_secs", secs}}, 200); }

  std::vector<nlohmann::json> Effects(const std::string& operation_prefix) {
    std::vector<nlohmann::json> out;
    nlohmann::json all = Control("GET", "effects?since=0", nullptr, 200);
    for (const auto& e : all["effects"]) {
      if (e["operation"].get<std::string>().rfind(operation_prefix, 0) == 0) out.push_back(e);
    }
    return out;
  }

  std::shared_ptr<SandboxEnvironment> env_;
  std::unique_ptr<net::EventLoop> loop_;
  std::unique_ptr<SandboxServer> server_;
  SalesforceProvider* provider_ = nullptr;
  std::thread thread_;
  std::string base_;
  std::string token_;
  net::HttpClient client_;
};

}  // namespace salesync::sandbox::salesforce
