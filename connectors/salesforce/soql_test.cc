#include "connectors/salesforce/soql.h"

#include <gtest/gtest.h>

namespace salesync::connectors::salesforce {
namespace {

TEST(SoqlIdentifierTest, AcceptsStandardCustomAndNamespacedNames) {
  for (const char* name : {"Id", "Email", "Salesync_Id__c", "ns__Score__c", "_x", "A1"}) {
    EXPECT_TRUE(IsSoqlIdentifier(name)) << name;
  }
}

TEST(SoqlIdentifierTest, RefusesAnythingThatCouldChangeTheQuery) {
  for (const char* name : {"", "1Id", "Email,Name", "Id FROM User", "Account.Name", "Name'", "Id--", "a b",
                           "Email\n", "Ünïcode"}) {
    EXPECT_FALSE(IsSoqlIdentifier(name)) << name;
  }
  EXPECT_FALSE(IsSoqlIdentifier(std::string(256, 'a')));
  EXPECT_TRUE(IsSoqlIdentifier(std::string(255, 'a')));
}

TEST(SoqlEscapeTest, EscapesEverySpecialCharacterOfTheFactSheet) {
  EXPECT_EQ(EscapeSoqlString("O'Brien"), "O\\'Brien");
  EXPECT_EQ(EscapeSoqlString("back\\slash"), "back\\\\slash");
  EXPECT_EQ(EscapeSoqlString("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeSoqlString("a\nb\rc\td\be\ff"), "a\\nb\\rc\\td\\be\\ff");
  EXPECT_EQ(EscapeSoqlString(std::string("nul\0x", 5)), "nul\\u0000x");
  EXPECT_EQ(EscapeSoqlString("\x01\x7f"), "\\u0001\\u007F");
  EXPECT_EQ(EscapeSoqlString("50% off_now"), "50% off_now") << "wildcards are plain text outside LIKE";
  EXPECT_EQ(EscapeSoqlString("Zoë 東京"), "Zoë 東京") << "UTF-8 passes through";
}

TEST(SoqlEscapeTest, AnInjectionAttemptStaysInsideTheLiteral) {
  const std::string attack = "x' OR Name != '";
  auto soql = SoqlQuery("Lead").Select({"Id"}).Where(Cond::Compare("Email", Op::kEq, Literal::String(attack))).Build();
  ASSERT_TRUE(soql.ok());
  EXPECT_EQ(*soql, "SELECT Id FROM Lead WHERE Email = 'x\\' OR Name != \\''");
  // A trailing backslash must not escape the closing quote.
  auto tail = SoqlQuery("Lead").Select({"Id"}).Where(Cond::Compare("Email", Op::kEq, Literal::String("x\\"))).Build();
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(*tail, "SELECT Id FROM Lead WHERE Email = 'x\\\\'");
}

TEST(SoqlLiteralTest, LikeEscapesWildcardsInTheValueOnly) {
  auto r = Literal::LikeText("50%_a'", true, true).Render();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "'%50\\%\\_a\\'%'");
  auto exact = Literal::LikeText("a_b", false, false).Render();
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(*exact, "'a\\_b'");
}

TEST(SoqlLiteralTest, IdsAreCheckedAndOtherTypesPrintAsSoqlDoes) {
  EXPECT_EQ(*Literal::Id("00Q000000000001").Render(), "'00Q000000000001'");
  EXPECT_EQ(*Literal::Id("00Q000000000001AAA").Render(), "'00Q000000000001AAA'");
  for (const char* bad : {"", "00Q", "00Q00000000000'", "00Q000000000001AA", "00Q00000000000-AAA"}) {
    auto r = Literal::Id(bad).Render();
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(*Literal::Integer(-42).Render(), "-42");
  EXPECT_EQ(*Literal::Bool(true).Render(), "true");
  EXPECT_EQ(*Literal::Null().Render(), "null");
  EXPECT_EQ(*Literal::DateTime(1700000000123).Render(), "2023-11-14T22:13:20.123Z");
}

TEST(SoqlQueryTest, BuildsTheKeysetQuery) {
  SoqlQuery q("Lead");
  q.Select({"Id", "SystemModstamp"})
      .Where(Cond::Or({Cond::And({Cond::Compare("SystemModstamp", Op::kEq, Literal::DateTime(1700000000000)),
                                  Cond::Compare("Id", Op::kGt, Literal::Id("00Q000000000001"))}),
                       Cond::Compare("SystemModstamp", Op::kGt, Literal::DateTime(1700000000000))}))
      .OrderBy("SystemModstamp")
      .OrderBy("Id");
  auto soql = q.Build();
  ASSERT_TRUE(soql.ok()) << soql.error().ToString();
  EXPECT_EQ(*soql,
            "SELECT Id, SystemModstamp FROM Lead WHERE (SystemModstamp = 2023-11-14T22:13:20.000Z AND "
            "Id > '00Q000000000001') OR SystemModstamp > 2023-11-14T22:13:20.000Z ORDER BY SystemModstamp, Id");
}

TEST(SoqlQueryTest, CountInNotAndLimit) {
  auto soql = SoqlQuery("Contact")
                  .Count()
                  .Where(Cond::In("LeadSource", {Literal::String("Web"), Literal::String("Other")}))
                  .Where(Cond::Not(Cond::Compare("IsDeleted", Op::kEq, Literal::Bool(true))))
                  .OrderBy("Id", true)
                  .Limit(5)
                  .Build();
  ASSERT_TRUE(soql.ok());
  EXPECT_EQ(*soql,
            "SELECT COUNT() FROM Contact WHERE LeadSource IN ('Web', 'Other') AND NOT (IsDeleted = true) "
            "ORDER BY Id DESC LIMIT 5");
}

TEST(SoqlQueryTest, InvalidNamesAndValuesFailTheBuild) {
  EXPECT_FALSE(SoqlQuery("Lead; DELETE").Select({"Id"}).Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({"Id", "Name FROM User"}).Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({}).Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({"Id"}).Where(Cond::Compare("a=b", Op::kEq, Literal::Null())).Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({"Id"}).OrderBy("Id DESC").Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({"Id"}).Where(Cond::In("Id", {})).Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({"Id"}).Where(Cond::Compare("Id", Op::kEq, Literal::Id("x' OR '1"))).Build().ok());
  EXPECT_FALSE(SoqlQuery("Lead").Select({"Id"}).Count().Build().ok());
  auto e = SoqlQuery("Lead").Select({"Id", "Em ail"}).Build();
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(e.error().message.find("Em ail"), std::string::npos);
}

TEST(SoqlQueryTest, QueryPathPercentEncodesTheWholeQuery) {
  EXPECT_EQ(QueryPath("v60.0", "SELECT Id FROM Lead WHERE Email = 'a+b@x.com'", false),
            "/services/data/v60.0/query?q=SELECT%20Id%20FROM%20Lead%20WHERE%20Email%20%3D%20%27a%2Bb%40x.com%27");
  EXPECT_EQ(QueryPath("v60.0", "SELECT Id FROM Lead WHERE X > 2024-01-01T00:00:00.000+01:00", true),
            "/services/data/v60.0/queryAll?q=SELECT%20Id%20FROM%20Lead%20WHERE%20X%20%3E%20"
            "2024-01-01T00%3A00%3A00.000%2B01%3A00");
  EXPECT_NE(QueryPath("v60.0", "a&q=b#c", false).find("a%26q%3Db%23c"), std::string::npos);
}

}  // namespace
}  // namespace salesync::connectors::salesforce
