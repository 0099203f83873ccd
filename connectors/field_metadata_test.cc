#include "connectors/field_metadata.h"

#include <gtest/gtest.h>

namespace salesync::connectors {
namespace {

ObjectMetadata Contact() {
  ObjectMetadata o;
  o.object = "Contact";
  FieldMetadata email{.name = "Email", .type = FieldType::kEmail, .length = 80};
  FieldMetadata last{.name = "LastName", .type = FieldType::kString, .length = 80, .nillable = false};
  FieldMetadata id{.name = "Id", .type = FieldType::kId, .nillable = false, .createable = false, .updateable = false};
  FieldMetadata done{.name = "DoNotCall", .type = FieldType::kBoolean, .nillable = false};
  o.fields = {email, last, id, done};
  return o;
}

TEST(FieldMetadataTest, FindPrefersExactThenIgnoresCase) {
  auto o = Contact();
  ASSERT_NE(o.Find("Email"), nullptr);
  EXPECT_EQ(o.Find("email")->name, "Email");
  EXPECT_EQ(o.Find("Mail"), nullptr);
}

TEST(FieldMetadataTest, SuggestsCloseNames) {
  auto o = Contact();
  auto s = o.Suggest("Emial");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0], "Email");
  EXPECT_TRUE(o.Suggest("CompletelyDifferent").empty());
}

TEST(FieldMetadataTest, RequiredOnCreateFollowsNillableCreateableAndBooleans) {
  auto o = Contact();
  EXPECT_TRUE(o.Find("LastName")->RequiredOnCreate());
  EXPECT_FALSE(o.Find("Email")->RequiredOnCreate());
  EXPECT_FALSE(o.Find("Id")->RequiredOnCreate());         // not createable
  EXPECT_FALSE(o.Find("DoNotCall")->RequiredOnCreate());  // booleans default to false
  EXPECT_EQ(ToJson(*o.Find("LastName"))["required_on_create"], true);
}

}  // namespace
}  // namespace salesync::connectors
