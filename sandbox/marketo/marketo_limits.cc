#include "sandbox/marketo/marketo_limits.h"

#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {
constexpr int64_t kWindowMillis = 20000;
constexpr int64_t kKeepDays = 8;  // enough for usage/last7days.json
}  // namespace

std::string MarketoLimits::Admit(int64_t now, int64_t in_flight, const std::string& user) {
  std::string violated;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!window_.empty() && window_.front() <= now - kWindowMillis) window_.pop_front();
    int64_t day = CentralDay(now);
    DayUsage& usage = days_[day];
    if (in_flight > settings_.concurrency) {
      violated = "615";
    } else if (static_cast<int64_t>(window_.size()) >= settings_.rate_per_20s) {
      violated = "606";
    } else if (usage.total >= settings_.daily_quota) {
      violated = "607";
    } else {
      window_.push_back(now);
      ++usage.total;
      ++usage.by_user[user];
    }
    while (!days_.empty() && days_.begin()->first < day - kKeepDays) days_.erase(days_.begin());
  }
  if (!violated.empty() && effects_) {
    static const std::map<std::string, std::string> kNames = {
        {"615", "615 concurrency"}, {"606", "606 rate"}, {"607", "607 daily quota"}};
    effects_->RecordLimitViolation("marketo", kNames.at(violated), now);
  }
  return violated;
}

std::string MarketoLimits::Message(const std::string& code) const {
  if (code == "606") {
    return "Max rate limit '" + std::to_string(settings_.rate_per_20s) + "' exceeded with in '20' secs";
  }
  if (code == "607") return "Daily quota reached";
  if (code == "615") return "Concurrent access limit reached";
  return "";
}

void MarketoLimits::CountError(int64_t now, const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  ++days_[CentralDay(now)].errors[code];
}

MarketoLimits::DayUsage MarketoLimits::Usage(int64_t day) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = days_.find(day);
  return it == days_.end() ? DayUsage{} : it->second;
}

void MarketoLimits::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  window_.clear();
  days_.clear();
}

}  // namespace salesync::sandbox::marketo
