#include "sandbox/people_universe.h"

#include <gtest/gtest.h>
#include <set>

namespace salesync::sandbox {
namespace {

TEST(PeopleUniverseTest, SameSeedSameData) {
  PeopleUniverse a({1000, 3, 42}), b({1000, 3, 42}), c({1000, 3, 43});
  for (int64_t i = 0; i < 1000; i += 97) {
    EXPECT_EQ(a.Person(i).email, b.Person(i).email);
    EXPECT_EQ(a.Person(i).updated_millis, b.Person(i).updated_millis);
  }
  int differ = 0;
  for (int64_t i = 0; i < 100; ++i) differ += a.Person(i).first_name != c.Person(i).first_name;
  EXPECT_GT(differ, 50);
}

TEST(PeopleUniverseTest, TimestampsAreOrderedWithTiesAndInThePast) {
  PeopleUniverse u({10000, 3, 1});
  int ties = 0;
  for (int64_t i = 1; i < 10000; ++i) {
    EXPECT_LE(u.PersonUpdatedMillis(i - 1), u.PersonUpdatedMillis(i));
    ties += u.PersonUpdatedMillis(i - 1) == u.PersonUpdatedMillis(i);
    EXPECT_LT(u.PersonUpdatedMillis(i), u.now_millis());
    EXPECT_EQ(u.PersonUpdatedMillis(i) % 1000, 0);
  }
  EXPECT_GT(ties, 8000);
  // Ties straddle a 2,000-record page boundary.
  EXPECT_EQ(u.PersonUpdatedMillis(1999), u.PersonUpdatedMillis(2000));
}

TEST(PeopleUniverseTest, OverlapLooksLikeRealInstances) {
  PeopleUniverse u({20000, 3, 1});
  int marketo = 0, leads = 0, contacts = 0, linked = 0, dupes = 0, email_only_variant = 0;
  std::set<std::string> emails;
  for (int64_t i = 0; i < 20000; ++i) {
    PersonSeed p = u.Person(i);
    marketo += p.in_marketo;
    leads += p.salesforce == SalesforceKind::kLead;
    contacts += p.salesforce == SalesforceKind::kContact;
    linked += p.linked_by_id;
    dupes += p.duplicate_contact;
    email_only_variant += p.marketo_email != p.email;
    emails.insert(p.email);
    for (char c : p.email) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << p.email;
  }
  EXPECT_EQ(emails.size(), 20000u);
  EXPECT_NEAR(marketo / 20000.0, 0.92, 0.03);
  EXPECT_NEAR(leads / 20000.0, 0.35, 0.03);
  EXPECT_NEAR(contacts / 20000.0, 0.40, 0.03);
  EXPECT_GT(linked, 8000);
  EXPECT_GT(dupes, 20);
  EXPECT_GT(email_only_variant, 100);
}

TEST(PeopleUniverseTest, SalesforceIdsAreCaseSafeAndOrdered) {
  // Known case-safe suffixes: all-digit chunks give "AAA".
  EXPECT_EQ(PeopleUniverse::SalesforceId("003", 0), "003000000000000AAA");
  std::string a = PeopleUniverse::SalesforceId("00Q", 61), b = PeopleUniverse::SalesforceId("00Q", 62);
  EXPECT_EQ(a.size(), 18u);
  EXPECT_LT(a.substr(0, 15), b.substr(0, 15));
  for (int64_t n = 0; n < 5000; ++n) {
    EXPECT_LT(PeopleUniverse::SalesforceId("001", n).substr(0, 15), PeopleUniverse::SalesforceId("001", n + 1).substr(0, 15));
  }
  // Suffix bit i of chunk 0 marks an upper-case letter at position i: "003" + "00000000000Z"...
  std::string z = PeopleUniverse::SalesforceId("003", 35);  // 35 = 'Z' in base 62
  EXPECT_EQ(z.substr(0, 15), "00300000000000Z");
  EXPECT_EQ(z.substr(15), "AAQ");  // chunk 2 ("0000Z"): bit 4 -> 'Q'
}

}  // namespace
}  // namespace salesync::sandbox
