// The Salesforce connector's describe and writes against the in-process sandbox (ConnectedSandbox "sf").
#include <set>

#include <gtest/gtest.h>

#include "connectors/salesforce/salesforce_connector.h"
#include "connectors/salesforce/soql.h"
#include "tests/support/connected_sandbox.h"

namespace salesync::connectors::salesforce {
namespace {

class SalesforceSandboxWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = sb_.Start();
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    connector_ = MakeSalesforceConnector();
  }

  nlohmann::json Query(const std::string& soql) {
    auto r = sb_.api().Call("sf", {"GET", QueryPath("v60.0", soql, false)});
    EXPECT_TRUE(r.ok()) << soql << ": " << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? nlohmann::json::parse(r->http.body) : nlohmann::json::object();
  }

  std::vector<std::string> FirstIds(const std::string& object, int n) {
    auto j = Query(SoqlQuery(object).Select({"Id"}).OrderBy("Id").Limit(n).Build().value());
    std::vector<std::string> ids;
    for (const auto& r : j.value("records", nlohmann::json::array())) ids.push_back(r["Id"]);
    return ids;
  }

  int64_t CountWhereIn(const std::string& object, const std::string& field, const std::vector<std::string>& values) {
    std::vector<Literal> literals;
    for (const auto& v : values) literals.push_back(Literal::String(v));
    auto soql = SoqlQuery(object).Count().Where(Cond::In(field, literals)).Build();
    EXPECT_TRUE(soql.ok());
    return Query(*soql).value("totalSize", int64_t{-1});
  }

  Result<ObjectMetadata> Describe(const std::string& object) {
    auto call = connector_->DescribeCall(object);
    if (!call.ok()) return call.error();
    auto r = sb_.api().Call("sf", call->request, call->idempotent);
    if (!r.ok()) return r.error();
    return connector_->ParseDescribe("sf", object, *r);
  }

  Result<std::vector<WriteOutcome>> Write(const WriteTarget& target, const std::vector<WriteItem>& items) {
    auto call = connector_->WriteCall(target, items);
    if (!call.ok()) return call.error();
    auto r = sb_.api().Call("sf", call->request, call->idempotent);
    if (!r.ok()) return r.error();
    return connector_->ParseWrite(target, items, *r);
  }

  std::vector<WriteItem> Tasks(const std::vector<std::string>& who, const std::string& prefix) {
    std::vector<WriteItem> items;
    for (size_t i = 0; i < who.size(); ++i) {
      items.push_back({prefix + std::to_string(i),
                       {{"WhoId", who[i]}, {"Subject", "Email: invitation " + std::to_string(i)},
                        {"Status", "Completed"}, {"ActivityDate", "2026-05-20"}, {"Description", "sent by salesync"}}});
    }
    return items;
  }

  static std::vector<std::string> Keys(const std::vector<WriteItem>& items) {
    std::vector<std::string> keys;
    for (const auto& i : items) keys.push_back(i.key);
    return keys;
  }

  salesync::testing::ConnectedSandbox sb_;
  std::unique_ptr<Connector> connector_;
};

TEST_F(SalesforceSandboxWriteTest, DescribeOfLeadContactAndTask) {
  auto lead = Describe("Lead");
  ASSERT_TRUE(lead.ok()) << lead.error().ToString();
  EXPECT_EQ(lead->object, "Lead");
  EXPECT_EQ(lead->connection, "sf");
  const FieldMetadata* email = lead->Find("Email");
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->type, FieldType::kEmail);
  EXPECT_EQ(email->length, 80);
  const FieldMetadata* status = lead->Find("Status");
  EXPECT_EQ(status->type, FieldType::kPicklist);
  EXPECT_TRUE(status->restricted_picklist);
  EXPECT_EQ(status->picklist_values.size(), 4u);
  EXPECT_FALSE(status->RequiredOnCreate()) << "defaulted on create";
  EXPECT_TRUE(lead->Find("Company")->RequiredOnCreate());
  EXPECT_TRUE(lead->Find("LastName")->RequiredOnCreate());
  const FieldMetadata* converted = lead->Find("IsConverted");
  EXPECT_EQ(converted->type, FieldType::kBoolean);
  EXPECT_TRUE(converted->createable);
  EXPECT_FALSE(converted->updateable);
  EXPECT_EQ(lead->Find("Id")->type, FieldType::kId);
  EXPECT_EQ(lead->Find("NumberOfEmployees")->type, FieldType::kInteger);
  EXPECT_EQ(lead->Find("SystemModstamp")->type, FieldType::kDateTime);
  EXPECT_FALSE(lead->Find("Name")->createable);
  EXPECT_TRUE(lead->Find("Salesync_Id__c")->external_id);
  EXPECT_EQ(lead->Find("ConvertedContactId")->reference_to, std::vector<std::string>{"Contact"});

  auto contact = Describe("Contact");
  ASSERT_TRUE(contact.ok());
  EXPECT_EQ(contact->Find("AccountId")->type, FieldType::kReference);
  EXPECT_EQ(contact->Find("AccountId")->reference_to, std::vector<std::string>{"Account"});
  EXPECT_EQ(contact->Find("Description")->type, FieldType::kTextArea);
  EXPECT_EQ(contact->Find("Phone")->type, FieldType::kPhone);

  auto task = Describe("Task");
  ASSERT_TRUE(task.ok());
  const FieldMetadata* key = task->Find("Salesync_Activity_Id__c");
  ASSERT_NE(key, nullptr);
  EXPECT_TRUE(key->external_id);
  EXPECT_EQ(key->length, 255);
  EXPECT_EQ(task->Find("WhoId")->reference_to, (std::vector<std::string>{"Contact", "Lead"}));
  EXPECT_EQ(task->Find("Subject")->type, FieldType::kString) << "combobox";
  EXPECT_FALSE(task->Find("Subject")->picklist_values.empty()) << "suggested values kept";
  EXPECT_EQ(task->Find("ActivityDate")->type, FieldType::kDate);
  EXPECT_FALSE(task->Find("IsClosed")->createable) << "calculated";
  EXPECT_TRUE(task->Find("TaskSubtype")->createable);
  EXPECT_FALSE(task->Find("TaskSubtype")->updateable);

  auto bad = Describe("NoSuchObject");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kPermanent);
  EXPECT_FALSE(connector_->DescribeCall("Lead/../x").ok());
}

TEST_F(SalesforceSandboxWriteTest, TaskUpsertTwiceWithTheSameKeysMakesOneTaskEach) {
  WriteTarget target{"Task", {}};
  EXPECT_EQ(connector_->MaxWriteBatch(target), 200u);
  auto items = Tasks(FirstIds("Contact", 3), "act-");
  auto first = Write(target, items);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_EQ(first->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*first)[i].key, items[i].key);
    EXPECT_TRUE((*first)[i].ok) << (*first)[i].code << " " << (*first)[i].message;
    EXPECT_TRUE((*first)[i].created);
    EXPECT_EQ((*first)[i].remote_id.substr(0, 3), "00T");
  }
  items[1].fields["Subject"] = "Email: invitation (resent)";
  auto second = Write(target, items);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE((*second)[i].ok);
    EXPECT_FALSE((*second)[i].created) << "the same Task, updated";
    EXPECT_EQ((*second)[i].remote_id, (*first)[i].remote_id);
  }
  EXPECT_EQ(CountWhereIn("Task", "Salesync_Activity_Id__c", Keys(items)), 3);
  auto row = Query("SELECT Subject FROM Task WHERE Id = '" + (*first)[1].remote_id + "'");
  EXPECT_EQ(row["records"][0]["Subject"], "Email: invitation (resent)");
  auto effects = sb_.Effects("salesforce", "task.upsert");
  ASSERT_EQ(effects.size(), 2u);
}

// Issue 5: "Task write-back retried after a dropped response creates exactly one Task".
TEST_F(SalesforceSandboxWriteTest, ADroppedAnswerIsResentAndStillMakesOneTaskEach) {
  WriteTarget target{"Task", {}};
  auto items = Tasks(FirstIds("Contact", 2), "drop-");
  ASSERT_TRUE(sb_.InjectFault("salesforce", {{"match", "PATCH /services/data/v60.0/composite/sobjects/Task/*"},
                                             {"count", 1}, {"kind", "drop_after"}}).ok());
  auto out = Write(target, items);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  for (const auto& o : *out) {
    EXPECT_TRUE(o.ok);
    EXPECT_FALSE(o.created) << "the first, unanswered attempt created it; the resend updated it";
  }
  EXPECT_EQ(sb_.Effects("salesforce", "task.upsert").size(), 2u) << "sent twice";
  EXPECT_EQ(CountWhereIn("Task", "Salesync_Activity_Id__c", Keys(items)), 2);
}

TEST_F(SalesforceSandboxWriteTest, APerRecordErrorFailsThatItemOnly) {
  WriteTarget target{"Task", {}};
  auto contacts = FirstIds("Contact", 2);
  auto accounts = FirstIds("Account", 1);
  auto items = Tasks({contacts[0], accounts[0], contacts[1]}, "mixed-");  // an Account is no WhoId
  items.push_back({"mixed-3", {{"WhoId", "not-an-id"}, {"Subject", "x"}, {"Status", "Completed"}}});
  items.push_back({"mixed-4", {{"WhoId", contacts[0]}, {"Subject", "x"}, {"Status", "Completed"}, {"TaskSubtype", "Nonsense"}}});
  auto out = Write(target, items);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out->size(), 5u);
  EXPECT_TRUE((*out)[0].ok);
  EXPECT_FALSE((*out)[1].ok);
  EXPECT_EQ((*out)[1].key, "mixed-1");
  EXPECT_FALSE((*out)[1].code.empty());
  EXPECT_FALSE((*out)[1].message.empty());
  EXPECT_FALSE((*out)[1].retryable);
  EXPECT_TRUE((*out)[2].ok);
  EXPECT_FALSE((*out)[3].ok);
  EXPECT_FALSE((*out)[4].ok);
  EXPECT_EQ((*out)[4].code, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
  EXPECT_EQ(CountWhereIn("Task", "Salesync_Activity_Id__c", Keys(items)), 2);
}

TEST_F(SalesforceSandboxWriteTest, LeadAndContactUpsertBySalesyncId) {
  WriteTarget leads{"Lead", {}};
  std::vector<WriteItem> items = {
      {"person-1", {{"LastName", "Upsert"}, {"Company", "Journeys Ltd"}, {"Email", "p1@journeys.example.com"}}},
      {"person-2", {{"LastName", "Upsert2"}, {"Company", "Journeys Ltd"}}},
  };
  auto first = Write(leads, items);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  for (const auto& o : *first) EXPECT_TRUE(o.ok && o.created) << o.code << " " << o.message;
  items[0].fields["Title"] = "Director";
  auto second = Write(leads, items);
  ASSERT_TRUE(second.ok());
  for (const auto& o : *second) EXPECT_TRUE(o.ok && !o.created) << o.code;
  EXPECT_EQ(CountWhereIn("Lead", "Salesync_Id__c", Keys(items)), 2);

  WriteTarget contacts{"Contact", {}};
  std::vector<WriteItem> c = {{"person-9", {{"LastName", "Contact"}, {"Email", "p9@journeys.example.com"}}},
                              {"person-10", {{"Email", "no-last-name@journeys.example.com"}}}};
  auto out = Write(contacts, c);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE((*out)[0].ok && (*out)[0].created);
  EXPECT_FALSE((*out)[1].ok);
  EXPECT_EQ((*out)[1].code, "REQUIRED_FIELD_MISSING");
  EXPECT_EQ(CountWhereIn("Contact", "Salesync_Id__c", {"person-9", "person-10"}), 1);
}

TEST_F(SalesforceSandboxWriteTest, AFullBatchOf200IsOneCall) {
  WriteTarget target{"Task", {}};
  auto who = FirstIds("Contact", 1);
  std::vector<WriteItem> items;
  for (int i = 0; i < 200; ++i) {
    items.push_back({"bulk-" + std::to_string(i), {{"WhoId", who[0]}, {"Subject", "Call"}, {"Status", "Not Started"}}});
  }
  auto out = Write(target, items);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out->size(), 200u);
  for (const auto& o : *out) EXPECT_TRUE(o.ok) << o.key << " " << o.code;
  EXPECT_EQ(sb_.Effects("salesforce", "task.upsert").size(), 1u);
  items.push_back({"bulk-200", {}});
  EXPECT_FALSE(connector_->WriteCall(target, items).ok());
  EXPECT_EQ(connector_->WriteCall(WriteTarget{"Account", {}}, {items[0]}).error().code, ErrorCode::kConfig);
}

}  // namespace
}  // namespace salesync::connectors::salesforce
