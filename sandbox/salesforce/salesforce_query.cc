#include "sandbox/salesforce/salesforce_query.h"

#include <algorithm>
#include <optional>

namespace salesync::sandbox::salesforce {

namespace {

// True when rows in scan order, (SystemModstamp, Id) ascending, are already in the ORDER BY order.
bool ScanOrderMatches(const SoqlQuery& q) {
  if (q.order.empty()) return true;
  const ObjectSpec& o = *q.object;
  if (q.order[0].field != o.system_modstamp || q.order[0].descending) return false;
  if (q.order.size() == 1) return true;
  return q.order.size() == 2 && q.order[1].field == o.id && !q.order[1].descending;
}

SoqlError InvalidLocator() { return SoqlError{"INVALID_QUERY_LOCATOR", "invalid query locator"}; }

}  // namespace

std::variant<std::string, SoqlError> QueryEngine::Execute(const RecordStore& store, const QueryRequest& request) {
  auto parsed = ParseSoql(request.soql);
  if (auto* e = std::get_if<SoqlError>(&parsed)) return *e;
  const SoqlQuery& q = std::get<SoqlQuery>(parsed);
  const ObjectSpec& object = *q.object;

  StampRange range = q.where ? StampRangeOf(*q.where, object) : StampRange{};
  const bool scan_order = ScanOrderMatches(q);
  const int64_t wanted = q.limit ? q.offset + *q.limit : -1;  // rows to match before stopping (scan order)
  const int64_t purged_before = request.now_millis - kRecycleBinMillis;

  struct Match {
    int64_t number;
    std::vector<Value> keys;  // ORDER BY values when sorting
  };
  std::vector<Match> matches;
  if (wanted != 0) {
    store.Scan(object, range.lower, [&](int64_t number, int64_t stamp) {
      if (stamp > range.upper) return false;
      std::optional<Record> full;
      auto get = [&](int field) -> Value {
        if (!full) {
          if (auto cheap = store.CheapField(object, number, stamp, field)) return *cheap;
          full = store.Find(object, number);
        }
        return full ? full->Get(field) : Value::Null();
      };
      if (get(object.is_deleted).boolean && (!request.all_rows || stamp < purged_before)) return true;
      if (q.where && !Evaluate(*q.where, get)) return true;
      Match m{number, {}};
      if (!scan_order) {
        for (const auto& item : q.order) m.keys.push_back(get(item.field));
      }
      matches.push_back(std::move(m));
      return !(scan_order && wanted > 0 && static_cast<int64_t>(matches.size()) >= wanted);
    });
  }
  if (!scan_order) {
    std::vector<OrderItem> order = q.order;
    std::stable_sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
      for (size_t i = 0; i < order.size(); ++i) {
        const Value& x = a.keys[i];
        const Value& y = b.keys[i];
        std::vector<OrderItem> one = {order[i]};
        int c = CompareForOrder(one, [&](int) { return x; }, [&](int) { return y; });
        if (c != 0) return c < 0;
      }
      return a.number < b.number;
    });
  }
  std::vector<int64_t> numbers;
  size_t from = std::min(matches.size(), static_cast<size_t>(q.offset));
  size_t to = q.limit ? std::min(matches.size(), from + static_cast<size_t>(*q.limit)) : matches.size();
  numbers.reserve(to - from);
  for (size_t i = from; i < to; ++i) numbers.push_back(matches[i].number);
  matches.clear();

  if (q.count_only) {
    return "{\"totalSize\":" + std::to_string(numbers.size()) + ",\"done\":true,\"records\":[]}";
  }
  const size_t total = numbers.size();
  const size_t page = static_cast<size_t>(request.batch_size);
  if (total <= page) return RenderPage(store, object, q.fields, numbers, 0, total, total, "", request.version_path);

  std::string locator;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t id = next_cursor_++;
    locator = PeopleUniverse::SalesforceId("01g", id);
    Cursor c{&object, q.fields, numbers, request.now_millis};
    cursor_rows_ += c.numbers.size();
    cursors_[id] = std::move(c);
    while (cursor_rows_ > kMaxCursorRows && cursors_.size() > 1) {
      cursor_rows_ -= cursors_.begin()->second.numbers.size();
      cursors_.erase(cursors_.begin());
    }
  }
  std::string next = request.version_path + "/query/" + locator + "-" + std::to_string(page);
  return RenderPage(store, object, q.fields, numbers, 0, page, total, next, request.version_path);
}

std::variant<std::string, SoqlError> QueryEngine::More(const RecordStore& store, const std::string& locator,
                                                       const QueryRequest& request) {
  size_t dash = locator.rfind('-');
  if (dash == std::string::npos || dash + 1 >= locator.size()) return InvalidLocator();
  std::string id_part = locator.substr(0, dash);
  if (id_part.size() != 18 || id_part.rfind("01g", 0) != 0) return InvalidLocator();
  int64_t cursor_id = 0;
  for (size_t i = 3; i < 15; ++i) {
    char ch = id_part[i];
    int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : ch >= 'a' && ch <= 'z' ? ch - 'a' + 36 : -1;
    if (d < 0) return InvalidLocator();
    cursor_id = cursor_id * 62 + d;
  }
  if (PeopleUniverse::SalesforceId("01g", cursor_id) != id_part) return InvalidLocator();
  size_t offset = 0;
  for (size_t i = dash + 1; i < locator.size(); ++i) {
    if (locator[i] < '0' || locator[i] > '9' || offset > 1000000000) return InvalidLocator();
    offset = offset * 10 + static_cast<size_t>(locator[i] - '0');
  }
  const ObjectSpec* object = nullptr;
  std::vector<int> fields;
  std::vector<int64_t> slice;
  size_t total = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cursors_.find(cursor_id);
    if (it == cursors_.end()) return InvalidLocator();
    if (request.now_millis - it->second.created_millis > kCursorLifetimeMillis) {
      cursor_rows_ -= it->second.numbers.size();
      cursors_.erase(it);
      return InvalidLocator();
    }
    const Cursor& c = it->second;
    total = c.numbers.size();
    if (offset >= total) return InvalidLocator();
    size_t count = std::min(static_cast<size_t>(request.batch_size), total - offset);
    slice.assign(c.numbers.begin() + static_cast<long>(offset), c.numbers.begin() + static_cast<long>(offset + count));
    object = c.object;
    fields = c.fields;
  }
  size_t end = offset + slice.size();
  std::string next = end < total ? request.version_path + "/query/" + id_part + "-" + std::to_string(end) : "";
  return RenderPage(store, *object, fields, slice, 0, slice.size(), total, next, request.version_path);
}

std::string QueryEngine::RenderPage(const RecordStore& store, const ObjectSpec& object, const std::vector<int>& fields,
                                    const std::vector<int64_t>& numbers, size_t from, size_t count, size_t total,
                                    const std::string& next_url, const std::string& version_path) const {
  std::string out;
  out.reserve(count * (64 + fields.size() * 40) + 128);
  out += "{\"totalSize\":";
  out += std::to_string(total);
  out += next_url.empty() ? ",\"done\":true" : ",\"done\":false,\"nextRecordsUrl\":";
  if (!next_url.empty()) AppendJsonString(out, next_url);
  out += ",\"records\":[";
  const std::string url_prefix = version_path + "/sobjects/" + object.name + "/";
  for (size_t i = from; i < from + count && i < numbers.size(); ++i) {
    auto row = store.Find(object, numbers[i]);
    if (!row) continue;
    if (i != from) out += ',';
    out += "{\"attributes\":{\"type\":\"";
    out += object.name;
    out += "\",\"url\":\"";
    out += url_prefix;
    out += row->id();
    out += "\"}";
    for (int f : fields) {
      out += ",\"";
      out += object.field(f).name;
      out += "\":";
      AppendJsonValue(out, row->Get(f));
    }
    out += '}';
  }
  out += "]}";
  return out;
}

void QueryEngine::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  cursors_.clear();
  cursor_rows_ = 0;
}

size_t QueryEngine::open_cursors() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cursors_.size();
}

}  // namespace salesync::sandbox::salesforce
