#include "invites/invite_service.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include "base/files.h"
#include "invites/invite_json.h"
#include "store/outbox_store.h"
#include "store/store_test_util.h"
#include "store/user_store.h"

namespace salesync::invites {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using std::chrono::hours;

class InviteServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::OpenFreshStore(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
    InviteServiceOptions options;
    options.batch_size = 3;  // several transactions even for small files
    options.message_id_domain = "example.org";
    service_ = std::make_unique<InviteService>(store_.get(), &tokens_, options, [this] { return now_; }, &metrics_,
                                               [this] { ++wakeups_; });
  }

  Result<PreviewReport> Preview(const std::string& csv, ImportOptions options = {}) {
    StringSource source(csv);
    return service_->Preview(&source, options);
  }
  Result<SendReport> Send(const std::string& csv, ImportOptions options = {}) {
    StringSource source(csv);
    return service_->SendCsv(&source, options);
  }
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(store_->WithConnection([&](SQLite::Database& db) { n = db.execAndGet(sql).getInt64(); }).ok());
    return n;
  }

  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  std::unique_ptr<store::Store> store_;
  InviteTokens tokens_{Secret("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")};
  MetricsRegistry metrics_;
  int wakeups_ = 0;
  std::unique_ptr<InviteService> service_;
};

TEST_F(InviteServiceTest, PreviewShowsFormatMappingSampleAndEveryProblemByRow) {
  ASSERT_TRUE(store::UserStore(store_.get()).CreateTeam("Sales", now_).ok());
  ASSERT_TRUE(service_->InviteEmails({"known@example.com"}, {}).ok());
  std::string csv =
      "\xEF\xBB\xBF" "Voornaam;Achternaam;E-mailadres;Team;Rol\r\n"  // line 1
      "Anna;de Vries;Anna@Example.com;sales;beheerder\r\n"         // 2 ok
      "Bert;Jansen;bert@;;\r\n"                                     // 3 invalid e-mail
      "Anna;Dubbel;anna@example.com;;\r\n"                          // 4 duplicate of row 2
      "Kees;Bekend;known@example.com;;\r\n"                         // 5 already invited
      "Leeg;Adres;;;\r\n"                                           // 6 missing e-mail
      "Piet;Team;piet@example.com;Marketing;\r\n"                   // 7 unknown team
      "Te;Veel;x@example.com;;;extra\r\n"                           // 8 wrong field count
      "J\xFCrgen;Latin1;j@example.com;;\r\n"                        // 9 invalid UTF-8
      "Rol;Fout;rol@example.com;;koning\r\n"                        // 10 unknown role
      "\"Mies\nMulti\";Lijn;mies@example.com;;\r\n"                 // 11-12 ok, starts on 11
      "\r\n";
  auto report = Preview(csv);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->summary.encoding, "UTF-8 with BOM");
  EXPECT_EQ(report->summary.delimiter, ';');
  EXPECT_EQ(report->summary.data_rows, 10);
  EXPECT_EQ(report->summary.importable_rows, 2);
  ASSERT_EQ(report->sample.size(), 2u);
  EXPECT_EQ(report->sample[0].row, 2);
  EXPECT_EQ(report->sample[0].email, "anna@example.com");
  EXPECT_EQ(report->sample[0].last_name, "de Vries");
  EXPECT_EQ(report->sample[0].role, "admin");
  EXPECT_THAT(report->sample[0].teams, ElementsAre("Sales"));
  EXPECT_EQ(report->sample[1].row, 11);
  EXPECT_EQ(report->sample[1].first_name, "Mies\nMulti");

  std::vector<std::pair<int64_t, ProblemKind>> got;
  for (const RowProblem& p : report->problems) got.emplace_back(p.row, p.kind);
  EXPECT_THAT(got, ElementsAre(std::pair<int64_t, ProblemKind>{3, ProblemKind::kInvalidEmail},
                               std::pair<int64_t, ProblemKind>{4, ProblemKind::kDuplicateInFile},
                               std::pair<int64_t, ProblemKind>{5, ProblemKind::kAlreadyInvited},
                               std::pair<int64_t, ProblemKind>{6, ProblemKind::kMissingValue},
                               std::pair<int64_t, ProblemKind>{7, ProblemKind::kUnknownTeam},
                               std::pair<int64_t, ProblemKind>{8, ProblemKind::kWrongFieldCount},
                               std::pair<int64_t, ProblemKind>{9, ProblemKind::kInvalidUtf8},
                               std::pair<int64_t, ProblemKind>{10, ProblemKind::kUnknownRole}));
  EXPECT_THAT(report->problems[1].message, HasSubstr("row 2 has it first"));
  EXPECT_THAT(report->problems[4].message, HasSubstr("salesyncctl teams create \"Marketing\""));
  // A preview writes nothing.
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 1);

  nlohmann::json j = PreviewToJson(*report);
  EXPECT_EQ(j["delimiter"], ";");
  EXPECT_EQ(j["mapping"][2]["field"], "email");
  EXPECT_EQ(j["problem_counts"]["invalid_email"], 1);
  EXPECT_EQ(j["skipped_rows"], 8);
}

TEST_F(InviteServiceTest, NoEmailColumnIsAFileLevelErrorThatListsTheColumns) {
  auto report = Preview("Name,Phone\nAnn,123\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(report.error().message, HasSubstr("\"Name\", \"Phone\""));
  EXPECT_THAT(report.error().message, HasSubstr("--map COLUMN=email"));
  ImportOptions mapped;
  mapped.overrides.push_back({"Phone", Field::kEmail});
  auto with_map = Preview("Name,Phone\nAnn,ann@x.com\n", mapped);
  ASSERT_TRUE(with_map.ok());
  EXPECT_EQ(with_map->summary.importable_rows, 1);
}

TEST_F(InviteServiceTest, UnknownTeamOptionRefusesTheWholeImport) {
  ImportOptions options;
  options.teams = {"Nobody"};
  auto report = Send("email\na@x.com\n", options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.error().message, HasSubstr("salesyncctl teams create \"Nobody\""));
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 0);
}

TEST_F(InviteServiceTest, SendInvitesOnceQueuesOneMailEachAndIsIdempotent) {
  std::string csv = "Email Address,Full name\n";
  for (int i = 1; i <= 7; ++i) csv += "user" + std::to_string(i) + "@example.com,User Number " + std::to_string(i) + "\n";
  csv += "bad-address,Nobody\n";
  auto first = Send(csv);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->invited, 7);
  EXPECT_EQ(first->skipped, 1);
  EXPECT_EQ(first->failed, 0);
  EXPECT_EQ(first->Confirmation(), "7 invitations queued, 1 row skipped, 0 failed.");
  EXPECT_TRUE(first->entries[0].owner);
  EXPECT_EQ(first->entries[7].outcome, "skipped");
  EXPECT_EQ(first->entries[7].row, 9);
  EXPECT_EQ(wakeups_, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE state = 'invited'"), 7);
  EXPECT_EQ(Count("SELECT count(*) FROM email_outbox WHERE state = 'queued'"), 7);
  EXPECT_EQ(Count("SELECT count(*) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE t.name = 'Everyone'"), 7);
  auto user = store::UserStore(store_.get()).GetUser("user3@example.com");
  EXPECT_EQ(user->first_name, "User");
  EXPECT_EQ(user->last_name, "Number 3");
  auto jobs = store::OutboxStore(store_.get()).DueJobs(INT64_MAX, 1);
  EXPECT_THAT((*jobs)[0].message_id, HasSubstr("@example.org>"));

  // The same file again invites nobody and queues nothing.
  auto second = Send(csv);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->invited, 0);
  EXPECT_EQ(second->skipped, 8);
  EXPECT_THAT(second->entries[0].reason, HasSubstr("already invited"));
  EXPECT_EQ(wakeups_, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 7);
  EXPECT_EQ(Count("SELECT count(*) FROM email_outbox"), 7);

  // --resend sends pending invitations again, explicitly.
  ImportOptions resend;
  resend.resend = true;
  auto third = Send(csv, resend);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->reinvited, 7);
  EXPECT_EQ(third->invited, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), 7);
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE state = 'pending'"), 7);
}

TEST_F(InviteServiceTest, TokensAreStoredOnlyAsHashesAndLinksAreSingleUseAndExpire) {
  auto report = service_->InviteEmails({"a@example.com", "b@example.com", "c@example.com"}, {});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->invited, 3);
  store::InvitationStore invitations(store_.get());
  std::vector<std::string> tokens;
  for (int64_t id = 1; id <= 3; ++id) tokens.push_back(tokens_.TokenFor(invitations.ForMail(id)->nonce));
  for (const std::string& t : tokens) {
    EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE token_hash = '" + t + "' OR nonce = '" + t + "'"), 0);
    EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE token_hash = '" + InviteTokens::HashToken(t) + "'"), 1);
  }
  auto file = ReadFile(store_->path());
  ASSERT_TRUE(file.ok());
  for (const std::string& t : tokens) EXPECT_EQ(file->find(t), std::string::npos);

  EXPECT_EQ(service_->Accept(tokens[0])->outcome, store::AcceptOutcome::kAccepted);
  EXPECT_EQ(service_->Accept(tokens[0])->outcome, store::AcceptOutcome::kUsed);
  EXPECT_EQ(service_->Accept("not-a-token")->outcome, store::AcceptOutcome::kUnknown);
  EXPECT_EQ(service_->Accept("")->outcome, store::AcceptOutcome::kUnknown);

  now_ += hours(7 * 24) - std::chrono::seconds(1);
  EXPECT_EQ(service_->Accept(tokens[1])->outcome, store::AcceptOutcome::kAccepted);
  now_ += std::chrono::seconds(1);
  EXPECT_EQ(service_->Accept(tokens[2])->outcome, store::AcceptOutcome::kExpired);
  EXPECT_EQ(store::UserStore(store_.get()).GetUser("c@example.com")->state, "invited");
  EXPECT_EQ(metrics_.CounterValue("salesync_invitations_total", {{"outcome", "expired"}}), 1);
}

TEST_F(InviteServiceTest, InviteEmailsValidatesEachAddress) {
  ImportOptions options;
  options.role = "admin";
  auto report = service_->InviteEmails({"ok@example.com", "nope", "OK@example.com"}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->invited, 1);
  EXPECT_EQ(report->skipped, 2);
  EXPECT_EQ(report->entries[1].row, 2);
  EXPECT_THAT(report->entries[1].reason, HasSubstr("not a valid e-mail address"));
  EXPECT_THAT(report->entries[2].reason, HasSubstr("appears more than once"));
  EXPECT_EQ(store::UserStore(store_.get()).GetUser("ok@example.com")->role, "admin");
  ImportOptions bad_role;
  bad_role.role = "king";
  EXPECT_FALSE(service_->InviteEmails({"x@example.com"}, bad_role).ok());
}

// Bytes malloc has handed out, large (mmap-ed) blocks included.
size_t HeapInUse() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// Generates "email,first_name,last_name" rows without holding the file in memory.
class GeneratedCsv : public ByteSource {
 public:
  explicit GeneratedCsv(int64_t rows) : rows_(rows) {}
  size_t peak_heap = 0;  // the most the heap held while the file was being read

  Result<size_t> Read(char* buffer, size_t max) override {
    peak_heap = std::max(peak_heap, HeapInUse());
    while (pending_.size() - pos_ < max && next_ <= rows_) {
      if (next_ == 0) {
        pending_ += "email,first_name,last_name\n";
      } else if (next_ == 500'000) {
        pending_ += "broken row,with too,many,fields\n";
      } else if (next_ == 750'000) {
        pending_ += "bad\xFF@example.com,X,Y\n";
      } else {
        pending_ += "user" + std::to_string(next_) + "@example.com,First" + std::to_string(next_) + ",Last\n";
      }
      ++next_;
    }
    size_t n = std::min(max, pending_.size() - pos_);
    std::memcpy(buffer, pending_.data() + pos_, n);
    pos_ += n;
    if (pos_ > 1 << 20) {
      pending_.erase(0, pos_);
      pos_ = 0;
    }
    return n;
  }

 private:
  int64_t rows_;
  int64_t next_ = 0;
  std::string pending_;
  size_t pos_ = 0;
};

TEST_F(InviteServiceTest, AMillionRowFileIsPreviewedInBoundedMemory) {
  InviteServiceOptions options;
  options.max_listed = 100;
  InviteService service(store_.get(), &tokens_, options, [this] { return now_; }, &metrics_, nullptr);
  GeneratedCsv csv(1'000'000);
  size_t before = HeapInUse();
  auto report = service.Preview(&csv, {});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->summary.data_rows, 1'000'000);
  EXPECT_EQ(report->summary.importable_rows, 999'998);
  ASSERT_EQ(report->problems.size(), 2u);
  EXPECT_EQ(report->problems[0].row, 500'001);  // line numbers: the header is line 1
  EXPECT_EQ(report->problems[0].kind, ProblemKind::kWrongFieldCount);
  EXPECT_EQ(report->problems[1].row, 750'001);
  EXPECT_EQ(report->problems[1].kind, ProblemKind::kInvalidUtf8);
  EXPECT_EQ(report->sample.size(), 10u);
  // The file is about 45 MB. The heap grows by the duplicate table (12 bytes a slot, at most 4 slots for
  // 3 distinct addresses, twice while it doubles) and a chunk, never by the file.
  size_t growth = csv.peak_heap > before ? csv.peak_heap - before : 0;
  std::printf("heap growth while reading 1,000,000 rows: %.1f MiB\n", static_cast<double>(growth) / (1 << 20));
  EXPECT_LT(growth, 40u << 20);
}

}  // namespace
}  // namespace salesync::invites
