// EffectsLog: what happened in a sandbox, for tests to assert on.
//
//  - an ordered log of every mutating call and every injected fault: sequence number, time, provider,
//    who (client id), operation, endpoint, the records it touched and the result;
//  - call counts per endpoint ("GET /rest/v1/leads.json");
//  - the highest number of requests in flight seen per provider;
//  - every rate-limit violation (which limit, when).
// Read through GET /_sandbox/effects?since=SEQ and GET /_sandbox/stats.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace salesync::sandbox {

struct Effect {
  int64_t seq = 0;
  int64_t at_unix_millis = 0;
  std::string provider;   // "marketo", "salesforce"
  std::string actor;      // client id behind the token, or "control"
  std::string operation;  // "lead.createOrUpdate", "task.create", "list.add", "fault", "token.refresh"...
  std::string endpoint;   // "POST /rest/v1/leads.json"
  nlohmann::json records = nlohmann::json::array();  // ids or small objects it touched
  nlohmann::json result;  // per-record outcomes, error code...
};

class EffectsLog {
 public:
  // Appends and returns the sequence number (1, 2, 3...).
  int64_t Record(Effect effect);
  std::vector<Effect> Since(int64_t seq, const std::string& provider = "") const;

  void CountCall(const std::string& provider, const std::string& endpoint);
  int64_t CallCount(const std::string& provider, const std::string& endpoint) const;

  // Tracks requests in flight; returns the count including this one.
  int64_t EnterFlight(const std::string& provider);
  void LeaveFlight(const std::string& provider);
  int64_t InFlight(const std::string& provider) const;
  int64_t MaxInFlight(const std::string& provider) const;

  void RecordLimitViolation(const std::string& provider, const std::string& limit, int64_t at_unix_millis);
  int64_t LimitViolations(const std::string& provider) const;

  nlohmann::json StatsJson(const std::string& provider) const;
  static nlohmann::json ToJson(const Effect& e);

  void Clear();

 private:
  mutable std::mutex mu_;
  std::vector<Effect> effects_;
  int64_t next_seq_ = 1;
  std::map<std::string, std::map<std::string, int64_t>> calls_;
  std::map<std::string, int64_t> in_flight_;
  std::map<std::string, int64_t> max_in_flight_;
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> violations_;
};

}  // namespace salesync::sandbox
