#include "connectors/salesforce/salesforce_config.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace salesync::connectors::salesforce {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(SalesforceConfigTest, DefaultsAreDocumented) {
  auto s = ReadStreamSettings("Lead", nullptr, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->api_version, "v60.0");
  EXPECT_EQ(s->page_size, 2000);
  EXPECT_EQ(s->lookback_secs, 300);
  EXPECT_EQ(s->settle_secs, 10);
  EXPECT_EQ(s->fields, DefaultFields("Lead"));
  for (const char* f : {"Id", "Email", "IsDeleted", "SystemModstamp", "IsConverted", "ConvertedContactId", "Salesync_Id__c"}) {
    EXPECT_TRUE(Has(s->fields, f)) << f;
  }
  EXPECT_TRUE(Has(DefaultFields("Contact"), "AccountId"));
  EXPECT_TRUE(Has(DefaultFields("Account"), "NumberOfEmployees"));
}

TEST(SalesforceConfigTest, ConfiguredFieldsAlwaysCarryTheCursorAndTombstoneFields) {
  auto s = ReadStreamSettings("Contact", {{"fields", {"Email", "id"}}}, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->fields, (std::vector<std::string>{"Email", "id", "IsDeleted", "SystemModstamp"}));
}

TEST(SalesforceConfigTest, RoundTripsThroughJson) {
  auto s = ReadStreamSettings("Account", {{"page_size", 500}, {"lookback_secs", 0}, {"api_version", "v62.0"}}, {});
  ASSERT_TRUE(s.ok());
  auto again = ReadStreamSettings("Account", ToJson(*s), {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ToJson(*again), ToJson(*s));
  EXPECT_EQ(again->page_size, 500);
  EXPECT_EQ(again->lookback_secs, 0);
  EXPECT_EQ(again->api_version, "v62.0");
}

TEST(SalesforceConfigTest, ConnectorApiVersionIsTheDefault) {
  SalesforceConfig c;
  c.api_version = "v58.0";
  EXPECT_EQ(ReadStreamSettings("Lead", {}, c)->api_version, "v58.0");
  EXPECT_EQ(ReadWriteSettings("Task", {}, c)->api_version, "v58.0");
}

TEST(SalesforceConfigTest, BadValuesAreConfigErrorsNamingTheKey) {
  struct Case {
    nlohmann::json settings;
    const char* key;
  } cases[] = {
      {{{"page_size", 100}}, "page_size"},          // below Salesforce's batchSize minimum
      {{{"page_size", 2001}}, "page_size"},
      {{{"page_size", "big"}}, "page_size"},
      {{{"lookback_secs", -1}}, "lookback_secs"},
      {{{"settle_secs", 1.5}}, "settle_secs"},
      {{{"api_version", "60"}}, "api_version"},
      {{{"fields", "Id,Email"}}, "fields"},
      {{{"fields", nlohmann::json::array()}}, "fields"},
      {{{"fields", {"Id", "Email FROM User"}}}, "fields"},
  };
  for (const auto& c : cases) {
    auto s = ReadStreamSettings("Lead", c.settings, {});
    ASSERT_FALSE(s.ok()) << c.settings.dump();
    EXPECT_EQ(s.error().code, ErrorCode::kConfig);
    EXPECT_EQ(s.error().context, std::string("settings.") + c.key);
  }
  EXPECT_FALSE(ReadStreamSettings("Lead", "nope", {}).ok());
}

TEST(SalesforceConfigTest, WriteTargetsAndTheirExternalIds) {
  EXPECT_EQ(ReadWriteSettings("Task", {}, {})->external_id_field, "Salesync_Activity_Id__c");
  EXPECT_EQ(ReadWriteSettings("Lead", {}, {})->external_id_field, "Salesync_Id__c");
  EXPECT_EQ(ReadWriteSettings("Contact", {{"external_id_field", "Other_Key__c"}}, {})->external_id_field, "Other_Key__c");
  EXPECT_EQ(ReadWriteSettings("Account", {}, {}).error().code, ErrorCode::kConfig);
  EXPECT_EQ(ReadWriteSettings("Task", {{"external_id_field", "a/b"}}, {}).error().code, ErrorCode::kConfig);
}

TEST(SalesforceConfigTest, ApiVersionShape) {
  EXPECT_TRUE(IsApiVersion("v60.0"));
  EXPECT_TRUE(IsApiVersion("v9.0"));
  for (const char* bad : {"60.0", "v60", "v60.1", "v.0", "v6x.0", "v60.0/../x"}) EXPECT_FALSE(IsApiVersion(bad)) << bad;
}

}  // namespace
}  // namespace salesync::connectors::salesforce
