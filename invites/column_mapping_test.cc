#include "invites/column_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace salesync::invites {
namespace {

using ::testing::HasSubstr;

TEST(ColumnMappingTest, RecognisesEnglishSpellings) {
  EXPECT_EQ(RecogniseHeader("E-mail"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("Email Address"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("  email_address "), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("EMAIL"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("First Name"), Field::kFirstName);
  EXPECT_EQ(RecogniseHeader("Surname"), Field::kLastName);
  EXPECT_EQ(RecogniseHeader("Full name"), Field::kFullName);
  EXPECT_EQ(RecogniseHeader("Role"), Field::kRole);
  EXPECT_EQ(RecogniseHeader("Teams"), Field::kTeam);
  EXPECT_FALSE(RecogniseHeader("Phone").has_value());
}

TEST(ColumnMappingTest, RecognisesTheSeedLanguages) {
  // Dutch
  EXPECT_EQ(RecogniseHeader("Voornaam"), Field::kFirstName);
  EXPECT_EQ(RecogniseHeader("Achternaam"), Field::kLastName);
  EXPECT_EQ(RecogniseHeader("E-mailadres"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("Rol"), Field::kRole);
  // Danish
  EXPECT_EQ(RecogniseHeader("Fornavn"), Field::kFirstName);
  EXPECT_EQ(RecogniseHeader("Efternavn"), Field::kLastName);
  EXPECT_EQ(RecogniseHeader("E-mailadresse"), Field::kEmail);
  // Swedish, with a capital Ö folded
  EXPECT_EQ(RecogniseHeader("FÖRNAMN"), Field::kFirstName);
  EXPECT_EQ(RecogniseHeader("E-post"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("Efternamn"), Field::kLastName);
  // Korean
  EXPECT_EQ(RecogniseHeader("이메일"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("이메일 주소"), Field::kEmail);
  EXPECT_EQ(RecogniseHeader("성"), Field::kLastName);
  EXPECT_EQ(RecogniseHeader("팀"), Field::kTeam);
}

TEST(ColumnMappingTest, InfersAWholeHeader) {
  auto m = InferMapping({"Voornaam", "Achternaam", "E-mailadres", "Afdeling"}, {});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)[0].field, Field::kFirstName);
  EXPECT_EQ((*m)[0].source, MappingSource::kRecognised);
  EXPECT_EQ((*m)[2].field, Field::kEmail);
  EXPECT_EQ((*m)[3].field, Field::kIgnore);
  EXPECT_EQ((*m)[3].source, MappingSource::kUnknown);
  EXPECT_THAT((*m)[3].note, HasSubstr("--map \"Afdeling=FIELD\""));
}

TEST(ColumnMappingTest, KoreanNameAloneIsTheFullName) {
  auto alone = InferMapping({"이름", "이메일"}, {});
  EXPECT_EQ((*alone)[0].field, Field::kFullName);
  auto with_family = InferMapping({"성", "이름", "이메일"}, {});
  EXPECT_EQ((*with_family)[1].field, Field::kFirstName);
}

TEST(ColumnMappingTest, GuessesCloseMisspellingsOnly) {
  auto m = InferMapping({"Emial", "Frist name", "Note"}, {});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)[0].field, Field::kEmail);
  EXPECT_EQ((*m)[0].source, MappingSource::kGuessed);
  EXPECT_EQ((*m)[1].field, Field::kFirstName);
  EXPECT_EQ((*m)[2].field, Field::kIgnore);  // "note" is two edits from "name": not a guess
}

TEST(ColumnMappingTest, OneColumnPerFieldAndOverridesWin) {
  auto m = InferMapping({"Email", "Work email", "Mail"}, {});
  EXPECT_EQ((*m)[0].field, Field::kEmail);
  EXPECT_EQ((*m)[1].source, MappingSource::kDuplicate);
  EXPECT_THAT((*m)[1].note, HasSubstr("column 1 (\"Email\") already feeds e-mail"));
  EXPECT_EQ((*m)[2].field, Field::kIgnore);

  auto o = InferMapping({"Email", "Work email"}, {{"work email", Field::kEmail}});
  EXPECT_EQ((*o)[1].field, Field::kEmail);
  EXPECT_EQ((*o)[1].source, MappingSource::kOverride);
  EXPECT_EQ((*o)[0].source, MappingSource::kDuplicate);

  auto by_position = InferMapping({"A", "B"}, {{"2", Field::kEmail}, {"A", Field::kTeam}});
  EXPECT_EQ((*by_position)[1].field, Field::kEmail);
  EXPECT_EQ((*by_position)[0].field, Field::kTeam);
}

TEST(ColumnMappingTest, OverrideErrorsSaySomethingUseful) {
  auto bad_field = ParseMappingOverride("Mail=emial");
  ASSERT_FALSE(bad_field.ok());
  EXPECT_THAT(bad_field.error().message, HasSubstr("Did you mean \"email\"?"));
  EXPECT_FALSE(ParseMappingOverride("Mail").ok());
  EXPECT_EQ(ParseMappingOverride("Post=e-mail")->field, Field::kEmail);
  EXPECT_EQ(ParseMappingOverride("a=b=first_name")->column, "a=b");

  auto unknown_column = InferMapping({"Email", "Name"}, {{"Nmae", Field::kFullName}});
  ASSERT_FALSE(unknown_column.ok());
  EXPECT_THAT(unknown_column.error().message, HasSubstr("Did you mean \"Name\"?"));
}

}  // namespace
}  // namespace salesync::invites
