#include "sandbox/salesforce/salesforce_records.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "base/strings.h"

namespace salesync::sandbox::salesforce {

namespace {

// The first character of a UTF-8 name, all of its bytes ("Ú" is two): a duplicate Contact's initial ("Ú.")
// must stay valid UTF-8, as everything Salesforce sends is; one byte of it made the page unreadable JSON.
std::string FirstCharacter(const std::string& name) {
  size_t n = name.empty() ? 0 : 1;
  while (n < name.size() && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) ++n;
  return name.substr(0, n);
}

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Users exist from before the generated data: 2024-01-02T09:00:00Z.
constexpr int64_t kUsersCreatedMillis = 1704186000000LL;

int Base62Digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

std::string IdOf(const ObjectSpec& spec, int64_t number) { return PeopleUniverse::SalesforceId(spec.key_prefix, number); }

std::string UserId(int64_t number) { return PeopleUniverse::SalesforceId("005", number); }

int64_t WholeSeconds(int64_t millis) { return millis / 1000 * 1000; }

// Row filler by exact field name.
struct Row {
  Record r;
  explicit Row(const ObjectSpec& spec, int64_t number) {
    r.spec = &spec;
    r.number = number;
    r.values.resize(spec.fields.size());
    Set("Id", Value::Text(IdOf(spec, number)));
    Set("IsDeleted", Value::Bool(false));
  }
  Row& Set(std::string_view name, Value v) {
    int i = r.spec->Col(name);
    if (i >= 0) r.values[static_cast<size_t>(i)] = std::move(v);
    return *this;
  }
  Row& Text(std::string_view name, std::string s) {
    return Set(name, s.empty() ? Value::Null() : Value::Text(std::move(s)));
  }
  Row& Stamps(int64_t created, int64_t modified, int64_t owner) {
    Set("CreatedDate", Value::DateTime(created));
    Set("LastModifiedDate", Value::DateTime(modified));
    Set("SystemModstamp", Value::DateTime(modified));
    Set("OwnerId", Value::Text(UserId(owner)));
    Set("CreatedById", Value::Text(UserId(kIntegrationUserNumber)));
    Set("LastModifiedById", Value::Text(UserId(owner)));
    return *this;
  }
};

const std::array<const char*, 6> kSalutationValues = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."};

int64_t OwnerOf(const PeopleUniverse& u, int64_t index) { return 3 + static_cast<int64_t>(u.Hash(22, static_cast<uint64_t>(index)) % 3); }

bool HasTask(const PeopleUniverse& u, int64_t index) { return u.Hash(21, static_cast<uint64_t>(index)) % 4 == 0; }

std::string Lower(std::string_view s) { return ToLowerAscii(s); }

bool LooksLikeEmail(const std::string& s) {
  size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  size_t dot = s.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || dot + 1 >= s.size()) return false;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>') return false;
  }
  return true;
}

std::string JsonTypeName(const nlohmann::json& j) {
  if (j.is_string()) return "VALUE_STRING";
  if (j.is_boolean()) return j.get<bool>() ? "VALUE_TRUE" : "VALUE_FALSE";
  if (j.is_number_integer()) return "VALUE_NUMBER_INT";
  if (j.is_number()) return "VALUE_NUMBER_FLOAT";
  if (j.is_object()) return "START_OBJECT";
  if (j.is_array()) return "START_ARRAY";
  return "VALUE_NULL";
}

WriteError ParserError(const std::string& type, const nlohmann::json& j) {
  std::string shown = j.is_string() ? j.get<std::string>() : j.dump();
  return {"JSON_PARSER_ERROR",
          "Cannot deserialize instance of " + type + " from " + JsonTypeName(j) + " value " + shown +
              " or request may be missing a required field",
          {}};
}

}  // namespace

const std::vector<SandboxUser>& SandboxUsers() {
  static const std::vector<SandboxUser> users = {
      {1, "admin@salesync-sandbox.example.com", "Ada", "Admin"},
      {2, "integration@salesync-sandbox.example.com", "Integration", "User"},
      {3, "sofie.jansen@salesync-sandbox.example.com", "Sofie", "Jansen"},
      {4, "minjun.park@salesync-sandbox.example.com", "Min-jun", "Park"},
      {5, "erik.lindqvist@salesync-sandbox.example.com", "Erik", "Lindqvist"},
  };
  return users;
}

const Value& Record::Get(std::string_view name) const {
  static const Value kNull;
  int i = spec->FieldIndex(name);
  return i < 0 ? kNull : values[static_cast<size_t>(i)];
}

std::optional<ParsedId> ParseSalesforceId(std::string_view id) {
  if (id.size() != 15 && id.size() != 18) return std::nullopt;
  const ObjectSpec* spec = Schema().FindByPrefix(id.substr(0, 3));
  if (spec == nullptr) return std::nullopt;
  int64_t n = 0;
  for (size_t i = 3; i < 15; ++i) {
    int d = Base62Digit(id[i]);
    if (d < 0) return std::nullopt;
    if (n > (std::numeric_limits<int64_t>::max() - d) / 62) return std::nullopt;
    n = n * 62 + d;
  }
  if (id.size() == 18 && PeopleUniverse::SalesforceId(spec->key_prefix, n) != id) return std::nullopt;
  return ParsedId{spec, n};
}

RecordStore::RecordStore(const SeedOptions& seed) : universe_(seed) {
  const OrgSchema& s = Schema();
  for (const auto& o : s.objects()) tables_[o.name];
  Table& leads = tables_["Lead"];
  Table& contacts = tables_["Contact"];
  Table& tasks = tables_["Task"];
  Table& accounts = tables_["Account"];
  Table& users = tables_["User"];
  const int64_t people = universe_.people();
  for (int64_t i = 0; i < people; ++i) {
    PersonSeed p = universe_.Person(i);
    if (p.salesforce == SalesforceKind::kLead) leads.base.push_back({p.updated_millis, i});
    if (p.salesforce == SalesforceKind::kContact) {
      contacts.base.push_back({p.updated_millis, i});
      if (p.duplicate_contact) contacts.base.push_back({p.updated_millis, people + i});
    }
    if (p.salesforce != SalesforceKind::kNone && HasTask(universe_, i)) tasks.base.push_back({p.updated_millis, i});
  }
  for (int64_t a = 0; a < universe_.accounts(); ++a) accounts.base.push_back({universe_.Account(a).updated_millis, a});
  for (const auto& u : SandboxUsers()) users.base.push_back({kUsersCreatedMillis, u.number});
  for (auto& [name, t] : tables_) std::sort(t.base.begin(), t.base.end());
  // Generated rows leave external ids empty; only the users' unique usernames need indexing.
  const ObjectSpec& user = *s.Find("User");
  for (const auto& u : SandboxUsers()) {
    users.unique_index[{user.Col("Username"), Lower(u.username)}].insert(u.number);
  }
}

const RecordStore::Table* RecordStore::table_if(const ObjectSpec& spec) const {
  auto it = tables_.find(spec.name);
  return it == tables_.end() ? nullptr : &it->second;
}

std::optional<Record> RecordStore::Generate(const ObjectSpec& spec, int64_t number) const {
  const int64_t people = universe_.people();
  if (spec.name == "Lead" || spec.name == "Contact") {
    bool duplicate = spec.name == "Contact" && number >= people && number < 2 * people;
    int64_t index = duplicate ? number - people : number;
    if (index < 0 || index >= people) return std::nullopt;
    PersonSeed p = universe_.Person(index);
    SalesforceKind want = spec.name == "Lead" ? SalesforceKind::kLead : SalesforceKind::kContact;
    if (p.salesforce != want || (duplicate && !p.duplicate_contact)) return std::nullopt;
    uint64_t h = universe_.Hash(23, static_cast<uint64_t>(number));
    Row row(spec, number);
    std::string first = duplicate ? FirstCharacter(p.first_name) + "." : p.first_name;
    row.Text("FirstName", first).Text("LastName", p.last_name).Text("Name", first + " " + p.last_name);
    row.Text("Salutation", h % 3 == 0 ? kSalutationValues[(h >> 4) % kSalutationValues.size()] : "");
    row.Text("Title", p.title).Text("Phone", p.phone).Text("Email", p.email).Text("LeadSource", p.lead_source);
    row.Set("HasOptedOutOfEmail", Value::Bool(h % 23 == 0));
    AccountSeed a = universe_.Account(p.account_index);
    if (spec.name == "Lead") {
      row.Text("Company", a.name).Text("City", p.city).Text("Country", p.country).Text("Status", p.lead_status);
      row.Text("Industry", a.industry).Set("NumberOfEmployees", Value::Number(static_cast<double>(a.employees)));
      row.Set("IsConverted", Value::Bool(false));
    } else {
      row.Text("AccountId", IdOf(*Schema().Find("Account"), p.account_index));
      row.Text("MailingCity", p.city).Text("MailingCountry", p.country);
      row.Text("Department", (h >> 8) % 2 ? "Marketing" : "Sales");
    }
    row.Stamps(p.created_millis, p.updated_millis, OwnerOf(universe_, index));
    return std::move(row.r);
  }
  if (spec.name == "Account") {
    if (number < 0 || number >= universe_.accounts()) return std::nullopt;
    AccountSeed a = universe_.Account(number);
    uint64_t h = universe_.Hash(24, static_cast<uint64_t>(number));
    static const std::array<const char*, 3> kTypes = {"Prospect", "Customer - Direct", "Customer - Channel"};
    Row row(spec, number);
    row.Text("Name", a.name).Text("Industry", a.industry).Text("Website", a.website).Text("BillingCity", a.city);
    row.Text("BillingCountry", a.country).Text("Type", kTypes[h % kTypes.size()]);
    row.Text("Phone", "+31 20 " + std::to_string(2000000 + h % 7000000));
    row.Set("NumberOfEmployees", Value::Number(static_cast<double>(a.employees)));
    row.Stamps(a.created_millis, a.updated_millis, OwnerOf(universe_, number));
    return std::move(row.r);
  }
  if (spec.name == "Task") {
    if (number < 0 || number >= people || !HasTask(universe_, number)) return std::nullopt;
    PersonSeed p = universe_.Person(number);
    if (p.salesforce == SalesforceKind::kNone) return std::nullopt;
    uint64_t h = universe_.Hash(25, static_cast<uint64_t>(number));
    static const std::array<const char*, 3> kTypes = {"Call", "Email", "Meeting"};
    std::string type = kTypes[h % kTypes.size()];
    bool done = (h >> 8) % 10 < 7;
    Row row(spec, number);
    bool contact = p.salesforce == SalesforceKind::kContact;
    row.Text("WhoId", IdOf(*Schema().Find(contact ? "Contact" : "Lead"), number));
    if (contact) {
      std::string account = IdOf(*Schema().Find("Account"), p.account_index);
      row.Text("WhatId", account).Text("AccountId", account);
    }
    row.Text("Subject", type == "Email" ? "Email: follow-up" : (type == "Call" ? "Call" : "Meeting notes"));
    int64_t days = p.updated_millis / 86400000;
    row.Set("ActivityDate", Value::Date(days));
    row.Text("Status", done ? "Completed" : "Not Started").Text("Priority", (h >> 12) % 5 == 0 ? "High" : "Normal");
    row.Set("IsClosed", Value::Bool(done)).Text("Type", type);
    row.Text("TaskSubtype", type == "Email" ? "Email" : (type == "Call" ? "Call" : "Task"));
    row.Stamps(p.created_millis, p.updated_millis, OwnerOf(universe_, number));
    return std::move(row.r);
  }
  if (spec.name == "User") {
    for (const auto& u : SandboxUsers()) {
      if (u.number != number) continue;
      Row row(spec, number);
      row.Text("Username", u.username).Text("FirstName", u.first_name).Text("LastName", u.last_name);
      row.Text("Name", u.first_name + " " + u.last_name).Text("Email", u.username);
      std::string alias = Lower(u.first_name.substr(0, 1) + u.last_name.substr(0, 4));
      row.Text("Alias", alias).Set("IsActive", Value::Bool(true)).Text("UserType", "Standard");
      row.Text("TimeZoneSidKey", "Europe/Amsterdam");
      row.Stamps(kUsersCreatedMillis, kUsersCreatedMillis, 1);
      row.Set("OwnerId", Value::Null());
      return std::move(row.r);
    }
  }
  return std::nullopt;
}

std::optional<Record> RecordStore::Find(const ObjectSpec& spec, int64_t number) const {
  const Table* t = table_if(spec);
  if (t == nullptr) return std::nullopt;
  if (auto it = t->changed.find(number); it != t->changed.end()) return it->second;
  return Generate(spec, number);
}

std::optional<Record> RecordStore::FindById(std::string_view id) const {
  auto parsed = ParseSalesforceId(id);
  if (!parsed) return std::nullopt;
  return Find(*parsed->spec, parsed->number);
}

void RecordStore::Scan(const ObjectSpec& spec, int64_t from_stamp,
                       const std::function<bool(int64_t, int64_t)>& visit) const {
  const Table* t = table_if(spec);
  if (t == nullptr) return;
  auto b = std::lower_bound(t->base.begin(), t->base.end(), BaseRow{from_stamp, std::numeric_limits<int64_t>::min()});
  auto c = t->changed_order.lower_bound({from_stamp, std::numeric_limits<int64_t>::min()});
  const bool any_changed = !t->changed.empty();
  while (true) {
    while (b != t->base.end() && any_changed && t->changed.count(b->number)) ++b;
    bool have_b = b != t->base.end();
    bool have_c = c != t->changed_order.end();
    if (!have_b && !have_c) return;
    bool take_b = have_b && (!have_c || std::make_pair(b->stamp, b->number) < *c);
    if (take_b) {
      if (!visit(b->number, b->stamp)) return;
      ++b;
    } else {
      if (!visit(c->second, c->first)) return;
      ++c;
    }
  }
}

std::optional<Value> RecordStore::CheapField(const ObjectSpec& spec, int64_t number, int64_t stamp, int field) const {
  const Table* t = table_if(spec);
  if (t == nullptr) return std::nullopt;
  if (auto it = t->changed.find(number); it != t->changed.end()) return it->second.Get(field);
  if (field == spec.id) return Value::Text(IdOf(spec, number));
  if (field == spec.system_modstamp || field == spec.last_modified_date) return Value::DateTime(stamp);
  if (field == spec.is_deleted) return Value::Bool(false);
  return std::nullopt;
}

std::vector<int64_t> RecordStore::FindByField(const ObjectSpec& spec, int field, const std::string& value) const {
  const Table* t = table_if(spec);
  std::vector<int64_t> out;
  if (t == nullptr) return out;
  auto it = t->unique_index.find({field, Lower(value)});
  if (it == t->unique_index.end()) return out;
  for (int64_t n : it->second) {
    auto row = Find(spec, n);
    if (row && !row->deleted()) out.push_back(n);
  }
  return out;
}

std::optional<WriteError> RecordStore::Validate(const ObjectSpec& spec, const nlohmann::json& fields, WriteMode mode,
                                                bool create, Record& row, int64_t self_number,
                                                BatchClaims* claims) const {
  if (!fields.is_object()) return WriteError{"JSON_PARSER_ERROR", "The request body must be a JSON object.", {}};
  std::vector<std::string> not_writable;
  for (const auto& [key, value] : fields.items()) {
    if (key == "attributes") continue;
    int i = spec.FieldIndex(key);
    if (i < 0) return WriteError{"INVALID_FIELD", "No such column '" + key + "' on sobject of type " + spec.name, {}};
    const FieldSpec& f = spec.field(i);
    if (i == spec.id) {
      if (create) return WriteError{"INVALID_FIELD", "cannot specify Id in an insert call", {"Id"}};
      continue;  // an update may repeat its own id
    }
    bool system = i == spec.system_modstamp || i == spec.last_modified_date || i == spec.created_date;
    bool writable = create ? f.createable : f.updateable;
    if (!writable && !(mode == WriteMode::kControl && (system || !f.calculated))) {
      not_writable.push_back(f.name);
      continue;
    }
    if (value.is_null()) {
      if (!f.nillable && !(f.type == FieldType::kBoolean)) {
        return WriteError{"REQUIRED_FIELD_MISSING", "Required fields are missing: [" + f.name + "]", {f.name}};
      }
      row.values[static_cast<size_t>(i)] = f.type == FieldType::kBoolean ? Value::Bool(false) : Value::Null();
      continue;
    }
    Value v;
    switch (f.type) {
      case FieldType::kBoolean:
        if (value.is_boolean()) v = Value::Bool(value.get<bool>());
        else if (value.is_string() && (Lower(value.get<std::string>()) == "true" || Lower(value.get<std::string>()) == "false"))
          v = Value::Bool(Lower(value.get<std::string>()) == "true");
        else return ParserError("boolean", value);
        break;
      case FieldType::kInt:
      case FieldType::kDouble: {
        if (value.is_number()) {
          v = Value::Number(value.get<double>());
        } else if (value.is_string()) {
          const std::string& s = value.get_ref<const std::string&>();
          char* end = nullptr;
          double d = std::strtod(s.c_str(), &end);
          if (s.empty() || *end != '\0') return ParserError(f.type == FieldType::kInt ? "int" : "double", value);
          v = Value::Number(d);
        } else {
          return ParserError(f.type == FieldType::kInt ? "int" : "double", value);
        }
        if (f.type == FieldType::kInt && v.number != std::floor(v.number)) return ParserError("int", value);
        break;
      }
      case FieldType::kDate: {
        if (!value.is_string()) return ParserError("date", value);
        std::string s = value.get<std::string>();
        auto d = ParseDate(s.substr(0, 10));
        if (!d || (s.size() != 10 && !ParseDateTime(s, true))) return ParserError("date", value);
        v = Value::Date(*d);
        break;
      }
      case FieldType::kDateTime: {
        if (!value.is_string()) return ParserError("datetime", value);
        auto t = ParseDateTime(value.get<std::string>(), true);
        if (!t) return ParserError("datetime", value);
        v = Value::DateTime(*t);
        break;
      }
      default: {
        std::string s;
        if (value.is_string()) s = value.get<std::string>();
        else if (value.is_number() || value.is_boolean()) s = value.dump();
        else return ParserError("String", value);
        if (f.type == FieldType::kId || f.type == FieldType::kReference) {
          auto parsed = ParseSalesforceId(s);
          if (!parsed) {
            return WriteError{"MALFORMED_ID", f.label + ": id value of incorrect type: " + s, {f.name}};
          }
          if (std::find(f.reference_to.begin(), f.reference_to.end(), parsed->spec->name) == f.reference_to.end()) {
            return WriteError{"FIELD_INTEGRITY_EXCEPTION", f.label + ": id value of incorrect type: " + s, {f.name}};
          }
          auto target = Find(*parsed->spec, parsed->number);
          if (!target || target->deleted()) {
            return WriteError{"INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", {f.name}};
          }
          s = target->id();  // 15-character ids are stored as 18
        }
        if (f.length > 0 && static_cast<int>(s.size()) > f.length) {
          return WriteError{"STRING_TOO_LONG",
                            f.label + ": data value too large: " + s.substr(0, 40) + " (max length=" +
                                std::to_string(f.length) + ")",
                            {f.name}};
        }
        if (f.type == FieldType::kEmail && !LooksLikeEmail(s)) {
          return WriteError{"INVALID_EMAIL_ADDRESS", f.label + ": invalid email address: " + s, {f.name}};
        }
        if (f.restricted_picklist && std::find(f.picklist.begin(), f.picklist.end(), s) == f.picklist.end()) {
          return WriteError{"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                            f.label + ": bad value for restricted picklist field: " + s, {f.name}};
        }
        v = Value::Text(std::move(s));
      }
    }
    row.values[static_cast<size_t>(i)] = std::move(v);
  }
  if (!not_writable.empty()) {
    std::string list;
    for (const auto& n : not_writable) list += (list.empty() ? "" : ", ") + n;
    return WriteError{"INVALID_FIELD_FOR_INSERT_UPDATE",
                      "Unable to create/update fields: " + list +
                          ". Please check the security settings of this field and verify that it is read/write for "
                          "your profile or permission set.",
                      not_writable};
  }
  // Defaults, then the required fields.
  if (create) {
    for (size_t i = 0; i < spec.fields.size(); ++i) {
      const FieldSpec& f = spec.fields[i];
      if (!row.values[i].is_null()) continue;
      if (!f.picklist_default.empty()) row.values[i] = Value::Text(f.picklist_default);
      else if (f.type == FieldType::kBoolean) row.values[i] = Value::Bool(false);
    }
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const FieldSpec& f = spec.fields[i];
    if (f.createable && !f.nillable && !f.defaulted_on_create && row.values[i].is_null()) missing.push_back(f.name);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& n : missing) list += (list.empty() ? "" : ", ") + n;
    return WriteError{"REQUIRED_FIELD_MISSING", "Required fields are missing: [" + list + "]", missing};
  }
  // Task: a Lead in WhoId leaves no room for WhatId.
  if (spec.name == "Task") {
    const Value& who = row.Get(spec.Col("WhoId"));
    const Value& what = row.Get(spec.Col("WhatId"));
    if (!who.is_null() && who.text.rfind("00Q", 0) == 0 && !what.is_null()) {
      return WriteError{"FIELD_INTEGRITY_EXCEPTION",
                        "If the WhoId refers to a lead, then the WhatId field must be empty.", {"WhatId"}};
    }
  }
  // Unique fields.
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const FieldSpec& f = spec.fields[i];
    if (!f.unique || row.values[i].is_null()) continue;
    std::string lower = Lower(row.values[i].text);
    for (int64_t other : FindByField(spec, static_cast<int>(i), row.values[i].text)) {
      if (other == self_number) continue;
      return WriteError{"DUPLICATE_VALUE",
                        "duplicate value found: " + f.name + " duplicates value on record with id: " + IdOf(spec, other),
                        {f.name}};
    }
    if (claims != nullptr) {
      auto key = std::make_tuple(spec.name, f.name, lower);
      if (claims->unique_values.count(key)) {
        return WriteError{"DUPLICATE_VALUE", "duplicate value found: " + f.name + " duplicates value in this request",
                          {f.name}};
      }
    }
  }
  if (claims != nullptr) {
    for (size_t i = 0; i < spec.fields.size(); ++i) {
      if (spec.fields[i].unique && !row.values[i].is_null()) {
        claims->unique_values.insert({spec.name, spec.fields[i].name, Lower(row.values[i].text)});
      }
    }
  }
  return std::nullopt;
}

void RecordStore::Derive(Record& row) const {
  const ObjectSpec& spec = *row.spec;
  int name = spec.Col("Name");
  if (name >= 0 && !spec.field(name).createable) {
    const Value& first = row.Get(spec.Col("FirstName"));
    const Value& last = row.Get(spec.Col("LastName"));
    std::string full = first.is_null() ? last.text : first.text + " " + last.text;
    row.values[static_cast<size_t>(name)] = Value::Text(full);
  }
  if (spec.name == "Task") {
    row.values[static_cast<size_t>(spec.Col("IsClosed"))] = Value::Bool(row.Get(spec.Col("Status")).text == "Completed");
    Value account;
    const Value& what = row.Get(spec.Col("WhatId"));
    const Value& who = row.Get(spec.Col("WhoId"));
    if (!what.is_null() && what.text.rfind("001", 0) == 0) {
      account = what;
    } else if (!who.is_null() && who.text.rfind("003", 0) == 0) {
      if (auto contact = FindById(who.text)) account = contact->Get(contact->spec->Col("AccountId"));
    }
    row.values[static_cast<size_t>(spec.Col("AccountId"))] = account;
  }
}

std::variant<PreparedWrite, WriteError> RecordStore::PrepareCreate(const ObjectSpec& spec, const nlohmann::json& fields,
                                                                   WriteMode mode, const std::string& user_id,
                                                                   BatchClaims* claims) const {
  PreparedWrite w;
  w.kind = PreparedWrite::Kind::kCreate;
  w.record.spec = &spec;
  w.record.values.resize(spec.fields.size());
  int owner = spec.Col("OwnerId");
  if (owner >= 0) w.record.values[static_cast<size_t>(owner)] = Value::Text(user_id);
  if (auto e = Validate(spec, fields, mode, true, w.record, -1, claims)) return *e;
  w.stamp_given = fields.contains("SystemModstamp") || fields.contains("LastModifiedDate") || fields.contains("CreatedDate");
  for (const char* by : {"CreatedById", "LastModifiedById"}) {
    int i = spec.Col(by);
    if (i >= 0 && w.record.values[static_cast<size_t>(i)].is_null()) w.record.values[static_cast<size_t>(i)] = Value::Text(user_id);
  }
  Derive(w.record);
  return w;
}

std::variant<PreparedWrite, WriteError> RecordStore::PrepareUpdate(const ObjectSpec& spec, int64_t number,
                                                                   const nlohmann::json& fields, WriteMode mode,
                                                                   const std::string& user_id,
                                                                   BatchClaims* claims) const {
  auto current = Find(spec, number);
  if (!current) return WriteError{"NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + IdOf(spec, number), {}};
  if (current->deleted()) return WriteError{"ENTITY_IS_DELETED", "entity is deleted", {}};
  if (fields.is_object() && fields.contains("Id") && fields["Id"].is_string()) {
    auto given = ParseSalesforceId(fields["Id"].get<std::string>());
    if (!given || given->number != number || given->spec != &spec) {
      return WriteError{"INVALID_ID_FIELD", "The Id field should not be specified in the sobject data.", {"Id"}};
    }
  }
  PreparedWrite w;
  w.kind = PreparedWrite::Kind::kUpdate;
  w.record = *current;
  if (auto e = Validate(spec, fields, mode, false, w.record, number, claims)) return *e;
  w.stamp_given = fields.contains("SystemModstamp") || fields.contains("LastModifiedDate");
  int by = spec.Col("LastModifiedById");
  if (by >= 0 && !fields.contains("LastModifiedById")) w.record.values[static_cast<size_t>(by)] = Value::Text(user_id);
  Derive(w.record);
  return w;
}

std::variant<PreparedWrite, WriteError> RecordStore::PrepareDelete(const ObjectSpec& spec, int64_t number) const {
  if (!spec.deletable) return WriteError{"INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id", {}};
  auto current = Find(spec, number);
  if (!current) return WriteError{"NOT_FOUND", "The requested resource does not exist", {}};
  if (current->deleted()) return WriteError{"ENTITY_IS_DELETED", "entity is deleted", {}};
  PreparedWrite w;
  w.kind = PreparedWrite::Kind::kDelete;
  w.record = std::move(*current);
  return w;
}

void RecordStore::IndexUnique(Table& t, const Record& row, bool add) {
  for (size_t i = 0; i < row.values.size(); ++i) {
    const FieldSpec& f = row.spec->fields[i];
    if (!(f.unique || f.external_id) || row.values[i].is_null()) continue;
    auto key = std::make_pair(static_cast<int>(i), Lower(row.values[i].text));
    if (add) {
      t.unique_index[key].insert(row.number);
    } else if (auto it = t.unique_index.find(key); it != t.unique_index.end()) {
      it->second.erase(row.number);
      if (it->second.empty()) t.unique_index.erase(it);
    }
  }
}

std::string RecordStore::Apply(PreparedWrite w, int64_t now_millis) {
  const ObjectSpec& spec = *w.record.spec;
  Table& t = table(spec);
  Record& row = w.record;
  const int64_t now = WholeSeconds(now_millis);
  auto set_time = [&](int field, int64_t millis) { row.values[static_cast<size_t>(field)] = Value::DateTime(millis); };
  if (w.kind == PreparedWrite::Kind::kCreate) {
    row.number = t.next_number++;
    row.values[static_cast<size_t>(spec.id)] = Value::Text(IdOf(spec, row.number));
    row.values[static_cast<size_t>(spec.is_deleted)] = Value::Bool(false);
  } else {
    auto old = t.changed.find(row.number);
    if (old != t.changed.end()) {
      t.changed_order.erase({old->second.stamp(), row.number});
      IndexUnique(t, old->second, false);
    }
  }
  if (w.kind == PreparedWrite::Kind::kDelete) row.values[static_cast<size_t>(spec.is_deleted)] = Value::Bool(true);
  // Stamps: SystemModstamp >= LastModifiedDate >= CreatedDate always holds, so a bound on either
  // LastModifiedDate or CreatedDate is also a bound on SystemModstamp (salesforce_query.cc relies on it).
  if (!w.stamp_given) {
    set_time(spec.system_modstamp, now);
    set_time(spec.last_modified_date, now);
    if (w.kind == PreparedWrite::Kind::kCreate) set_time(spec.created_date, now);
  } else {
    const Value& sms = row.Get(spec.system_modstamp);
    const Value& lmd = row.Get(spec.last_modified_date);
    int64_t stamp = sms.is_null() ? (lmd.is_null() ? now : lmd.time) : sms.time;
    int64_t modified = lmd.is_null() ? stamp : std::min(lmd.time, stamp);
    if (w.kind == PreparedWrite::Kind::kUpdate && sms.is_null()) stamp = std::max(now, modified);
    set_time(spec.system_modstamp, WholeSeconds(stamp));
    set_time(spec.last_modified_date, WholeSeconds(modified));
    const Value& created = row.Get(spec.created_date);
    if (created.is_null() || created.time > modified) set_time(spec.created_date, WholeSeconds(modified));
  }
  std::string id = row.id();
  IndexUnique(t, row, true);
  t.changed_order.insert({row.stamp(), row.number});
  t.changed[row.number] = std::move(row);
  return id;
}

std::vector<std::pair<std::string, int64_t>> RecordStore::Deleted(const ObjectSpec& spec, int64_t from, int64_t to) const {
  std::vector<std::pair<std::string, int64_t>> out;
  const Table* t = table_if(spec);
  if (t == nullptr) return out;
  for (auto it = t->changed_order.lower_bound({from, std::numeric_limits<int64_t>::min()});
       it != t->changed_order.end() && it->first < to; ++it) {
    const Record& r = t->changed.at(it->second);
    if (r.deleted()) out.emplace_back(r.id(), r.stamp());
  }
  return out;
}

}  // namespace salesync::sandbox::salesforce
