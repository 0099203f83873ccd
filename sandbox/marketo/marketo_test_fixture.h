// MarketoFixture: a SandboxServer running the Marketo emulator in-process on a loopback port, with
// helpers to get a token and call the REST API and the control API like a client would.
// Thread-safety: one test thread; Call() uses the fixture's client (make your own per extra thread).
#pragma once

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "sandbox/marketo/marketo_provider.h"
#include "sandbox/sandbox_server.h"

namespace salesync::sandbox::marketo {

class MarketoFixture : public ::testing::Test {
 protected:
  // Small, fast defaults with limits lifted; `tweak` adjusts them before the server starts.
  void StartSandbox(const std::function<void(SandboxOptions&)>& tweak = {}) {
    env_ = std::make_shared<SandboxEnvironment>();
    env_->options.seed = SeedOptions{2000, 3, 7};
    env_->options.marketo_rate_per_20s = 1000000;
    env_->options.marketo_daily_quota = 1000000000;
    if (tweak) tweak(env_->options);
    server_ = std::make_unique<SandboxServer>(loop_, env_);
    auto p = std::make_unique<MarketoProvider>(env_);
    provider_ = p.get();
    server_->AddProvider(std::move(p), "127.0.0.1", 0);
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { loop_.Run(); });
    base_ = server_->base_url("marketo");
    describe_ = server_->Announcement()["marketo"];
  }

  void TearDown() override {
    if (server_) server_->Stop();
    loop_.Stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string TokenUrl() const {
    return base_ + "/identity/oauth/token?grant_type=client_credentials&client_id=" +
           describe_["client_id"].get<std::string>() + "&client_secret=" + describe_["client_secret"].get<std::string>();
  }

  nlohmann::json FetchToken() {
    auto r = client_.Send({"GET", TokenUrl()});
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200) << r->body;
    return nlohmann::json::parse(r->body);
  }

  const std::string& Token() {
    if (token_.empty()) token_ = FetchToken()["access_token"].get<std::string>();
    return token_;
  }

  // A REST/bulk call with the bearer token (pass token "" for none).
  net::ClientResponse Call(const std::string& method, const std::string& path, const std::string& body = "",
                           const std::string& content_type = "application/json", std::optional<std::string> token = {}) {
    net::ClientRequest r{method, base_ + path};
    std::string t = token ? *token : Token();
    if (!t.empty()) r.headers.push_back({"Authorization", "Bearer " + t});
    if (!body.empty()) {
      r.body = body;
      r.headers.push_back({"Content-Type", content_type});
    }
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  nlohmann::json Json(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = Call(method, path, body);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }

  nlohmann::json Get(const std::string& path) { return Json("GET", path); }
  nlohmann::json Post(const std::string& path, const nlohmann::json& body) { return Json("POST", path, body.dump()); }

  net::ClientResponse Control(const std::string& method, const std::string& sub, const std::string& body = "") {
    net::ClientRequest r{method, base_ + "/_sandbox/" + sub};
    r.headers.push_back({"X-Sandbox-Key", server_->control_key()});
    r.body = body;
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok());
    return res.ok() ? *res : net::ClientResponse{};
  }

  void AdvanceClock(int64_t secs) { env_->clock.Advance(std::chrono::seconds(secs)); }

  // "601" etc. of a failed envelope; "" when success.
  static std::string ErrorCode(const nlohmann::json& j) {
    if (j.value("success", false)) return "";
    return j["errors"][0]["code"].get<std::string>();
  }

  net::EventLoop loop_{2};
  std::shared_ptr<SandboxEnvironment> env_;
  std::unique_ptr<SandboxServer> server_;
  MarketoProvider* provider_ = nullptr;
  std::thread thread_;
  std::string base_;
  nlohmann::json describe_;
  net::HttpClient client_;
  std::string token_;
};

}  // namespace salesync::sandbox::marketo
