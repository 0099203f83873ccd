// UserDirectory: users and teams as the admin API and salesyncctl see them, with the rules the database
// alone cannot enforce.
//
// The owner (the first invited user) must not be disabled or deleted while a sync runs under it: the data
// sync acts with the owner's identity. Which syncs run under whom is answered by a callable, so this class
// does not depend on the sync engine; the refusal names the syncs and says how to hand ownership over.
// Team names are 1-64 characters of valid UTF-8 without '/', control characters or list separators
// (',', ';', '|' separate teams in a CSV cell).
// Thread-safety: all methods are thread-safe (state lives in the Store; the callable must be thread-safe).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "invites/clock.h"
#include "store/user_store.h"

namespace salesync::invites {

// The names of the syncs that run under the user with this (normalised) e-mail; empty when none.
using SyncsUnderUser = std::function<std::vector<std::string>(const std::string& owner_email)>;

class UserDirectory {
 public:
  UserDirectory(store::Store* store, SyncsUnderUser syncs_under, Clock clock);

  Result<std::vector<store::UserRecord>> List();
  Result<store::UserRecord> Get(const std::string& email);
  // kConflict when `email` is the owner and a sync runs under it; the message names the sync(s).
  Status Disable(const std::string& email);
  Status Enable(const std::string& email);
  Status Delete(const std::string& email);
  Status TransferOwner(const std::string& email);

  Result<std::vector<store::TeamRecord>> ListTeams();
  Status CreateTeam(const std::string& name);
  Status AddMembers(const std::string& team, const std::vector<std::string>& emails);
  Status RemoveMember(const std::string& team, const std::string& email);

 private:
  // The normalised address, or kInvalidArgument.
  Result<std::string> Normalised(const std::string& email);
  Status RefuseIfOwnerInUse(const std::string& email, const char* action);

  store::UserStore users_;
  SyncsUnderUser syncs_under_;
  Clock clock_;
};

// Checks a new team name; kInvalidArgument with the reason.
Status ValidateTeamName(const std::string& name);

}  // namespace salesync::invites
