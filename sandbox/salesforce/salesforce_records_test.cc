#include "sandbox/people_universe.h"
#include "sandbox/salesforce/salesforce_test_fixture.h"

namespace salesync::sandbox::salesforce {
namespace {

class RecordsTest : public SalesforceTest {
 protected:
  std::string AContact() { return Query("SELECT Id FROM Contact LIMIT 1")["records"][0]["Id"]; }
  std::string ALead() { return Query("SELECT Id FROM Lead LIMIT 1")["records"][0]["Id"]; }
};

TEST_F(RecordsTest, CreateUpdateDeleteOneRecord) {
  auto created = ApiJson("POST", std::string(kV) + "/sobjects/Lead", 201,
                         R"({"LastName":"Kim","FirstName":"Minji","Company":"Han River Co., Ltd.","Email":"minji@han.example.com"})");
  EXPECT_EQ(created["success"], true);
  EXPECT_TRUE(created["errors"].empty());
  std::string id = created["id"];
  EXPECT_EQ(id.substr(0, 3), "00Q");
  auto row = ApiJson("GET", std::string(kV) + "/sobjects/Lead/" + id, 200);
  EXPECT_EQ(row["Name"], "Minji Kim");
  EXPECT_EQ(row["Status"], "Open - Not Contacted");  // the picklist default
  EXPECT_EQ(row["OwnerId"].get<std::string>().substr(0, 3), "005");
  EXPECT_EQ(Api("PATCH", std::string(kV) + "/sobjects/Lead/" + id, R"({"Title":"CMO"})").status, 204);
  EXPECT_EQ(ApiJson("GET", std::string(kV) + "/sobjects/Lead/" + id + "?fields=Title", 200)["Title"], "CMO");
  EXPECT_EQ(Api("DELETE", std::string(kV) + "/sobjects/Lead/" + id).status, 204);
  auto gone = Api("GET", std::string(kV) + "/sobjects/Lead/" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(nlohmann::json::parse(gone.body)[0]["errorCode"], "ENTITY_IS_DELETED");
  auto ops = Effects("lead.");
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0]["operation"], "lead.create");
  EXPECT_EQ(ops[0]["records"][0], id);
  EXPECT_EQ(ops[0]["actor"], kClientId);
  EXPECT_EQ(ops[2]["operation"], "lead.delete");
}

TEST_F(RecordsTest, ValidationErrorsUseSalesforceCodes) {
  auto code_of = [&](const std::string& method, const std::string& path, const std::string& body, int status) {
    auto r = Api(method, std::string(kV) + path, body);
    EXPECT_EQ(r.status, status) << path << " " << body << ": " << r.body;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.body;
    return j.is_array() ? j[0]["errorCode"].get<std::string>() : "";
  };
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"Company":"X"})", 400), "REQUIRED_FIELD_MISSING");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"LastName":"X","Company":"X","Nope__c":1})", 400), "INVALID_FIELD");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"LastName":"X","Company":"X","Name":"Y"})", 400), "INVALID_FIELD_FOR_INSERT_UPDATE");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"LastName":"X","Company":"X","Email":"not-an-email"})", 400), "INVALID_EMAIL_ADDRESS");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"LastName":"X","Company":"X","Status":"Bogus"})", 400),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"LastName":")" + std::string(81, 'x') + R"(","Company":"X"})", 400), "STRING_TOO_LONG");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", R"({"LastName":"X","Company":"X","HasOptedOutOfEmail":"maybe"})", 400), "JSON_PARSER_ERROR");
  EXPECT_EQ(code_of("POST", "/sobjects/Contact", R"({"LastName":"X","AccountId":")" + PeopleUniverse::SalesforceId("001", 987654321) + R"("})", 400),
            "INVALID_CROSS_REFERENCE_KEY");
  EXPECT_EQ(code_of("POST", "/sobjects/Contact", R"({"LastName":"X","AccountId":"bogus"})", 400), "MALFORMED_ID");
  EXPECT_EQ(code_of("POST", "/sobjects/Lead", "{not json", 400), "JSON_PARSER_ERROR");
  EXPECT_EQ(code_of("PATCH", "/sobjects/Lead/00Q000000000000AAA", R"({"Title":"x"})", 404), "NOT_FOUND");
  auto fields = nlohmann::json::parse(Api("POST", std::string(kV) + "/sobjects/Lead", R"({"Company":"X"})").body)[0]["fields"];
  EXPECT_EQ(fields, nlohmann::json::array({"LastName"}));
}

TEST_F(RecordsTest, UpsertByExternalIdCreatesUpdatesAndReports300) {
  std::string path = std::string(kV) + "/sobjects/Contact/Salesync_Id__c/mkto-42";
  auto created = ApiJson("PATCH", path, 201, R"({"LastName":"Jansen","Email":"a.jansen@example.com"})");
  EXPECT_EQ(created["created"], true);
  auto updated = ApiJson("PATCH", path, 200, R"({"Title":"Head of Growth"})");
  EXPECT_EQ(updated["created"], false);
  EXPECT_EQ(updated["id"], created["id"]);
  // Older API versions answer an update with 204.
  EXPECT_EQ(Api("PATCH", "/services/data/v45.0/sobjects/Contact/Salesync_Id__c/mkto-42", R"({"Title":"CRO"})").status, 204);
  EXPECT_EQ(ApiJson("GET", path, 200)["Title"], "CRO");
  // updateOnly refuses the insert.
  EXPECT_EQ(Api("PATCH", std::string(kV) + "/sobjects/Contact/Salesync_Id__c/new-one?updateOnly=true", R"({"LastName":"N"})").status, 404);
  // Two rows share the (non-unique) external id: 300 with both URLs.
  Control("POST", "records/Contact", {{"LastName", "Dup"}, {"Salesync_Id__c", "MKTO-42"}}, 201);
  auto multiple = Api("PATCH", path, R"({"Title":"x"})");
  EXPECT_EQ(multiple.status, 300);
  EXPECT_EQ(nlohmann::json::parse(multiple.body).size(), 2u);
  // Not an external id field.
  EXPECT_EQ(Api("PATCH", std::string(kV) + "/sobjects/Contact/Email/x%40y.z", R"({"LastName":"N"})").status, 400);
  // Values are percent-decoded per segment: a '/' in the key survives.
  auto slash = ApiJson("PATCH", std::string(kV) + "/sobjects/Contact/Salesync_Id__c/a%2Fb", 201, R"({"LastName":"Slash"})");
  EXPECT_EQ(ApiJson("GET", std::string(kV) + "/sobjects/Contact/" + slash["id"].get<std::string>(), 200)["Salesync_Id__c"], "a/b");
}

TEST_F(RecordsTest, TaskWriteBackIsIdempotentOnItsUniqueExternalId) {
  std::string contact = AContact();
  std::string body = R"({"WhoId":")" + contact + R"(","Subject":"Email: renewal","ActivityDate":"2026-05-20","Status":"Completed","Priority":"Normal","Type":"Email","TaskSubtype":"Email"})";
  auto first = ApiJson("PATCH", std::string(kV) + "/sobjects/Task/Salesync_Activity_Id__c/act-1", 201, body);
  auto second = ApiJson("PATCH", std::string(kV) + "/sobjects/Task/Salesync_Activity_Id__c/act-1", 200, body);
  EXPECT_EQ(first["id"], second["id"]);
  auto task = ApiJson("GET", std::string(kV) + "/sobjects/Task/" + first["id"].get<std::string>(), 200);
  EXPECT_EQ(task["IsClosed"], true);
  EXPECT_EQ(task["ActivityDate"], "2026-05-20");
  auto contact_row = ApiJson("GET", std::string(kV) + "/sobjects/Contact/" + contact, 200);
  EXPECT_EQ(task["AccountId"], contact_row["AccountId"]);  // derived from the Contact
  // The unique field refuses a second row with the same value.
  auto dup = Api("POST", std::string(kV) + "/sobjects/Task",
                 R"({"Subject":"x","Status":"Completed","Salesync_Activity_Id__c":"ACT-1"})");
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(nlohmann::json::parse(dup.body)[0]["errorCode"], "DUPLICATE_VALUE");
  // A Lead in WhoId leaves no room for WhatId.
  std::string lead_task = R"({"WhoId":")" + ALead() + R"(","WhatId":")" + contact_row["AccountId"].get<std::string>() +
                          R"(","Subject":"x","Status":"Completed"})";
  EXPECT_EQ(nlohmann::json::parse(Api("POST", std::string(kV) + "/sobjects/Task", lead_task).body)[0]["errorCode"],
            "FIELD_INTEGRITY_EXCEPTION");
  // TaskSubtype is set at create only.
  auto sub = Api("PATCH", std::string(kV) + "/sobjects/Task/" + first["id"].get<std::string>(), R"({"TaskSubtype":"Call"})");
  EXPECT_EQ(nlohmann::json::parse(sub.body)[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE");
}

TEST_F(RecordsTest, CompositeCreateKeepsInputOrderAndPerRecordErrors) {
  std::string contact = AContact();
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < 5; ++i) {
    nlohmann::json t = {{"attributes", {{"type", "Task"}}}, {"WhoId", contact}, {"Subject", "Call " + std::to_string(i)},
                        {"Status", i == 2 ? "Nope" : "Completed"}, {"Salesync_Activity_Id__c", "c-" + std::to_string(i)}};
    if (i == 3) t["Status"] = "Not Started";
    rows.push_back(t);
  }
  rows[2]["Status"] = nullptr;  // required: REQUIRED_FIELD_MISSING
  auto results = ApiJson("POST", std::string(kV) + "/composite/sobjects", 200, nlohmann::json{{"allOrNone", false}, {"records", rows}}.dump());
  ASSERT_EQ(results.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(results[i]["success"], i != 2) << i;
  EXPECT_EQ(results[2]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");  // statusCode, not errorCode
  EXPECT_TRUE(results[2]["errors"][0].contains("fields"));
  EXPECT_FALSE(results[2].contains("id"));
  auto effect = Effects("task.create");
  ASSERT_EQ(effect.size(), 1u);
  EXPECT_EQ(effect[0]["records"].size(), 4u);
  EXPECT_EQ(effect[0]["result"]["outcomes"].size(), 5u);
}

TEST_F(RecordsTest, CompositeAllOrNoneRollsBackEverything) {
  nlohmann::json rows = nlohmann::json::array();
  rows.push_back({{"attributes", {{"type", "Lead"}}}, {"LastName", "A"}, {"Company", "C"}});
  rows.push_back({{"attributes", {{"type", "Lead"}}}, {"Company", "C"}});  // LastName missing
  rows.push_back({{"attributes", {{"type", "Task"}}}, {"Subject", "t"}, {"Status", "Completed"}, {"Salesync_Activity_Id__c", "same"}});
  rows.push_back({{"attributes", {{"type", "Task"}}}, {"Subject", "t"}, {"Status", "Completed"}, {"Salesync_Activity_Id__c", "same"}});
  int64_t before = Query("SELECT COUNT() FROM Lead")["totalSize"];
  auto results = ApiJson("POST", std::string(kV) + "/composite/sobjects", 200, nlohmann::json{{"allOrNone", true}, {"records", rows}}.dump());
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0]["errors"][0]["statusCode"], "ALL_OR_NONE_OPERATION_ROLLED_BACK");
  EXPECT_EQ(results[1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");
  EXPECT_EQ(results[3]["errors"][0]["statusCode"], "DUPLICATE_VALUE");  // a duplicate within the batch
  EXPECT_EQ(Query("SELECT COUNT() FROM Lead")["totalSize"], before);
  EXPECT_EQ(Query("SELECT COUNT() FROM Task WHERE Salesync_Activity_Id__c = 'same'")["totalSize"], 0);
}

TEST_F(RecordsTest, CompositeCapsUpdatesUpsertsAndDeletes) {
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 201; ++i) many.push_back({{"attributes", {{"type", "Task"}}}, {"Subject", "x"}, {"Status", "Completed"}});
  auto over = Api("POST", std::string(kV) + "/composite/sobjects", nlohmann::json{{"records", many}}.dump());
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(nlohmann::json::parse(over.body)[0]["errorCode"], "EXCEEDED_ID_LIMIT");
  // Upsert through the collection: created flags per row.
  nlohmann::json ups = nlohmann::json::array();
  for (int i = 0; i < 3; ++i) {
    ups.push_back({{"attributes", {{"type", "Task"}}}, {"Subject", "u"}, {"Status", "Completed"}, {"Salesync_Activity_Id__c", "u-" + std::to_string(i)}});
  }
  auto first = ApiJson("PATCH", std::string(kV) + "/composite/sobjects/Task/Salesync_Activity_Id__c", 200, nlohmann::json{{"records", ups}}.dump());
  auto again = ApiJson("PATCH", std::string(kV) + "/composite/sobjects/Task/Salesync_Activity_Id__c", 200, nlohmann::json{{"records", ups}}.dump());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(first[i]["created"], true);
    EXPECT_EQ(again[i]["created"], false);
    EXPECT_EQ(first[i]["id"], again[i]["id"]);
  }
  // Update by id, then delete by ids.
  nlohmann::json upd = {{{"attributes", {{"type", "Task"}}}, {"id", first[0]["id"]}, {"Priority", "High"}}};
  EXPECT_EQ(ApiJson("PATCH", std::string(kV) + "/composite/sobjects", 200, nlohmann::json{{"records", upd}}.dump())[0]["success"], true);
  std::string ids = first[0]["id"].get<std::string>() + "," + first[1]["id"].get<std::string>() + ",00T000000000000AAA";
  auto del = ApiJson("DELETE", std::string(kV) + "/composite/sobjects?ids=" + ids + "&allOrNone=false", 200);
  ASSERT_EQ(del.size(), 3u);
  EXPECT_EQ(del[0]["success"], true);
  EXPECT_EQ(del[2]["success"], false);
  // A create row may not carry an id.
  nlohmann::json with_id = {{{"attributes", {{"type", "Task"}}}, {"id", first[2]["id"]}, {"Subject", "x"}, {"Status", "Completed"}}};
  EXPECT_EQ(ApiJson("POST", std::string(kV) + "/composite/sobjects", 200, nlohmann::json{{"records", with_id}}.dump())[0]["errors"][0]["statusCode"],
            "INVALID_FIELD");
}

TEST_F(RecordsTest, ChunkedRequestBodiesAreAccepted) {
  auto r = Api("POST", std::string(kV) + "/sobjects/Lead", R"({"LastName":"Chunk","Company":"C"})",
               {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(RecordsTest, ControlRoutesReadAndEditRecords) {
  std::string id = AContact();
  auto before = Control("GET", "records/Contact/" + id, nullptr, 200)["record"];
  AdvanceClock(60);
  auto after = Control("PATCH", "records/Contact/" + id, {{"Title", "Edited"}}, 200)["record"];
  EXPECT_EQ(after["Title"], "Edited");
  EXPECT_GT(after["SystemModstamp"].get<std::string>(), before["SystemModstamp"].get<std::string>());
  Control("DELETE", "records/Contact/" + id, nullptr, 200);
  EXPECT_EQ(Control("GET", "records/Contact/" + id, nullptr, 200)["record"]["IsDeleted"], true);
  EXPECT_EQ(Control("POST", "records/Contact", {{"Nope", 1}}, 400)["errorCode"], "INVALID_FIELD");
  EXPECT_EQ(Effects("contact.")[0]["actor"], "control");
}

}  // namespace
}  // namespace salesync::sandbox::salesforce

namespace salesync::sandbox::salesforce {
namespace {

class Utf8RecordsTest : public SalesforceTest {
 protected:
  void SetUp() override {
    Start([](SandboxOptions& o) { o.seed.people = 3000; });
  }
};

// Duplicates get an abbreviated first name ("Å." for "Åsa"): a byte cut split the character and made the
// whole page invalid JSON for every client.
TEST_F(Utf8RecordsTest, AbbreviatedNonAsciiFirstNamesStayValidUtf8) {
  int abbreviated_non_ascii = 0;
  for (const char* object : {"Contact", "Lead"}) {
    auto page = Query(std::string("SELECT Id, FirstName FROM ") + object);
    for (;;) {
      ASSERT_TRUE(page.is_object()) << "a page of " << object << " is not valid JSON";
      for (const auto& r : page["records"]) {
        if (!r["FirstName"].is_string()) continue;
        std::string f = r["FirstName"];
        if (f.size() > 2 && f.back() == '.' && static_cast<unsigned char>(f[0]) >= 0x80) ++abbreviated_non_ascii;
      }
      if (page["done"].get<bool>()) break;
      page = ApiJson("GET", page["nextRecordsUrl"].get<std::string>(), 200);
    }
  }
  EXPECT_GT(abbreviated_non_ascii, 0) << "the data set has the case this test is about";
}

}  // namespace
}  // namespace salesync::sandbox::salesforce
