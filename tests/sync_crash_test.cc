// The crash test of issue 5: kill -9 the daemon at random moments during a people sync from both
// providers, restart it on the same state directory, let the started syncs resume by themselves, and
// compare the store with a reference store filled by a second daemon that was never killed, against the
// same sandbox: nothing missing, nothing doubled.
//
// The sandbox's data set is generated from its seed and does not change while the test runs, so two
// complete syncs of it must produce the same set of source records (with the same versions and tombstones),
// the same activities, the same number of people and the same identity conflicts.
//
// Environment (all optional):
//   SALESYNC_CRASH_PEOPLE  people in the sandbox (default 5000: about 110 s on the standard machine, most of
//                          it the Marketo bulk export polled once a second, window by window)
//   SALESYNC_CRASH_KILLS   how many times the daemon is killed (default 4)
//   SALESYNC_CRASH_SEED    seed of the kill moments (default: random, printed so a failure can be replayed)
// Figures (durations, and the 100,000-person run issue 5 asks for) are in docs/benchmarks.md ("Sync: crash
// test").
#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "base/files.h"
#include "base/strings.h"
#include "net/http_client.h"
#include "net/http_message.h"
#include "tests/support/notify_socket.h"
#include "tests/support/process.h"
#include "tests/support/sandbox_child.h"

namespace salesync::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDeadline = std::chrono::seconds(120);
const char* const kSyncs[] = {"mk", "sf"};

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoll(v, nullptr, 10) : fallback;
}

// One life of a daemon: started on a state directory, ready when it says READY=1.
struct DaemonRun {
  std::unique_ptr<NotifySocket> notify;
  std::unique_ptr<ChildProcess> process;
  std::string url, token;
};

// The comparable content of one store.
struct StoreContent {
  std::set<std::string> source_records;  // connection|object|remote_id|modified_ms|live
  std::set<std::string> activities;      // connection|remote_id
  int64_t activity_rows = 0;
  int64_t people = 0;
  std::set<std::string> conflicts;       // connection|object|remote_id|kind
};

StoreContent ReadStore(const std::string& path) {
  StoreContent c;
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement records(db,
                            "SELECT connection || '|' || object || '|' || remote_id || '|' || modified_ms || '|' || "
                            "(CASE WHEN deleted_ms IS NULL THEN 'live' ELSE 'deleted' END) FROM source_records");
  while (records.executeStep()) c.source_records.insert(records.getColumn(0).getString());
  SQLite::Statement activities(db, "SELECT connection || '|' || remote_id FROM activities");
  while (activities.executeStep()) {
    c.activities.insert(activities.getColumn(0).getString());
    ++c.activity_rows;
  }
  c.people = db.execAndGet("SELECT COUNT(*) FROM people").getInt64();
  SQLite::Statement conflicts(db, "SELECT connection || '|' || object || '|' || remote_id || '|' || kind FROM person_conflicts");
  while (conflicts.executeStep()) c.conflicts.insert(conflicts.getColumn(0).getString());
  return c;
}

// The first few elements of each side of a set difference, for a readable failure.
std::string Diff(const std::set<std::string>& crashed, const std::set<std::string>& reference) {
  std::string out;
  auto list = [&](const std::set<std::string>& a, const std::set<std::string>& b, const char* what) {
    int shown = 0;
    int64_t total = 0;
    for (const auto& x : a) {
      if (b.count(x)) continue;
      if (shown++ < 10) out += std::string("  ") + what + ": " + x + "\n";
      ++total;
    }
    if (total) out += "  (" + std::to_string(total) + " " + what + " in all)\n";
  };
  list(reference, crashed, "missing from the crashed store");
  list(crashed, reference, "only in the crashed store");
  return out;
}

class SyncCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("sync-crash");
    people_ = EnvInt("SALESYNC_CRASH_PEOPLE", 5000);
    sandbox_ = std::make_unique<SandboxChild>(
        BinaryPath("sandbox/salesync-sandbox"),
        std::vector<std::string>{"--salesforce", "127.0.0.1:0", "--marketo", "127.0.0.1:0", "--tls-dir", dir_ + "/tls",
                                 "--people", std::to_string(people_), "--marketo-rate-per-20s", "100000",
                                 "--marketo-concurrency", "64", "--marketo-daily-quota", "100000000"},
        dir_ + "/sandbox.stderr");
    ASSERT_TRUE(sandbox_->Start()) << sandbox_->error();
    const auto& a = sandbox_->announcement();
    ca_ = a["ca_file"];
    sf_secret_ = a["salesforce"]["client_secret"];
    mk_secret_ = a["marketo"]["client_secret"];
    nlohmann::json config = {
        {"admin", {{"listen", "127.0.0.1:0"}}},
        {"connections",
         {{"salesforce",
           {{"type", "salesforce"},
            {"flow", "client_credentials"},
            {"client_id", a["salesforce"]["client_id"]},
            {"client_secret", {{"env", "TEST_SF_SECRET"}}},
            {"login_url", a["salesforce"]["login_url"]},
            {"ca_file", ca_}}},
          {"marketo",
           {{"type", "marketo"},
            {"flow", "client_credentials"},
            {"client_id", a["marketo"]["client_id"]},
            {"client_secret", {{"env", "TEST_MK_SECRET"}}},
            {"identity_url", a["marketo"]["identity_url"]},
            {"base_url", a["marketo"]["base_url"]},
            {"ca_file", ca_},
            {"rate_limit", {{"calls_per_window", 100000}, {"max_in_flight", 10}}}}}}},
        {"syncs",
         {{"sf",
           {{"connection", "salesforce"},
            {"streams", {"Lead", "Contact", "Account"}},
            {"stream_settings",
             {{"Lead", {{"page_size", 2000}}}, {"Contact", {{"page_size", 2000}}}, {"Account", {{"page_size", 2000}}}}}}},
          // The bulk export's status is polled every second instead of every minute: the sandbox finishes
          // a job at once, and the real wait would make the test minutes long.
          {"mk",
           {{"connection", "marketo"},
            {"streams", {"leads", "activities"}},
            {"stream_settings", {{"leads", {{"bulk_poll_secs", 1}}}}}}}}}};
    std::ofstream(dir_ + "/salesync.json") << config.dump(2);
  }

  void TearDown() override {
    for (auto* run : {&crashed_, &reference_}) {
      if (run->process && run->process->Running()) {
        run->process->Signal(SIGTERM);
        run->process->Wait(kDeadline);
      }
    }
  }

  // Starts a daemon on `state`; `life` names its log folder and notify socket.
  void StartDaemon(DaemonRun& run, const std::string& state, const std::string& life) {
    std::string out = dir_ + "/" + life;
    ASSERT_TRUE(MakeDirectories(out, 0700).ok());
    run.notify = std::make_unique<NotifySocket>(out + "/notify.sock");
    ASSERT_TRUE(run.notify->ok());
    run.process = std::make_unique<ChildProcess>(
        std::vector<std::string>{BinaryPath("daemon/salesyncd"), "--config", dir_ + "/salesync.json", "--state-dir", state},
        std::map<std::string, std::string>{{"NOTIFY_SOCKET", run.notify->path()},
                                           {"STATE_DIRECTORY", "\x01unset"},
                                           {"JOURNAL_STREAM", "\x01unset"},
                                           {"TEST_SF_SECRET", sf_secret_},
                                           {"TEST_MK_SECRET", mk_secret_}},
        out);
    ASSERT_TRUE(run.process->Start());
    ASSERT_TRUE(run.notify->WaitFor("READY=1", kDeadline)) << run.process->Stderr();
    run.url = std::string(TrimWhitespace(*ReadFile(state + "/admin.url")));
    run.token = std::string(TrimWhitespace(*ReadFile(state + "/admin.token")));
  }

  int Ctl(const std::string& state, std::vector<std::string> args, std::string* out = nullptr) {
    std::vector<std::string> argv = {BinaryPath("ctl/salesyncctl"), "--state-dir", state};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string o, e;
    int rc = RunToCompletion(argv, {{"SALESYNC_URL", "\x01unset"}, {"SALESYNC_TOKEN", "\x01unset"}}, dir_ + "/ctl", &o, &e);
    if (out) *out = o;
    if (rc != 0) {
      std::string line;
      for (const auto& a : args) line += " " + a;
      ADD_FAILURE() << "salesyncctl" << line << " → " << rc << "\n" << o << e;
    }
    return rc;
  }

  // GET /api/v1/syncs/NAME; null when the daemon did not answer (it may just have been killed).
  nlohmann::json Describe(const DaemonRun& run, const std::string& name) {
    net::ClientRequest r{"GET", run.url + "/api/v1/syncs/" + name};
    r.headers.push_back({"Authorization", "Bearer " + run.token});
    auto res = client_.Send(r);
    if (!res.ok() || res->status != 200) return nullptr;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  // Connects both connections and starts both syncs (the first runs begin at once).
  //
  // mk is started first on purpose. Identity resolution depends on the order in which the connections
  // are read (a Marketo lead whose e-mail two Salesforce Contacts share is an `ambiguous_email` conflict
  // when the Contacts came first, and the person of the first Contact when it came first), and after a
  // restart the scheduler resumes due syncs in name order (mk, then sf). Starting them in that order too
  // keeps the crashed daemon and the reference reading in the same order, so what the comparison
  // measures is what the kills did.
  void ConnectAndStart(const std::string& state) {
    ASSERT_EQ(Ctl(state, {"connect", "salesforce"}), 0);
    ASSERT_EQ(Ctl(state, {"connect", "marketo"}), 0);
    ASSERT_EQ(Ctl(state, {"sync", "start", "mk"}), 0);
    ASSERT_EQ(Ctl(state, {"sync", "start", "sf"}), 0);
  }

  // Waits (through `salesyncctl sync status --follow`, which returns when nothing of the sync runs) until
  // every stream of both syncs has finished a run with state "done"; then stops the daemon with SIGTERM.
  void FinishAndStop(DaemonRun& run, const std::string& state) {
    auto until = std::chrono::steady_clock::now() + std::chrono::minutes(15);
    for (;;) {
      ASSERT_LT(std::chrono::steady_clock::now(), until) << "the syncs did not finish";
      ASSERT_TRUE(run.process->Running()) << run.process->Stderr();
      bool all_done = true;
      for (const char* name : kSyncs) {
        std::string out;
        ASSERT_EQ(Ctl(state, {"sync", "status", name, "--follow"}), 0);
        ASSERT_EQ(Ctl(state, {"sync", "status", name, "--json"}, &out), 0);
        auto s = nlohmann::json::parse(out, nullptr, false);
        ASSERT_FALSE(s.is_discarded()) << out;
        for (const auto& stream : s["stream_names"]) {
          auto p = s["streams"].value(stream.get<std::string>(), nlohmann::json::object());
          std::string st = p.value("state", "idle");
          ASSERT_TRUE(st != "failed" && st != "paused") << name << "/" << stream << ": " << p.dump() << "\n"
                                                        << run.process->Stderr();
          if (st != "done") all_done = false;
        }
      }
      if (all_done) break;
    }
    run.process->Signal(SIGTERM);
    ASSERT_EQ(run.process->Wait(kDeadline), 0) << run.process->Stderr();
  }

  std::string dir_, ca_, sf_secret_, mk_secret_;
  int64_t people_ = 0;
  std::unique_ptr<SandboxChild> sandbox_;
  DaemonRun crashed_, reference_;
  net::HttpClient client_;
};

TEST_F(SyncCrashTest, KilledAndRestartedSyncsStoreExactlyWhatAnUninterruptedSyncStores) {
  const uint64_t seed = static_cast<uint64_t>(EnvInt("SALESYNC_CRASH_SEED", static_cast<int64_t>(std::random_device{}() >> 1)));
  const int64_t kills = EnvInt("SALESYNC_CRASH_KILLS", 4);
  std::printf("SALESYNC_CRASH_SEED=%llu SALESYNC_CRASH_PEOPLE=%lld SALESYNC_CRASH_KILLS=%lld\n",
              static_cast<unsigned long long>(seed), static_cast<long long>(people_), static_cast<long long>(kills));
  std::mt19937_64 rng(seed);
  // Records read by one life of the daemon before it is killed: anywhere from the first page to a good
  // part of the people, so kills land in every stream and in the middle of pages being committed.
  std::uniform_int_distribution<int64_t> threshold(1, std::max<int64_t>(2, people_ * 3 / 4));

  const std::string state = dir_ + "/state";
  const auto began = Clock::now();
  int64_t killed = 0;
  for (int64_t life = 0; life < kills; ++life) {
    ASSERT_NO_FATAL_FAILURE(StartDaemon(crashed_, state, "crashed-" + std::to_string(life)));
    if (life == 0) {
      ASSERT_NO_FATAL_FAILURE(ConnectAndStart(state));
    }
    const int64_t limit = threshold(rng);
    // Back to back, no pause: the kill lands wherever the daemon happens to be when the limit is passed.
    bool finished = false;
    int64_t read = 0;
    while (read < limit) {
      ASSERT_TRUE(crashed_.process->Running()) << crashed_.process->Stderr();
      read = 0;
      bool active = false, idle_everywhere = true;
      for (const char* name : kSyncs) {
        auto s = Describe(crashed_, name);
        if (s.is_null() || s.is_discarded()) continue;
        active = active || s.value("running", false);
        for (const auto& [stream, p] : s["streams"].items()) {
          read += p.value("records_read", int64_t{0});
          if (p.value("state", "") != "done") idle_everywhere = false;
        }
        if (s["streams"].size() < s["stream_names"].size()) idle_everywhere = false;
      }
      if (!active && idle_everywhere) {
        finished = true;
        break;
      }
    }
    if (finished) {
      std::printf("Life %lld: both syncs finished before %lld records were read; no more kills.\n",
                  static_cast<long long>(life), static_cast<long long>(limit));
      break;
    }
    crashed_.process->Signal(SIGKILL);
    ASSERT_EQ(crashed_.process->Wait(kDeadline), 128 + SIGKILL);
    ++killed;
    std::printf("Life %lld: killed after %lld records read (limit %lld).\n", static_cast<long long>(life),
                static_cast<long long>(read), static_cast<long long>(limit));
  }
  // The last life: started syncs resume by themselves and run to the end.
  ASSERT_NO_FATAL_FAILURE(StartDaemon(crashed_, state, "crashed-last"));
  ASSERT_NO_FATAL_FAILURE(FinishAndStop(crashed_, state));
  std::printf("Crashed daemon done after %.1f s.\n", std::chrono::duration<double>(Clock::now() - began).count());
  EXPECT_GE(killed, 1) << "the syncs finished before the first kill: lower the thresholds";

  const std::string reference_state = dir_ + "/reference";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(reference_, reference_state, "reference"));
  ASSERT_NO_FATAL_FAILURE(ConnectAndStart(reference_state));
  ASSERT_NO_FATAL_FAILURE(FinishAndStop(reference_, reference_state));

  std::printf("Reference daemon done after %.1f s.\n", std::chrono::duration<double>(Clock::now() - began).count());
  StoreContent crashed = ReadStore(state + "/salesync.db");
  StoreContent reference = ReadStore(reference_state + "/salesync.db");
  std::printf("Reference store: %zu source records, %zu activities, %lld people, %zu conflicts.\n",
              reference.source_records.size(), reference.activities.size(), static_cast<long long>(reference.people),
              reference.conflicts.size());
  // The reference itself must have read the sandbox: every generated person is in at least one system.
  EXPECT_GE(static_cast<int64_t>(reference.source_records.size()), people_ / 2);
  EXPECT_GE(reference.activities.size(), 1u);

  EXPECT_TRUE(crashed.source_records == reference.source_records)
      << "source_records differ (seed " << seed << "):\n" << Diff(crashed.source_records, reference.source_records);
  EXPECT_TRUE(crashed.activities == reference.activities)
      << "activities differ (seed " << seed << "):\n" << Diff(crashed.activities, reference.activities);
  EXPECT_EQ(crashed.activity_rows, static_cast<int64_t>(crashed.activities.size())) << "duplicated activities";
  EXPECT_EQ(crashed.people, reference.people) << "seed " << seed;
  EXPECT_TRUE(crashed.conflicts == reference.conflicts)
      << "person_conflicts differ (seed " << seed << "):\n" << Diff(crashed.conflicts, reference.conflicts);
}

}  // namespace
}  // namespace salesync::testing
