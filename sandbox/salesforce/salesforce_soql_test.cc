#include "sandbox/salesforce/salesforce_soql.h"

#include <gtest/gtest.h>

namespace salesync::sandbox::salesforce {
namespace {

SoqlQuery Parse(const std::string& text) {
  auto r = ParseSoql(text);
  if (auto* e = std::get_if<SoqlError>(&r)) {
    ADD_FAILURE() << text << " -> " << e->code << ": " << e->message;
    return {};
  }
  return std::get<SoqlQuery>(r);
}

SoqlError Fail(const std::string& text) {
  auto r = ParseSoql(text);
  EXPECT_TRUE(std::holds_alternative<SoqlError>(r)) << text << " parsed but should not";
  return std::holds_alternative<SoqlError>(r) ? std::get<SoqlError>(r) : SoqlError{};
}

// The literal of "SELECT Id FROM Contact WHERE Email = <literal>".
std::string EmailLiteral(const std::string& literal) {
  SoqlQuery q = Parse("SELECT Id FROM Contact WHERE Email = " + literal);
  return q.where ? q.where->value.text : "<no where>";
}

TEST(SoqlTest, ParsesSelectFromWhereOrderLimit) {
  SoqlQuery q = Parse("select id, EMAIL, systemmodstamp from contact where IsDeleted = false "
                      "order by SystemModstamp asc, Id desc nulls last limit 200 offset 10");
  ASSERT_NE(q.object, nullptr);
  EXPECT_EQ(q.object->name, "Contact");
  ASSERT_EQ(q.fields.size(), 3u);
  EXPECT_EQ(q.object->field(q.fields[1]).name, "Email");  // canonical spelling
  ASSERT_EQ(q.order.size(), 2u);
  EXPECT_TRUE(q.order[1].descending);
  EXPECT_TRUE(q.order[1].nulls_last);
  EXPECT_EQ(*q.limit, 200);
  EXPECT_EQ(q.offset, 10);
  EXPECT_TRUE(Parse("SELECT COUNT() FROM Lead").count_only);
}

TEST(SoqlTest, DecodesEveryStringEscape) {
  EXPECT_EQ(EmailLiteral(R"('a\nb\rc\td\be\ff')"), "a\nb\rc\td\be\ff");
  EXPECT_EQ(EmailLiteral(R"('A\NB\RC\TD\BE\FF')"), "A\nB\rC\tD\bE\fF");
  EXPECT_EQ(EmailLiteral(R"('q\"q\'q\\q')"), "q\"q'q\\q");
  EXPECT_EQ(EmailLiteral(R"('\u00e9\u4e2d')"), "\xc3\xa9\xe4\xb8\xad");
  EXPECT_EQ(EmailLiteral("'Ødegaard'"), "Ødegaard");
  EXPECT_EQ(Fail(R"(SELECT Id FROM Contact WHERE Email = 'a\qb')").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail(R"(SELECT Id FROM Contact WHERE Email = 'a\_b')").code, "MALFORMED_QUERY");  // LIKE only
  EXPECT_EQ(Fail(R"(SELECT Id FROM Contact WHERE Email = 'a\u12')").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE Email = 'open").code, "MALFORMED_QUERY");
}

TEST(SoqlTest, InjectionAttemptsStayLiterals) {
  // What a correct escaper makes of hostile input: one literal, never extra SOQL.
  EXPECT_EQ(EmailLiteral(R"('x\' OR Email != \'y')"), "x' OR Email != 'y");
  EXPECT_EQ(EmailLiteral(R"('\\\' OR Id != null --')"), "\\' OR Id != null --");
  SoqlQuery q = Parse(R"(SELECT Id FROM Contact WHERE Email = 'a\' OR IsDeleted = true OR Email = \'b')");
  ASSERT_TRUE(q.where);
  EXPECT_EQ(q.where->kind, Condition::Kind::kCompare);  // a single comparison, no OR
  // Unescaped quotes break out of the literal and the query no longer parses.
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE Email = 'x' OR Email != 'y' '").code, "MALFORMED_QUERY");
}

TEST(SoqlTest, LikeKeepsEscapedWildcardsLiteral) {
  SoqlQuery q = Parse(R"(SELECT Id FROM Contact WHERE Email LIKE '100\%\_%')");
  ASSERT_TRUE(q.where);
  EXPECT_TRUE(LikeMatches(q.where->pattern, "100%_anything"));
  EXPECT_FALSE(LikeMatches(q.where->pattern, "100ab"));
  SoqlQuery one = Parse("SELECT Id FROM Contact WHERE LastName LIKE '_rø'");
  EXPECT_TRUE(LikeMatches(one.where->pattern, "Ærø"));  // '_' is one character, not one byte
  EXPECT_TRUE(LikeMatches(Parse("SELECT Id FROM Lead WHERE Email LIKE '%@ACME%'").where->pattern, "x@acme.com"));
}

TEST(SoqlTest, AcceptsEveryDateTimeLiteralForm) {
  const int64_t t = 1128733323000LL;  // 2005-10-08T01:02:03Z
  auto at = [](const std::string& lit) {
    SoqlQuery q = Parse("SELECT Id FROM Lead WHERE SystemModstamp > " + lit);
    return q.where ? q.where->value.time : -1;
  };
  EXPECT_EQ(at("2005-10-08T01:02:03Z"), t);
  EXPECT_EQ(at("2005-10-08T01:02:03.000Z"), t);
  EXPECT_EQ(at("2005-10-08T01:02:03.000000Z"), t);
  EXPECT_EQ(at("2005-10-08T01:02:03.250Z"), t + 250);
  EXPECT_EQ(at("2005-10-08T02:02:03+01:00"), t);
  EXPECT_EQ(at("2005-10-08T02:02:03.000+01:00"), t);
  EXPECT_EQ(at("2005-10-07T17:02:03-08:00"), t);
  // A '+' that was not URL-encoded arrives as a space: the literal has no zone and fails.
  EXPECT_EQ(Fail("SELECT Id FROM Lead WHERE SystemModstamp > 2005-10-08T02:02:03 01:00").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail("SELECT Id FROM Lead WHERE SystemModstamp > 2005-10-08T01:02:03").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail("SELECT Id FROM Lead WHERE SystemModstamp > 2005-13-08T01:02:03Z").code, "MALFORMED_QUERY");
  // Dates filter date fields; a date on a dateTime field (or a quoted dateTime) is a type error.
  SoqlQuery d = Parse("SELECT Id FROM Task WHERE ActivityDate >= 2026-05-20");
  EXPECT_EQ(d.where->value.kind, Value::Kind::kDate);
  EXPECT_EQ(Fail("SELECT Id FROM Lead WHERE CreatedDate > 2005-10-08").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Id FROM Lead WHERE CreatedDate > '2005-10-08T01:02:03Z'").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Id FROM Task WHERE ActivityDate = 2005-10-08T01:02:03Z").code, "INVALID_FIELD");
}

TEST(SoqlTest, AndOrParenthesesAndNot) {
  SoqlQuery q = Parse("SELECT Id FROM Contact WHERE (SystemModstamp > 2026-01-01T00:00:00Z OR "
                      "(SystemModstamp = 2026-01-01T00:00:00Z AND Id > '003000000000001AAA')) AND IsDeleted = false");
  ASSERT_TRUE(q.where);
  EXPECT_EQ(q.where->kind, Condition::Kind::kAnd);
  EXPECT_EQ(q.where->children[0].kind, Condition::Kind::kOr);
  // SOQL refuses AND and OR mixed without parentheses.
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE IsDeleted = false AND Email = null OR Email != null").code, "MALFORMED_QUERY");
  SoqlQuery n = Parse("SELECT Id FROM Contact WHERE NOT Email = null");
  EXPECT_EQ(n.where->kind, Condition::Kind::kNot);
  SoqlQuery in = Parse("SELECT Id FROM Lead WHERE Status IN ('Open - Not Contacted', 'Working - Contacted')");
  EXPECT_EQ(in.where->values.size(), 2u);
}

TEST(SoqlTest, EvaluatesComparisonsLikeSalesforce) {
  SoqlQuery q = Parse("SELECT Id FROM Contact WHERE Email = 'ANNA@x.example.com' AND Id > '003000000000001'");
  std::map<int, Value> row = {{q.object->Col("Email"), Value::Text("anna@X.example.com")},
                              {q.object->id, Value::Text("003000000000002AAA")}};
  auto get = [&](int f) { return row[f]; };
  EXPECT_TRUE(Evaluate(*q.where, get));  // text compares case-insensitively, ids on 15 characters
  row[q.object->id] = Value::Text("003000000000001AAA");
  EXPECT_FALSE(Evaluate(*q.where, get));
  row[q.object->id] = Value::Text("00300000000000aAAA");  // ids are case-sensitive: 'a' > 'Z' > '2'
  EXPECT_TRUE(Evaluate(*q.where, get));
  SoqlQuery ne = Parse("SELECT Id FROM Contact WHERE Email != 'x@y.z'");
  std::map<int, Value> empty;
  EXPECT_TRUE(Evaluate(*ne.where, [&](int f) { return empty[f]; }));  // null != 'x' holds
}

TEST(SoqlTest, ReportsSalesforceErrorCodes) {
  SoqlError e = Fail("SELECT Id FROM Contact WHER Email = 'x'");
  EXPECT_EQ(e.code, "MALFORMED_QUERY");
  EXPECT_NE(e.message.find("ERROR at Row:1:Column:24"), std::string::npos) << e.message;
  EXPECT_EQ(Fail("SELECT Id FROM Opportunity").code, "INVALID_TYPE");
  EXPECT_EQ(Fail("SELECT Id, Nope__c FROM Contact").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Account.Name FROM Contact").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Id, id FROM Contact").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE Id = 'abc'").code, "INVALID_QUERY_FILTER_OPERATOR");
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE Email = 5").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE IsDeleted = 'false'").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Id FROM Contact WHERE Description = 'x'").code, "INVALID_FIELD");
  EXPECT_EQ(Fail("SELECT Id FROM Contact LIMIT -1").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail("SELECT Id FROM Contact OFFSET 2001").code, "NUMBER_OUTSIDE_VALID_RANGE");
  EXPECT_EQ(Fail("SELECT Id FROM Contact; DELETE").code, "MALFORMED_QUERY");
  EXPECT_EQ(Fail("").code, "MALFORMED_QUERY");
}

TEST(SoqlTest, StampRangeBoundsKeysetQueries) {
  SoqlQuery q = Parse("SELECT Id FROM Contact WHERE (SystemModstamp > 2026-01-01T00:00:00Z OR "
                      "(SystemModstamp = 2026-01-01T00:00:00Z AND Id > '003000000000001AAA')) "
                      "AND SystemModstamp <= 2026-02-01T00:00:00Z");
  StampRange r = StampRangeOf(*q.where, *q.object);
  EXPECT_EQ(r.lower, 1767225600000LL);
  EXPECT_EQ(r.upper, 1769904000000LL);
  SoqlQuery lmd = Parse("SELECT Id FROM Contact WHERE LastModifiedDate >= 2026-01-01T00:00:00Z");
  EXPECT_EQ(StampRangeOf(*lmd.where, *lmd.object).lower, 1767225600000LL);  // SystemModstamp >= LastModifiedDate
  SoqlQuery either = Parse("SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-01T00:00:00Z OR Email = 'x@y.z'");
  EXPECT_EQ(StampRangeOf(*either.where, *either.object).lower, std::numeric_limits<int64_t>::min());
}

TEST(ValuesTest, FormatsAndParsesSalesforceDateTimes) {
  EXPECT_EQ(FormatSalesforceDateTime(1369082972000LL), "2013-05-20T20:49:32.000+0000");
  EXPECT_EQ(*ParseDateTime("2013-05-20T20:49:32.000+0000", true), 1369082972000LL);
  EXPECT_FALSE(ParseDateTime("2013-05-20T20:49:32.000+0000", false));  // SOQL wants the colon
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29"));
}

}  // namespace
}  // namespace salesync::sandbox::salesforce
