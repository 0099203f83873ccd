#include "sandbox/people_universe.h"

#include <algorithm>
#include <array>

#include "base/strings.h"

namespace salesync::sandbox {

namespace {

// Fixed so that the same seed gives the same data on any day: 2026-11-01T00:00:00Z.
constexpr int64_t kUniverseNowMillis = 1793491200000LL;
constexpr int64_t kTwoYearsMillis = 2LL * 365 * 24 * 3600 * 1000;
constexpr int64_t kPeoplePerTimestamp = 7;  // ties: this many people share each modification time

constexpr std::array kFirstNames = {"Anna", "Bram", "Daan", "Emma", "Sanne", "Lars", "Ingrid", "Søren", "Mette",
                                    "Freja", "Anders", "Karin", "Jürgen", "Minji", "Jisoo", "Seo-yeon", "Hyun",
                                    "Lucía", "Mateo", "Chloé", "Noah", "Olivia", "Liam", "Zoë", "José", "Ødegaard",
                                    "Priya", "Wei", "Yuki", "Amélie", "Björn", "Åsa"};
constexpr std::array kLastNames = {"de Vries", "Jansen", "van den Berg", "Bakker", "Andersson", "Johansson",
                                   "Nielsen", "Hansen", "Kim", "Lee", "Park", "Choi", "García", "Müller", "Dubois",
                                   "Smith", "O'Brien", "Nowak", "Rossi", "Sato", "Chen", "Patel", "Lindqvist",
                                   "Sørensen", "Van Dijk", "D'Angelo", "Ærø", "Holm"};
constexpr std::array kTitles = {"VP Marketing", "Marketing Operations Manager", "Sales Director", "Account Executive",
                                "CMO", "Demand Generation Lead", "Head of Growth", "SDR", "CRM Administrator",
                                "Chief Revenue Officer", "Product Marketing Manager", ""};
constexpr std::array kCities = {"Amsterdam", "Utrecht", "Stockholm", "Göteborg", "København", "Aarhus", "Seoul",
                                "Busan", "Berlin", "Paris", "London", "New York", "San Francisco", "Oslo"};
constexpr std::array kCountries = {"Netherlands", "Netherlands", "Sweden", "Sweden", "Denmark", "Denmark",
                                   "South Korea", "South Korea", "Germany", "France", "United Kingdom",
                                   "United States", "United States", "Norway"};
constexpr std::array kLeadStatuses = {"Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                                      "Closed - Not Converted"};
constexpr std::array kLeadSources = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other", "Webinar"};
constexpr std::array kCompanyWords = {"Nordic", "Acme", "Blue", "Orbit", "Hanseatic", "Delta", "Quantum", "Polder",
                                      "Fjord", "Han River", "Tulip", "Aurora", "Granite", "Lumen"};
constexpr std::array kCompanySuffixes = {"B.V.", "AB", "ApS", "Co., Ltd.", "GmbH", "Inc.", "Ltd", "Group", "Labs"};
constexpr std::array kIndustries = {"Technology", "Manufacturing", "Finance", "Healthcare", "Retail", "Education",
                                    "Energy", "Media"};
constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

template <size_t N>
const char* Pick(const std::array<const char*, N>& a, uint64_t h) {
  return a[h % N];
}

// ASCII e-mail local part from a display name: letters only, lower case.
std::string AsciiSlug(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
  }
  return out.empty() ? "x" : out;
}

}  // namespace

PeopleUniverse::PeopleUniverse(const SeedOptions& options) : options_(options) {
  if (options_.people < 0) options_.people = 0;
  account_count_ = std::max<int64_t>(1, options_.people / 8);
  now_millis_ = kUniverseNowMillis;
  span_millis_ = kTwoYearsMillis;
}

uint64_t PeopleUniverse::Hash(uint64_t stream, uint64_t index) const {
  return SplitMix(SplitMix(options_.seed * 0x100000001b3ULL + stream) ^ index);
}

int64_t PeopleUniverse::PersonUpdatedMillis(int64_t index) const {
  int64_t groups = std::max<int64_t>(1, (options_.people + kPeoplePerTimestamp - 1) / kPeoplePerTimestamp);
  int64_t group = index / kPeoplePerTimestamp;
  // Whole seconds (Salesforce stamps end in .000), spread evenly, oldest first.
  int64_t offset = span_millis_ - (span_millis_ / groups) * (groups - group);
  return (now_millis_ - span_millis_ + offset) / 1000 * 1000 - 60000;
}

PersonSeed PeopleUniverse::Person(int64_t index) const {
  PersonSeed p;
  p.index = index;
  uint64_t h = Hash(1, static_cast<uint64_t>(index));
  p.first_name = Pick(kFirstNames, h);
  p.last_name = Pick(kLastNames, h >> 8);
  p.title = Pick(kTitles, h >> 16);
  uint64_t place = (h >> 24) % kCities.size();
  p.city = kCities[place];
  p.country = kCountries[place];
  p.lead_status = Pick(kLeadStatuses, h >> 28);
  p.lead_source = Pick(kLeadSources, h >> 32);
  p.account_index = static_cast<int64_t>(Hash(2, static_cast<uint64_t>(index)) % static_cast<uint64_t>(account_count_));
  p.score = static_cast<int64_t>((h >> 36) % 120);
  p.phone = "+31 20 " + std::to_string(1000000 + (h >> 40) % 9000000);
  std::string domain = AsciiSlug(Pick(kCompanyWords, Hash(3, static_cast<uint64_t>(p.account_index)))) +
                       std::to_string(p.account_index) + ".example.com";
  p.email = AsciiSlug(p.first_name) + "." + AsciiSlug(p.last_name) + "." + std::to_string(index) + "@" + domain;

  uint64_t m = Hash(4, static_cast<uint64_t>(index)) % 1000;
  p.in_marketo = m < 900;
  uint64_t s = Hash(5, static_cast<uint64_t>(index)) % 1000;
  p.salesforce = s < 350 ? SalesforceKind::kLead : (s < 750 ? SalesforceKind::kContact : SalesforceKind::kNone);
  if (!p.in_marketo && p.salesforce == SalesforceKind::kNone) p.in_marketo = true;  // everyone exists somewhere
  uint64_t link = Hash(6, static_cast<uint64_t>(index)) % 1000;
  p.linked_by_id = p.in_marketo && p.salesforce != SalesforceKind::kNone && link < 800;
  p.duplicate_contact = p.salesforce == SalesforceKind::kContact && link >= 990;
  p.marketo_email = p.email;
  if (p.in_marketo && !p.linked_by_id && link % 3 == 0) {
    // Linked only by e-mail, and not byte-for-byte: identity must trim and case-fold.
    p.marketo_email = " " + std::string(1, static_cast<char>(p.email[0] - 'a' + 'A')) + p.email.substr(1);
  }
  p.updated_millis = PersonUpdatedMillis(index);
  int64_t age = static_cast<int64_t>(Hash(7, static_cast<uint64_t>(index)) % (90LL * 24 * 3600)) * 1000;
  p.created_millis = std::max<int64_t>(now_millis_ - span_millis_ - 86400000, p.updated_millis - age) / 1000 * 1000;
  return p;
}

AccountSeed PeopleUniverse::Account(int64_t index) const {
  AccountSeed a;
  a.index = index;
  uint64_t h = Hash(3, static_cast<uint64_t>(index));
  a.name = std::string(Pick(kCompanyWords, h)) + " " + std::to_string(index) + " " + Pick(kCompanySuffixes, h >> 8);
  a.industry = Pick(kIndustries, h >> 16);
  a.website = "https://www." + AsciiSlug(Pick(kCompanyWords, h)) + std::to_string(index) + ".example.com";
  uint64_t place = (h >> 24) % kCities.size();
  a.city = kCities[place];
  a.country = kCountries[place];
  a.employees = static_cast<int64_t>(10 + (h >> 32) % 50000);
  int64_t step = std::max<int64_t>(1, span_millis_ / std::max<int64_t>(1, account_count_));
  a.updated_millis = (now_millis_ - span_millis_ + step * index) / 1000 * 1000 - 120000;
  a.created_millis = a.updated_millis - 86400000;
  return a;
}

std::string PeopleUniverse::SalesforceId(std::string_view prefix, int64_t number) {
  // 15-character id: prefix (3) + base62 number zero-padded to 12.
  std::string id(prefix);
  std::string digits(12, '0');
  uint64_t n = static_cast<uint64_t>(number);
  for (int i = 11; i >= 0 && n > 0; --i) {
    digits[static_cast<size_t>(i)] = kBase62[n % 62];
    n /= 62;
  }
  id += digits;
  // Case-safe suffix: for each 5-character chunk, a bit per upper-case letter, as a letter or digit.
  static constexpr char kSuffix[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  for (int chunk = 0; chunk < 3; ++chunk) {
    int bits = 0;
    for (int i = 0; i < 5; ++i) {
      char c = id[static_cast<size_t>(chunk * 5 + i)];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    id += kSuffix[bits];
  }
  return id;
}

}  // namespace salesync::sandbox
