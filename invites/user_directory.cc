#include "invites/user_directory.h"

#include "base/log.h"
#include "base/strings.h"
#include "invites/email_address.h"
#include "invites/utf8.h"

namespace salesync::invites {

Status ValidateTeamName(const std::string& name) {
  if (TrimWhitespace(name).empty()) return MakeError(ErrorCode::kInvalidArgument, "The team name is empty.");
  if (TrimWhitespace(name).size() != name.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "The team name starts or ends with a space.");
  }
  if (name.size() > 64) return MakeError(ErrorCode::kInvalidArgument, "The team name is longer than 64 bytes.");
  if (FindInvalidUtf8(name)) return MakeError(ErrorCode::kInvalidArgument, "The team name is not valid UTF-8.");
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '/' || c == ',' || c == ';' || c == '|') {
      return MakeError(ErrorCode::kInvalidArgument,
                       "A team name cannot contain '/', ',', ';', '|' or control characters.");
    }
  }
  return OkStatus();
}

UserDirectory::UserDirectory(store::Store* store, SyncsUnderUser syncs_under, Clock clock)
    : users_(store), syncs_under_(std::move(syncs_under)), clock_(std::move(clock)) {}

Result<std::string> UserDirectory::Normalised(const std::string& email) {
  auto n = NormaliseEmail(email);
  if (!n.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, "\"" + email + "\" is not a valid e-mail address: " +
                                                      n.error().message + ".");
  }
  return n;
}

Result<std::vector<store::UserRecord>> UserDirectory::List() { return users_.ListUsers(); }

Result<store::UserRecord> UserDirectory::Get(const std::string& email) {
  auto n = Normalised(email);
  if (!n.ok()) return n.error();
  return users_.GetUser(*n);
}

Status UserDirectory::RefuseIfOwnerInUse(const std::string& email, const char* action) {
  auto user = users_.GetUser(email);
  if (!user.ok()) return user.error();
  if (!user->owner) return OkStatus();
  std::vector<std::string> syncs = syncs_under_ ? syncs_under_(email) : std::vector<std::string>{};
  if (syncs.empty()) return OkStatus();
  std::string names;
  for (const std::string& s : syncs) names += (names.empty() ? "\"" : ", \"") + s + "\"";
  return MakeError(ErrorCode::kConflict,
                   std::string("Cannot ") + action + " " + email + ": it is the owner, and the sync" +
                       (syncs.size() == 1 ? " " : "s ") + names + (syncs.size() == 1 ? " runs" : " run") +
                       " under it. Hand ownership to another user first: salesyncctl users transfer-owner EMAIL",
                   email);
}

Status UserDirectory::Disable(const std::string& email) {
  auto n = Normalised(email);
  if (!n.ok()) return n.error();
  if (Status s = RefuseIfOwnerInUse(*n, "disable"); !s.ok()) return s;
  if (Status s = users_.SetState(*n, "disabled", clock_()); !s.ok()) return s;
  LogNotice("User disabled.", {{"email", *n}});
  return OkStatus();
}

Status UserDirectory::Enable(const std::string& email) {
  auto n = Normalised(email);
  if (!n.ok()) return n.error();
  auto user = users_.GetUser(*n);
  if (!user.ok()) return user.error();
  if (user->state != "disabled") return OkStatus();
  return users_.SetState(*n, "active", clock_());
}

Status UserDirectory::Delete(const std::string& email) {
  auto n = Normalised(email);
  if (!n.ok()) return n.error();
  if (Status s = RefuseIfOwnerInUse(*n, "delete"); !s.ok()) return s;
  if (Status s = users_.DeleteUser(*n); !s.ok()) return s;
  LogNotice("User deleted.", {{"email", *n}});
  return OkStatus();
}

Status UserDirectory::TransferOwner(const std::string& email) {
  auto n = Normalised(email);
  if (!n.ok()) return n.error();
  if (Status s = users_.TransferOwner(*n, clock_()); !s.ok()) return s;
  LogNotice("Ownership transferred.", {{"owner", *n}});
  return OkStatus();
}

Result<std::vector<store::TeamRecord>> UserDirectory::ListTeams() { return users_.ListTeams(); }

Status UserDirectory::CreateTeam(const std::string& name) {
  if (Status s = ValidateTeamName(name); !s.ok()) return s;
  return users_.CreateTeam(name, clock_());
}

Status UserDirectory::AddMembers(const std::string& team, const std::vector<std::string>& emails) {
  if (emails.empty()) return MakeError(ErrorCode::kInvalidArgument, "Name at least one user to add.");
  for (const std::string& e : emails) {
    auto n = Normalised(e);
    if (!n.ok()) return n.error();
    if (Status s = users_.AddMember(team, *n); !s.ok()) return s;
  }
  return OkStatus();
}

Status UserDirectory::RemoveMember(const std::string& team, const std::string& email) {
  auto n = Normalised(email);
  if (!n.ok()) return n.error();
  return users_.RemoveMember(team, *n);
}

}  // namespace salesync::invites
