#include "mapping/plan.h"

#include <charconv>
#include <map>
#include <unordered_map>

#include "base/strings.h"
#include "mapping/date_time.h"
#include "mapping/phone.h"
#include "mapping/spec_version.h"
#include "mapping/text.h"

namespace salesync::mapping {

using config::TransformKind;

namespace {

enum class OnInvalid : uint8_t { kReject, kKeep, kDrop };

struct Step {
  TransformKind kind = TransformKind::kTrim;
  std::string value;                                   // default
  std::string separator;                               // split
  bool skip_empty = true;                              // split
  int64_t part = 0;                                    // split
  std::unordered_map<std::string, std::string> table;  // map (keys lowered when ignore_case)
  std::optional<std::string> fallback;                 // map
  bool ignore_case = true;                             // map
  bool table_has_empty = false;                        // map: "" is a key
  std::optional<DateTimeConverter> datetime;
  std::optional<PhoneNormaliser> phone;
  OnInvalid invalid = OnInvalid::kReject;              // phone
  size_t max_chars = 0;                                // truncate
};

struct Row {
  std::vector<uint32_t> slots;
  bool concat = false;
  std::string concat_separator;
  bool concat_skip_empty = true;
  std::vector<Step> steps;
  std::optional<std::string> default_value;
  std::string target;
  std::optional<TargetField> check;
  bool identity = false;
};

// Lowercases for case-insensitive table keys: ASCII in place, other text through ICU.
void FoldCase(std::string& s, std::string& scratch) { ToLowerInPlace(s, scratch); }

void Reject(Cell& c, Rejection r) {
  c.status = CellStatus::kRejected;
  c.rejection = r;
}

void AddNote(Cell& c, std::string_view text) {
  if (!c.note.empty()) c.note += "; ";
  c.note.append(text);
}

struct Scratch {
  std::string a;
  std::string b;
  std::string why;
  std::vector<std::string_view> parts;
};

void RunStep(const Step& s, Cell& c, Scratch& k) {
  switch (s.kind) {
    case TransformKind::kTrim:
      TrimInPlace(c.value);
      return;
    case TransformKind::kLower:
      ToLowerInPlace(c.value, k.a);
      return;
    case TransformKind::kUpper:
      ToUpperInPlace(c.value, k.a);
      return;
    case TransformKind::kDefault:
      if (c.value.empty()) {
        c.value = s.value;
        c.changes |= kDefaulted;
      }
      return;
    case TransformKind::kConcat:
      return;  // done while gathering the sources
    case TransformKind::kSplit: {
      k.parts.clear();
      std::string_view v = c.value;
      size_t start = 0;
      while (true) {
        size_t end = v.find(s.separator, start);
        std::string_view part = v.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!s.skip_empty || !part.empty()) k.parts.push_back(part);
        if (end == std::string_view::npos) break;
        start = end + s.separator.size();
      }
      int64_t n = static_cast<int64_t>(k.parts.size());
      int64_t index = s.part < 0 ? n + s.part : s.part;
      if (index < 0 || index >= n) {
        c.value.clear();
      } else {
        k.a.assign(k.parts[static_cast<size_t>(index)]);
        c.value.swap(k.a);
      }
      return;
    }
    case TransformKind::kMap: {
      if (c.value.empty() && !s.table_has_empty) return;
      const std::string* key = &c.value;
      if (s.ignore_case) {
        k.b.assign(c.value);
        FoldCase(k.b, k.a);
        key = &k.b;
      }
      auto it = s.table.find(*key);
      if (it != s.table.end()) {
        c.value.assign(it->second);
        return;
      }
      if (s.fallback) {
        AddNote(c, "\"" + SanitiseUtf8(c.value) + "\" is not in the value table; the fallback was used");
        c.value.assign(*s.fallback);
        c.changes |= kFallback;
        return;
      }
      AddNote(c, "\"" + SanitiseUtf8(c.value) + "\" is not in the value table and the map has no fallback");
      Reject(c, Rejection::kUnmappedValue);
      return;
    }
    case TransformKind::kDateTime: {
      if (c.value.empty()) return;
      k.why.clear();
      auto outcome = s.datetime->Convert(c.value, k.a, &k.why);
      if (outcome == DateTimeConverter::Outcome::kInvalid) {
        AddNote(c, "\"" + SanitiseUtf8(c.value) + "\" is " + k.why);
        Reject(c, Rejection::kInvalidDate);
        return;
      }
      if (outcome == DateTimeConverter::Outcome::kShifted) {
        AddNote(c, k.why);
        c.changes |= kNormalised;
      }
      c.value.swap(k.a);
      return;
    }
    case TransformKind::kPhone: {
      if (c.value.empty()) return;
      k.why.clear();
      if (!s.phone->Normalise(c.value, k.a, &k.why)) {
        if (s.invalid == OnInvalid::kKeep) return;
        AddNote(c, "\"" + SanitiseUtf8(c.value) + "\": " + k.why);
        if (s.invalid == OnInvalid::kDrop) c.changes |= kDropped;
        else Reject(c, Rejection::kInvalidPhone);
        return;
      }
      if (k.a != c.value) c.changes |= kNormalised;
      c.value.swap(k.a);
      return;
    }
    case TransformKind::kTruncate: {
      if (c.value.size() <= s.max_chars) return;
      size_t chars = CountChars(c.value);
      if (chars <= s.max_chars) return;
      TruncateChars(c.value, s.max_chars);
      c.original_chars = static_cast<uint32_t>(chars);
      c.changes |= kTruncated;
      return;
    }
  }
}

}  // namespace

struct Plan::Impl {
  config::MappingSpec spec;
  std::string version;
  std::vector<std::string> source_fields;
  std::vector<Row> rows;
};

std::string_view CellStatusName(CellStatus s) {
  switch (s) {
    case CellStatus::kOk: return "ok";
    case CellStatus::kChanged: return "changed";
    case CellStatus::kRejected: return "rejected";
  }
  return "ok";
}

Result<Plan> Plan::Compile(const config::MappingSpec& spec, const connectors::ObjectMetadata* source,
                           const connectors::ObjectMetadata* target, std::vector<config::ConfigError>* errors) {
  auto impl = std::make_shared<Impl>();
  impl->spec = spec;
  impl->version = SpecVersion(spec);
  std::vector<config::ConfigError> problems;
  std::map<std::string, uint32_t> slots;
  std::string scratch;
  for (const auto& spec_row : spec.fields) {
    Row row;
    for (const std::string& name : spec_row.source) {
      const connectors::FieldMetadata* f = source ? source->Find(name) : nullptr;
      std::string canonical = f ? f->name : name;
      auto [it, inserted] = slots.emplace(canonical, static_cast<uint32_t>(impl->source_fields.size()));
      if (inserted) impl->source_fields.push_back(canonical);
      row.slots.push_back(it->second);
    }
    const connectors::FieldMetadata* tf = target ? target->Find(spec_row.target) : nullptr;
    row.target = tf ? tf->name : spec_row.target;
    if (tf) row.check.emplace(*tf);
    for (const auto& id : spec.identity) {
      row.identity = row.identity || ToLowerAscii(id) == ToLowerAscii(row.target);
    }
    row.default_value = spec_row.default_value;
    for (size_t i = 0; i < spec_row.transforms.size(); ++i) {
      const config::TransformSpec& t = spec_row.transforms[i];
      if (t.kind == TransformKind::kConcat) {
        if (i != 0) {
          problems.push_back(t.position.Error("concat joins the row's source fields, so it must be the first transform."));
        }
        row.concat = true;
        row.concat_separator = t.separator;
        row.concat_skip_empty = t.skip_empty;
        continue;
      }
      Step step;
      step.kind = t.kind;
      switch (t.kind) {
        case TransformKind::kDefault: step.value = t.value; break;
        case TransformKind::kSplit:
          step.separator = t.separator.empty() ? " " : t.separator;
          step.part = t.part;
          step.skip_empty = t.skip_empty;
          break;
        case TransformKind::kMap:
          step.ignore_case = t.ignore_case;
          step.fallback = t.fallback;
          for (const auto& [from, to] : t.values) {
            std::string key = from;
            if (t.ignore_case) FoldCase(key, scratch);
            step.table_has_empty = step.table_has_empty || key.empty();
            step.table.emplace(std::move(key), to);
          }
          break;
        case TransformKind::kDateTime: {
          auto c = DateTimeConverter::Create(t);
          if (!c.ok()) problems.push_back(t.position.Error(c.error().message));
          else step.datetime.emplace(std::move(c).value());
          break;
        }
        case TransformKind::kPhone: {
          auto p = PhoneNormaliser::Create(t);
          if (!p.ok()) problems.push_back(t.position.Error(p.error().message));
          else step.phone.emplace(std::move(p).value());
          step.invalid = t.invalid == "keep" ? OnInvalid::kKeep : t.invalid == "drop" ? OnInvalid::kDrop : OnInvalid::kReject;
          break;
        }
        case TransformKind::kTruncate:
          step.max_chars = t.max_chars > 0 ? static_cast<size_t>(t.max_chars) : (row.check ? row.check->max_chars() : 0);
          if (step.max_chars == 0) {
            problems.push_back(t.position.Error(
                "truncate has no max_chars and the length of target field \"" + spec_row.target +
                "\" is unknown (expected {\"truncate\": {\"max_chars\": N}}, or a target whose describe gives a length)."));
          }
          break;
        default:
          break;
      }
      row.steps.push_back(std::move(step));
    }
    if (spec_row.source.size() > 1 && !row.concat) {
      problems.push_back(spec_row.position.Error("A row with several source fields needs a concat transform first."));
    }
    impl->rows.push_back(std::move(row));
  }
  if (errors) *errors = problems;
  if (!problems.empty()) return config::ConfigErrorsToError(problems);
  return Plan(std::move(impl));
}

const std::string& Plan::name() const { return impl_->spec.name; }
const std::string& Plan::version() const { return impl_->version; }
const config::MappingSpec& Plan::spec() const { return impl_->spec; }
const std::vector<std::string>& Plan::source_fields() const { return impl_->source_fields; }
size_t Plan::size() const { return impl_->rows.size(); }
const std::string& Plan::target_field(size_t row) const { return impl_->rows[row].target; }
const TargetField* Plan::target_check(size_t row) const {
  const auto& c = impl_->rows[row].check;
  return c ? &*c : nullptr;
}

void Plan::Apply(std::span<const SourceValue> source, MappedRow& out) const {
  thread_local Scratch scratch;
  const Impl& p = *impl_;
  out.cells.resize(p.rows.size());
  // Source text lives wherever the record's parser put it: ask for all of it at once, so that the cache
  // misses overlap instead of coming one by one as the rows copy it.
  for (const SourceValue& v : source) {
    if (v && !v->empty()) __builtin_prefetch(v->data());
  }
  CellStatus worst = CellStatus::kOk;
  for (size_t i = 0; i < p.rows.size(); ++i) {
    const Row& r = p.rows[i];
    Cell& c = out.cells[i];
    c.status = CellStatus::kOk;
    c.changes = 0;
    c.rejection = Rejection::kNone;
    c.original_chars = 0;
    c.note.clear();
    if (r.concat) {
      c.value.clear();
      bool first = true;
      for (uint32_t slot : r.slots) {
        std::string_view v = source[slot] ? *source[slot] : std::string_view();
        if (v.empty() && r.concat_skip_empty) continue;
        if (!first) c.value += r.concat_separator;
        c.value.append(v);
        first = false;
      }
    } else if (!r.slots.empty() && source[r.slots[0]]) {
      c.value.assign(*source[r.slots[0]]);
    } else {
      c.value.clear();
    }
    for (const Step& s : r.steps) {
      RunStep(s, c, scratch);
      if (c.status == CellStatus::kRejected || c.dropped()) break;
    }
    if (c.status != CellStatus::kRejected && !c.dropped()) {
      if (c.value.empty() && r.default_value) {
        c.value = *r.default_value;
        c.changes |= kDefaulted;
      }
      if (c.value.empty()) {
        if (r.identity) Reject(c, Rejection::kIdentityEmpty);
        else if (r.check && r.check->required()) Reject(c, Rejection::kRequiredEmpty);
      } else if (r.check) {
        bool normalised = false;
        Rejection rejection = r.check->Check(c.value, &normalised);
        if (rejection != Rejection::kNone) {
          Reject(c, rejection);
          if (rejection == Rejection::kTooLong) c.original_chars = static_cast<uint32_t>(CountChars(c.value));
        } else if (normalised) {
          c.changes |= kNormalised;
        }
      }
    }
    if (c.status != CellStatus::kRejected && c.changes != 0) c.status = CellStatus::kChanged;
    if (c.status > worst) worst = c.status;
  }
  out.status = worst;
}

void Plan::Bind(const connectors::Record& record, std::vector<SourceValue>& out, std::vector<std::string>& scratch) const {
  const auto& names = impl_->source_fields;
  out.assign(names.size(), std::nullopt);
  scratch.resize(names.size());
  if (!record.fields.is_object()) return;
  for (size_t i = 0; i < names.size(); ++i) {
    auto it = record.fields.find(names[i]);
    if (it == record.fields.end() || it->is_null()) continue;
    if (it->is_string()) {
      out[i] = std::string_view(it->get_ref<const std::string&>());
      continue;
    }
    if (it->is_boolean()) scratch[i] = it->get<bool>() ? "true" : "false";
    else scratch[i] = it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out[i] = std::string_view(scratch[i]);
  }
}

std::string Plan::Explain(size_t row, const Cell& c) const {
  const Row& r = impl_->rows[row];
  std::string out;
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += "; ";
    out += s;
  };
  if (c.changes & kDefaulted) add("the source was empty; defaulted to \"" + SanitiseUtf8(c.value) + "\"");
  if (c.changes & kTruncated) {
    add("truncated from " + std::to_string(c.original_chars) + " to " + std::to_string(CountChars(c.value)) +
        " characters");
  }
  if ((c.changes & kNormalised) && c.note.empty()) add("normalised to the form " + r.target + " expects");
  if (c.changes & kDropped) add("left out of the write");
  add(c.note);
  if (c.status == CellStatus::kRejected && r.check &&
      c.rejection != Rejection::kUnmappedValue && c.rejection != Rejection::kInvalidDate &&
      c.rejection != Rejection::kInvalidPhone) {
    add(r.check->Explain(c.rejection, c.original_chars));
  } else if (c.rejection == Rejection::kIdentityEmpty) {
    add("empty, but " + r.target + " is an identity field: the record cannot be matched");
  }
  return out;
}

nlohmann::json Plan::ToTargetJson(const MappedRow& mapped) const {
  nlohmann::json out = nlohmann::json::object();
  for (size_t i = 0; i < impl_->rows.size() && i < mapped.cells.size(); ++i) {
    const Row& r = impl_->rows[i];
    const Cell& c = mapped.cells[i];
    if (c.dropped()) continue;
    if (c.value.empty()) {
      out[r.target] = nullptr;
      continue;
    }
    TargetField::Kind kind = r.check ? r.check->kind() : TargetField::Kind::kText;
    if (kind == TargetField::Kind::kInteger) {
      int64_t v = 0;
      const char* begin = c.value.data() + (c.value[0] == '+' ? 1 : 0);
      auto [ptr, ec] = std::from_chars(begin, c.value.data() + c.value.size(), v);
      if (ec == std::errc() && ptr == c.value.data() + c.value.size()) {
        out[r.target] = v;
        continue;
      }
    } else if (kind == TargetField::Kind::kDouble) {
      double v = 0;
      const char* begin = c.value.data() + (c.value[0] == '+' ? 1 : 0);
      auto [ptr, ec] = std::from_chars(begin, c.value.data() + c.value.size(), v);
      if (ec == std::errc() && ptr == c.value.data() + c.value.size()) {
        out[r.target] = v;
        continue;
      }
    } else if (kind == TargetField::Kind::kBoolean) {
      out[r.target] = c.value == "true";
      continue;
    }
    out[r.target] = SanitiseUtf8(c.value);
  }
  return out;
}

}  // namespace salesync::mapping
