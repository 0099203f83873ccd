// UserStore: the sales users and teams of the workspace, in the store's SQLite database.
//
// A user has a normalised e-mail (unique), a name, a role ("admin" or "member"), a state ("invited",
// "active", "disabled"), time stamps, and belongs to teams. The team "Everyone" exists from migration 2 on
// and cannot be deleted. At most one user is the owner (a partial unique index enforces it); the first
// invited user becomes the owner (see InvitationStore). Business rules that need more than the database
// (refusing to remove an owner a sync runs under) live in invites::UserDirectory, on top of this class.
// Thread-safety: all methods are thread-safe (the Store serialises access).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace salesync::store {

class Store;

inline constexpr const char* kEveryoneTeam = "Everyone";

struct UserRecord {
  int64_t id = 0;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string role;   // "admin" or "member"
  std::string state;  // "invited", "active" or "disabled"
  bool owner = false;
  std::string created_at;
  std::string updated_at;
  std::string activated_at;  // empty until the invitation is accepted
  std::string disabled_at;   // empty unless disabled
  std::vector<std::string> teams;  // sorted by name
};

struct TeamRecord {
  int64_t id = 0;
  std::string name;
  int64_t member_count = 0;
  std::string created_at;
};

class UserStore {
 public:
  explicit UserStore(Store* store) : store_(store) {}

  Result<std::vector<UserRecord>> ListUsers();
  // kNotFound when no user has this e-mail (compared as stored: callers pass the normalised form).
  Result<UserRecord> GetUser(const std::string& email);
  // Normalised e-mail -> state, for every user: one query instead of one per CSV row.
  Result<std::unordered_map<std::string, std::string>> UserStates();
  Result<std::optional<UserRecord>> Owner();

  // Disables ("disabled") or enables ("active") a user; enabling a user who never accepted the invitation
  // makes it "invited" again. kNotFound; kConflict for making an invited user active.
  Status SetState(const std::string& email, const std::string& state, std::chrono::system_clock::time_point now);
  // Removes the user, its memberships, invitations and queued e-mails. kNotFound when absent.
  Status DeleteUser(const std::string& email);
  // Moves the owner flag to `email` in one transaction. kNotFound; kConflict when the user is disabled.
  Status TransferOwner(const std::string& email, std::chrono::system_clock::time_point now);

  Result<std::vector<TeamRecord>> ListTeams();
  // Existing team names as stored (their canonical spelling), for validating CSV and --team values.
  Result<std::vector<std::string>> TeamNames();
  // kConflict when a team of that name exists (names compare case-insensitively).
  Status CreateTeam(const std::string& name, std::chrono::system_clock::time_point now);
  // kNotFound for an unknown team or user. Adding a member twice is not an error.
  Status AddMember(const std::string& team, const std::string& email);
  // kNotFound for an unknown team, user or membership; kConflict for leaving "Everyone".
  Status RemoveMember(const std::string& team, const std::string& email);

 private:
  Store* store_;
};

}  // namespace salesync::store
