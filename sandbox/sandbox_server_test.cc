#include "sandbox/sandbox_server.h"

#include <fstream>
#include <gtest/gtest.h>
#include <thread>

#include "net/http_client.h"

namespace salesync::sandbox {
namespace {

// A provider that echoes and records, to test what the framework does around providers.
class FakeProvider : public Provider {
 public:
  explicit FakeProvider(std::shared_ptr<SandboxEnvironment> env) : env_(std::move(env)) {}
  std::string name() const override { return "fake"; }
  void SetBaseUrl(const std::string& url) override { base_url_ = url; }
  net::HttpResponse Handle(const net::HttpRequest& r) override {
    ++handled;
    if (r.method == "POST") {
      Effect e;
      e.provider = "fake";
      e.operation = "thing.create";
      e.endpoint = "POST " + r.path;
      env_->effects.Record(e);
    }
    return SandboxJson(200, {{"path", r.path}, {"handled", handled.load()}});
  }
  std::string EndpointKey(const net::HttpRequest& r) const override { return r.method + " " + r.path; }
  std::optional<net::HttpResponse> HandleControl(const net::HttpRequest&, const std::string& sub) override {
    if (sub == "records") return SandboxJson(200, {{"records", 0}});
    return std::nullopt;
  }
  void Reset(const SeedOptions& seed) override { last_seed = seed.seed; }
  nlohmann::json Describe() const override { return {{"client_id", "fake-id"}}; }
  net::HttpResponse ProviderError(const std::string& code, int status) const override {
    return SandboxJson(status, {{"errorCode", code.empty() ? "GENERIC" : code}});
  }
  net::HttpResponse ExpiredTokenResponse() const override { return SandboxJson(401, {{"errorCode", "INVALID_SESSION_ID"}}); }

  std::atomic<int> handled{0};
  uint64_t last_seed = 0;

 private:
  std::shared_ptr<SandboxEnvironment> env_;
  std::string base_url_;
};

class SandboxServerTest : public ::testing::Test {
 protected:
  void Start(bool tls) {
    env_ = std::make_shared<SandboxEnvironment>();
    if (tls) env_->options.tls_dir = ::testing::TempDir() + "/sandbox_tls_" + std::to_string(::getpid());
    server_ = std::make_unique<SandboxServer>(loop_, env_);
    auto p = std::make_unique<FakeProvider>(env_);
    fake_ = p.get();
    server_->AddProvider(std::move(p), "127.0.0.1", 0);
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { loop_.Run(); });
    base_ = server_->base_url("fake");
  }
  void TearDown() override {
    server_->Stop();
    loop_.Stop();
    if (thread_.joinable()) thread_.join();
  }
  net::ClientResponse Call(const std::string& method, const std::string& path, const std::string& body = "",
                           bool control = false) {
    net::ClientRequest r{method, base_ + path};
    r.body = body;
    if (control) r.headers.push_back({"X-Sandbox-Key", server_->control_key()});
    if (server_->Announcement().contains("ca_file")) r.ca_file = server_->Announcement()["ca_file"];
    auto res = client_.Send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().ToString());
    return res.ok() ? *res : net::ClientResponse{};
  }

  net::EventLoop loop_{2};
  std::shared_ptr<SandboxEnvironment> env_;
  std::unique_ptr<SandboxServer> server_;
  FakeProvider* fake_ = nullptr;
  std::thread thread_;
  std::string base_;
  net::HttpClient client_;
};

TEST_F(SandboxServerTest, ControlApiNeedsTheControlKey) {
  Start(false);
  EXPECT_EQ(Call("GET", "/_sandbox/stats").status, 403);
  net::ClientRequest r{"GET", base_ + "/_sandbox/stats"};
  r.headers.push_back({"Authorization", "Bearer provider-token"});
  EXPECT_EQ(client_.Send(r)->status, 403);
  EXPECT_EQ(Call("GET", "/_sandbox/stats", "", true).status, 200);
  EXPECT_EQ(Call("GET", "/_sandbox/records", "", true).status, 200);
  EXPECT_EQ(Call("GET", "/_sandbox/nothing", "", true).status, 404);
}

TEST_F(SandboxServerTest, CountsCallsAndRecordsEffects) {
  Start(false);
  Call("GET", "/a");
  Call("GET", "/a");
  Call("POST", "/b", "{}");
  auto stats = nlohmann::json::parse(Call("GET", "/_sandbox/stats", "", true).body);
  EXPECT_EQ(stats["calls"]["GET /a"], 2);
  EXPECT_EQ(stats["calls"]["POST /b"], 1);
  EXPECT_GE(stats["max_in_flight"].get<int>(), 1);
  auto effects = nlohmann::json::parse(Call("GET", "/_sandbox/effects?since=0", "", true).body)["effects"];
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0]["operation"], "thing.create");
  int64_t seq = effects[0]["seq"];
  EXPECT_TRUE(nlohmann::json::parse(Call("GET", "/_sandbox/effects?since=" + std::to_string(seq), "", true).body)["effects"].empty());
}

TEST_F(SandboxServerTest, FaultsAreAppliedAndLogged) {
  Start(false);
  ASSERT_EQ(Call("POST", "/_sandbox/faults", R"({"match":"GET /x","count":1,"kind":"status","status":503})", true).status, 201);
  ASSERT_EQ(Call("POST", "/_sandbox/faults", R"({"match":"POST /y","count":1,"kind":"drop_after"})", true).status, 201);
  ASSERT_EQ(Call("POST", "/_sandbox/faults", R"({"match":"GET /r","kind":"retry_after","retry_after_secs":7})", true).status, 201);
  ASSERT_EQ(Call("POST", "/_sandbox/faults", R"({"match":"GET /e","kind":"expired_token"})", true).status, 201);
  EXPECT_EQ(Call("GET", "/x").status, 503);
  EXPECT_EQ(Call("GET", "/x").status, 200);
  int before = fake_->handled;
  // A fresh connection: libcurl silently retries once when a *reused* connection dies before answering.
  net::HttpClient fresh;
  auto dropped = fresh.Send({"POST", base_ + "/y", {}, "{}"});
  EXPECT_FALSE(dropped.ok());
  EXPECT_EQ(fake_->handled, before + 1);  // the call ran: its effect happened, the answer was lost
  auto r = Call("GET", "/r");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers["retry-after"], "7");
  EXPECT_EQ(Call("GET", "/e").status, 401);
  auto effects = nlohmann::json::parse(Call("GET", "/_sandbox/effects?since=0", "", true).body)["effects"];
  int faults = 0;
  for (auto& e : effects) faults += e["operation"].get<std::string>().rfind("fault.", 0) == 0;
  EXPECT_EQ(faults, 4);
}

TEST_F(SandboxServerTest, ClockMovesForwardOnly) {
  Start(false);
  auto before = env_->clock.NowUnixMillis();
  EXPECT_EQ(Call("POST", "/_sandbox/clock", R"({"advance_secs":3600})", true).status, 200);
  EXPECT_GE(env_->clock.NowUnixMillis() - before, 3600 * 1000);
  EXPECT_EQ(Call("POST", "/_sandbox/clock", R"({"advance_secs":-1})", true).status, 400);
}

TEST_F(SandboxServerTest, ResetReachesTheProvider) {
  Start(false);
  EXPECT_EQ(Call("POST", "/_sandbox/reset", R"({"seed":99,"people":10})", true).status, 200);
  EXPECT_EQ(fake_->last_seed, 99u);
}

TEST_F(SandboxServerTest, ServesHttpsWithTheAnnouncedCa) {
  Start(true);
  auto a = server_->Announcement();
  ASSERT_TRUE(a.contains("ca_file"));
  EXPECT_EQ(a["fake"]["base_url"].get<std::string>().rfind("https://127.0.0.1:", 0), 0u);
  EXPECT_EQ(a["fake"]["client_id"], "fake-id");
  EXPECT_EQ(Call("GET", "/z").status, 200);
}

}  // namespace
}  // namespace salesync::sandbox
