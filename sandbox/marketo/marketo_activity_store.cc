#include "sandbox/marketo/marketo_activity_store.h"

#include <algorithm>
#include <array>

#include "sandbox/marketo/marketo_json_writer.h"
#include "sandbox/marketo/marketo_schema.h"
#include "sandbox/marketo/marketo_time.h"

namespace salesync::sandbox::marketo {

namespace {

constexpr int64_t kTwoYearsMillis = 2LL * 365 * 24 * 3600 * 1000;
constexpr int64_t kActivitiesPerSecond = 7;  // ties: this many generated activities share each timestamp
constexpr std::array<int64_t, 14> kBaseTypes = {kVisitWebpage, kVisitWebpage, kVisitWebpage, kFillOutForm,
                                                kSendEmail,     kEmailDelivered, kEmailDelivered, kOpenEmail,
                                                kClickEmail,    kChangeDataValue, kChangeDataValue, kChangeScore,
                                                kInterestingMoment, kChangeStatusInProgression};
constexpr std::array kPages = {"/pricing", "/product/sync", "/blog/marketing-ops", "/customers", "/contact",
                               "/webinars/2026-q4", "/docs/getting-started", "/"};
constexpr std::array kForms = {"Contact Us", "Webinar Registration", "Whitepaper Download", "Free Trial",
                               "Newsletter Signup", "Event Check-in"};
constexpr std::array kEmails = {"Newsletter - Issue 41", "Webinar Invite", "Webinar Reminder", "Product Update",
                                "Welcome Series 1", "Welcome Series 2", "Trial Nurture 1", "Event Follow-up"};
constexpr std::array kStatuses = {"Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                                  "Closed - Not Converted"};
constexpr std::array kTitles = {"Marketing Manager", "VP Marketing", "Sales Director", "CRM Administrator",
                                "Head of Growth", "Account Executive"};
constexpr std::array kCities = {"Amsterdam", "Stockholm", "Seoul", "Berlin", "London", "Oslo"};
constexpr std::array kPrograms = {"2026 Webinar Series", "Q4 Nurture", "Trade Show 2026", "Customer Advocacy"};
constexpr std::array kProgramStatuses = {"Invited", "Registered", "Attended", "No Show", "Member"};
constexpr std::array kMoments = {"Visited the pricing page 3 times", "Opened 5 emails this week",
                                 "Registered for a webinar", "Requested a demo"};
constexpr std::array kMomentTypes = {"Web", "Email", "Milestone"};
constexpr std::array kDevices = {"Desktop", "iPhone", "Android"};

template <typename A>
auto Pick(const A& a, uint64_t h) {
  return a[h % a.size()];
}

std::string Ip(uint64_t h) { return "203.0.113." + std::to_string(1 + h % 250); }

}  // namespace

namespace {

void AppendCommon(std::string& out, const Activity& a) {
  out += "{\"activityDate\":";
  AppendJsonString(out, FormatActivityDatetime(a.date_millis));
  out += ",\"activityTypeId\":" + std::to_string(a.type_id) + ",\"attributes\":[";
  for (size_t i = 0; i < a.attributes.size(); ++i) {
    if (i) out += ',';
    out += "{\"name\":";
    AppendJsonString(out, a.attributes[i].first);
    out += ",\"value\":";
    AppendJsonValue(out, a.attributes[i].second);
    out += '}';
  }
  out += ']';
  if (a.campaign_id) out += ",\"campaignId\":" + std::to_string(*a.campaign_id);
}

void AppendIds(std::string& out, const Activity& a) {
  out += ",\"id\":" + std::to_string(a.id) + ",\"leadId\":" + std::to_string(a.lead_id) + ",\"marketoGUID\":";
  AppendJsonString(out, a.guid);
}

}  // namespace

void AppendActivityJson(std::string& out, const Activity& a) {
  AppendCommon(out, a);
  AppendIds(out, a);
  if (!a.primary_value.is_null()) {
    out += ",\"primaryAttributeValue\":";
    AppendJsonValue(out, a.primary_value);
  }
  if (a.primary_id) out += ",\"primaryAttributeValueId\":" + std::to_string(*a.primary_id);
  out += '}';
}

void AppendLeadChangeJson(std::string& out, const Activity& a) {
  AppendCommon(out, a);
  out += ",\"fields\":";
  if (a.fields.is_array()) AppendJsonValue(out, a.fields);
  else out += "[]";
  AppendIds(out, a);
  out += '}';
}

ActivityStore::ActivityStore(const PeopleUniverse* universe, const LeadStore* leads)
    : universe_(universe), leads_(leads) {
  per_person_ = std::max<int64_t>(0, universe->activities_per_person());
  base_count_ = universe->people() * per_person_;
  start_millis_ = universe->now_millis() - kTwoYearsMillis;
  int64_t groups = std::max<int64_t>(1, (base_count_ + kActivitiesPerSecond - 1) / kActivitiesPerSecond);
  step_millis_ = std::max<int64_t>(1000, kTwoYearsMillis / groups);
}

int64_t ActivityStore::BaseDate(int64_t p) const {
  int64_t d = start_millis_ + (p / kActivitiesPerSecond) * step_millis_;
  return std::min(d, universe_->now_millis() - 1000) / 1000 * 1000;
}

int64_t ActivityStore::BaseTypeAt(int64_t p) const {
  if (p < 0 || p >= base_count_) return 0;
  if (p % per_person_ == 0) return kNewLead;
  return Pick(kBaseTypes, universe_->Hash(70, static_cast<uint64_t>(p)));
}

std::optional<Activity> ActivityStore::At(int64_t p) const {
  if (p < 0 || p >= end_position()) return std::nullopt;
  if (p >= base_count_) {
    Activity a = appended_[static_cast<size_t>(p - base_count_)];
    if (a.type_id != kDeleteLead) {
      auto lead = leads_->Resolve(a.lead_id);
      if (!lead) return std::nullopt;
      a.lead_id = *lead;
    }
    return a;
  }
  int64_t index = p / per_person_;
  // The K activities of a person sit next to each other: remember the last person generated on this
  // thread (Person() is a pure function of seed, people and index, so the key is exact).
  struct PersonCache {
    uint64_t seed = 0;
    int64_t people = -1;
    int64_t index = -1;
    PersonSeed person;
  };
  thread_local PersonCache cache;
  if (cache.index != index || cache.people != universe_->people() || cache.seed != universe_->seed()) {
    cache.person = universe_->Person(index);
    cache.index = index;
    cache.people = universe_->people();
    cache.seed = universe_->seed();
  }
  const PersonSeed& person = cache.person;
  if (!person.in_marketo) return std::nullopt;
  auto lead_id = leads_->ResolveGenerated(index + 1);
  if (!lead_id) return std::nullopt;
  Activity a;
  a.position = p;
  a.id = p + 1 - (p % 1000 == 999 ? 1 : 0);  // the documented "id may repeat"
  a.guid = std::to_string(p + 1);
  a.lead_id = *lead_id;
  a.date_millis = BaseDate(p);
  a.type_id = BaseTypeAt(p);
  uint64_t h = universe_->Hash(71, static_cast<uint64_t>(p));
  switch (a.type_id) {
    case kNewLead:
      a.attributes = {{"Source Type", Pick(std::array{"Form fill-out", "List import", "Web service API", "New lead"}, h)},
                      {"Created Date", FormatLeadDatetime(person.created_millis).substr(0, 10)}};
      a.fields = nlohmann::json::array();
      break;
    case kVisitWebpage: {
      std::string page = Pick(kPages, h);
      a.primary_id = static_cast<int64_t>(1 + h % kPages.size());
      a.primary_value = "www.salesync-demo.example" + page;
      a.attributes = {{"Client IP Address", Ip(h >> 8)},
                      {"Query Parameters", (h >> 12) % 3 == 0 ? "utm_source=newsletter" : ""},
                      {"Referrer URL", (h >> 14) % 2 ? "https://www.google.com/" : ""},
                      {"User Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"},
                      {"Webpage URL", page}};
      break;
    }
    case kFillOutForm:
      a.primary_id = static_cast<int64_t>(1000 + h % kForms.size());
      a.primary_value = Pick(kForms, h);
      a.attributes = {{"Client IP Address", Ip(h >> 8)},
                      {"Form Fields", nlohmann::json{{"Email", person.email}, {"FirstName", person.first_name}}.dump()},
                      {"Referrer URL", "https://www.salesync-demo.example/contact"},
                      {"Webpage ID", static_cast<int64_t>(1 + (h >> 16) % kPages.size())}};
      break;
    case kSendEmail:
    case kEmailDelivered:
    case kOpenEmail:
    case kClickEmail:
      a.campaign_id = static_cast<int64_t>(2001 + (h >> 20) % 3);
      a.primary_id = static_cast<int64_t>(5000 + h % kEmails.size());
      a.primary_value = Pick(kEmails, h);
      if (a.type_id == kOpenEmail || a.type_id == kClickEmail) {
        std::string device = Pick(kDevices, h >> 8);
        if (a.type_id == kClickEmail) a.attributes.push_back({"Link", "https://www.salesync-demo.example/pricing"});
        a.attributes.push_back({"Device", device});
        a.attributes.push_back({"Is Mobile Device", device != "Desktop"});
        if (a.type_id == kOpenEmail) {
          a.attributes.push_back({"Platform", device == "Desktop" ? "Linux" : "Mobile"});
          a.attributes.push_back({"User Agent", "Mozilla/5.0"});
        }
      } else {
        a.attributes = {{"Campaign Run ID", static_cast<int64_t>(100 + (h >> 24) % 50)},
                        {"Choice Number", 0},
                        {"Step ID", static_cast<int64_t>(10 + (h >> 28) % 5)}};
      }
      break;
    case kChangeDataValue: {
      int field = Pick(std::array{kFieldLeadStatus, kFieldTitle, kFieldCity, kFieldPhone}, h);
      std::string old_value, new_value;
      if (field == kFieldLeadStatus) {
        old_value = Pick(kStatuses, h >> 8);
        new_value = person.lead_status;
      } else if (field == kFieldTitle) {
        old_value = Pick(kTitles, h >> 8);
        new_value = person.title;
      } else if (field == kFieldCity) {
        old_value = Pick(kCities, h >> 8);
        new_value = person.city;
      } else {
        old_value = "";
        new_value = person.phone;
      }
      const auto& def = LeadFields()[static_cast<size_t>(field)];
      a.primary_id = def.id;
      a.primary_value = def.display_name;
      std::string source = (h >> 16) % 2 ? "Web service API" : "Marketo Flow Action";
      a.attributes = {{"New Value", new_value}, {"Old Value", old_value}, {"Reason", "Changed by sync"}, {"Source", source}};
      a.fields = nlohmann::json::array(
          {{{"id", def.id}, {"name", def.name}, {"newValue", new_value}, {"oldValue", old_value}}});
      break;
    }
    case kChangeScore: {
      int64_t change = static_cast<int64_t>(1 + h % 10);
      a.campaign_id = static_cast<int64_t>(2002);
      a.primary_id = LeadFields()[kFieldLeadScore].id;
      a.primary_value = "leadScore";
      a.attributes = {{"Change Value", "+" + std::to_string(change)},
                      {"New Value", person.score},
                      {"Old Value", person.score - change},
                      {"Reason", "Behavior: visited pricing page"}};
      break;
    }
    case kInterestingMoment:
      a.campaign_id = static_cast<int64_t>(2001);
      a.primary_value = Pick(kMomentTypes, h);
      a.attributes = {{"Description", Pick(kMoments, h >> 8)},
                      {"Source", "Smart Campaign"},
                      {"Date", FormatActivityDatetime(a.date_millis)}};
      break;
    case kChangeStatusInProgression:
      a.primary_id = static_cast<int64_t>(3000 + h % kPrograms.size());
      a.primary_value = Pick(kPrograms, h);
      a.attributes = {{"New Status", Pick(kProgramStatuses, h >> 8)},
                      {"Old Status", Pick(kProgramStatuses, h >> 12)},
                      {"Reason", "Filled out form"}};
      break;
    default:
      break;
  }
  return a;
}

int64_t ActivityStore::FirstPositionSince(int64_t since) const {
  int64_t lo = 0, hi = base_count_;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (BaseDate(mid) < since) lo = mid + 1;
    else hi = mid;
  }
  if (lo < base_count_) return lo;
  auto it = std::lower_bound(appended_.begin(), appended_.end(), since,
                             [](const Activity& a, int64_t t) { return a.inserted_millis < t; });
  return base_count_ + (it - appended_.begin());
}

int64_t ActivityStore::Append(Activity a, int64_t now) {
  a.position = end_position();
  a.id = a.position + 1;
  a.guid = std::to_string(a.position + 1);
  last_inserted_ = std::max(last_inserted_, now);
  a.inserted_millis = last_inserted_;
  if (a.date_millis == 0) a.date_millis = now;
  appended_.push_back(std::move(a));
  return appended_.back().position;
}

std::pair<int64_t, int64_t> ActivityStore::BaseRangeOf(int64_t person_index) const {
  if (person_index < 0 || person_index >= universe_->people()) return {0, 0};
  return {person_index * per_person_, (person_index + 1) * per_person_};
}

std::vector<int64_t> ActivityStore::AppendedPositionsOf(int64_t lead_id) const {
  std::vector<int64_t> out;
  for (const auto& a : appended_) {
    if (a.lead_id == lead_id || leads_->Resolve(a.lead_id) == lead_id) out.push_back(a.position);
  }
  return out;
}

}  // namespace salesync::sandbox::marketo
