#include "config/mappings_config.h"

#include <algorithm>
#include <stdexcept>

#include <date/tz.h>

#include "base/strings.h"
#include "config/json_positions.h"

namespace salesync::config {

namespace {

struct TransformInfo {
  TransformKind kind;
  const char* name;
  bool bare_allowed;  // may be written as a plain string, without arguments
  const char* usage;  // what the arguments look like, for messages
};

constexpr TransformInfo kTransforms[] = {
    {TransformKind::kTrim, "trim", true, "\"trim\""},
    {TransformKind::kLower, "lower", true, "\"lower\""},
    {TransformKind::kUpper, "upper", true, "\"upper\""},
    {TransformKind::kDefault, "default", false, "{\"default\": \"VALUE\"}"},
    {TransformKind::kConcat, "concat", true, "{\"concat\": {\"separator\": \" \"}}"},
    {TransformKind::kSplit, "split", false, "{\"split\": {\"separator\": \" \", \"part\": 0}}"},
    {TransformKind::kMap, "map", false, "{\"map\": {\"values\": {\"FROM\": \"TO\"}, \"fallback\": \"TO\"}}"},
    {TransformKind::kDateTime, "datetime", true,
     "{\"datetime\": {\"from\": \"iso8601\", \"to\": \"date\", \"time_zone\": \"UTC\", \"to_time_zone\": \"UTC\"}}"},
    {TransformKind::kPhone, "phone", true, "{\"phone\": {\"default_country\": \"NL\"}}"},
    {TransformKind::kTruncate, "truncate", true, "\"truncate\" or {\"truncate\": {\"max_chars\": 40}}"},
};

const TransformInfo* FindTransform(std::string_view name) {
  for (const auto& t : kTransforms) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

bool ValidName(const std::string& name) {
  bool valid = !name.empty() && name.size() <= 64;
  for (char ch : name) {
    valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_');
  }
  return valid;
}

// Reads one mapping; the positions index locates every part it remembers.
class MappingReader {
 public:
  MappingReader(ConfigDocument& doc, const JsonPositions& positions,
                const std::map<std::string, ConnectionConfig>& connections)
      : doc_(doc), positions_(positions), connections_(connections) {}

  MappingSpec Read(ObjectReader r, const std::string& name) {
    MappingSpec m;
    m.name = name;
    m.position = Pos(r.pointer());
    m.source = ReadObjectRef(r.Object("source", Presence::kRequired));
    m.target = ReadObjectRef(r.Object("target", Presence::kRequired));
    if (auto ids = r.StringList("identity")) {
      for (size_t i = 0; i < ids->size(); ++i) {
        std::string pointer = r.pointer() + "/identity/" + std::to_string(i);
        if ((*ids)[i].empty()) doc_.AddError(pointer, "An identity field name is empty (expected a target field name).");
        m.identity.push_back((*ids)[i]);
        m.identity_positions.push_back(Pos(pointer));
      }
    }
    const nlohmann::json* fields = r.Raw("fields");
    if (fields == nullptr) {
      r.AddError("", "Missing required key \"fields\" (expected an array of {\"source\", \"target\"} rows).");
    } else if (!fields->is_array()) {
      r.AddError("fields", "Wrong type: found " + DescribeJsonType(*fields) + " (expected an array of rows).");
    } else if (fields->empty()) {
      r.AddError("fields", "A mapping needs at least one row (expected [{\"source\": ..., \"target\": ...}]).");
    } else {
      for (size_t i = 0; i < fields->size(); ++i) {
        std::string pointer = r.pointer() + "/fields/" + std::to_string(i);
        m.fields.push_back(ReadRow(ObjectReader(doc_, &(*fields)[i], pointer)));
      }
    }
    r.Finish();
    return m;
  }

 private:
  SpecPosition Pos(const std::string& pointer) const {
    TextPosition p = positions_.ValueAt(pointer);
    return {doc_.file(), p.line, p.column, pointer};
  }

  ObjectRefSpec ReadObjectRef(ObjectReader r) {
    ObjectRefSpec ref;
    ref.position = Pos(r.pointer());
    if (!r.present()) return ref;
    if (auto c = r.String("connection", Presence::kRequired)) {
      ref.connection = *c;
      if (connections_.find(*c) == connections_.end()) {
        std::vector<std::string> names;
        for (const auto& [n, _] : connections_) names.push_back(n);
        std::string message = "Unknown connection \"" + *c + "\" (expected the name of a configured connection";
        message += names.empty() ? "; none is configured)." : ").";
        if (auto hint = DidYouMean(*c, names)) message += " Did you mean \"" + *hint + "\"?";
        r.AddError("connection", message);
      }
    }
    if (auto o = r.String("object", Presence::kRequired)) {
      if (o->empty()) r.AddError("object", "The object name is empty (expected a name such as \"Lead\" or \"lead\").");
      ref.object = *o;
    }
    r.Finish();
    return ref;
  }

  FieldMappingSpec ReadRow(ObjectReader r) {
    FieldMappingSpec row;
    row.position = Pos(r.pointer());
    if (!r.present()) return row;
    if (const nlohmann::json* s = r.Raw("source")) {
      std::string pointer = r.pointer() + "/source";
      if (s->is_string()) {
        row.source.push_back(s->get<std::string>());
        row.source_positions.push_back(Pos(pointer));
      } else if (s->is_array() && !s->empty()) {
        for (size_t i = 0; i < s->size(); ++i) {
          std::string item = pointer + "/" + std::to_string(i);
          if (!(*s)[i].is_string()) {
            doc_.AddError(item, "Wrong type: found " + DescribeJsonType((*s)[i]) + " (expected a source field name).");
            continue;
          }
          row.source.push_back((*s)[i].get<std::string>());
          row.source_positions.push_back(Pos(item));
        }
      } else {
        doc_.AddError(pointer, "Wrong type: found " + DescribeJsonType(*s) +
                                   " (expected a field name, or a non-empty array of field names joined by concat).");
      }
      for (size_t i = 0; i < row.source.size(); ++i) {
        if (row.source[i].empty()) doc_.AddError(row.source_positions[i].pointer, "The source field name is empty.");
      }
    }
    if (auto t = r.String("target", Presence::kRequired)) {
      row.target = *t;
      row.target_position = Pos(r.pointer() + "/target");
      if (t->empty()) r.AddError("target", "The target field name is empty.");
    }
    if (auto d = r.String("default")) {
      row.default_value = *d;
      row.default_position = Pos(r.pointer() + "/default");
    }
    if (const nlohmann::json* ts = r.Raw("transforms")) {
      std::string pointer = r.pointer() + "/transforms";
      if (!ts->is_array()) {
        doc_.AddError(pointer, "Wrong type: found " + DescribeJsonType(*ts) + " (expected an array of transforms).");
      } else {
        for (size_t i = 0; i < ts->size(); ++i) {
          if (auto t = ReadTransform((*ts)[i], pointer + "/" + std::to_string(i))) row.transforms.push_back(*t);
        }
      }
    }
    r.Finish();
    CheckRowShape(row);
    return row;
  }

  // What a row's source count and transform chain must agree on; reported at the row.
  void CheckRowShape(const FieldMappingSpec& row) {
    bool has_concat = false;
    for (size_t i = 0; i < row.transforms.size(); ++i) {
      if (row.transforms[i].kind != TransformKind::kConcat) continue;
      has_concat = true;
      if (i != 0) {
        doc_.AddError(row.transforms[i].position.pointer,
                      "concat joins the row's source fields, so it must be the first transform.");
      }
    }
    if (row.source.size() > 1 && !has_concat) {
      doc_.AddError(row.position.pointer + "/source",
                    "A row with " + std::to_string(row.source.size()) +
                        " source fields needs a concat transform first to join them (expected "
                        "\"transforms\": [{\"concat\": {\"separator\": \" \"}}, ...]).");
    }
    if (row.source.empty() && !row.default_value) {
      bool has_default = std::any_of(row.transforms.begin(), row.transforms.end(),
                                     [](const TransformSpec& t) { return t.kind == TransformKind::kDefault; });
      if (!has_default) {
        doc_.AddError(row.position.pointer,
                      "A row without \"source\" writes a constant: it needs \"default\" (expected \"default\": \"VALUE\").");
      }
    }
  }

  std::optional<TransformSpec> ReadTransform(const nlohmann::json& node, const std::string& pointer) {
    std::string name;
    const nlohmann::json* args = nullptr;
    if (node.is_string()) {
      name = node.get<std::string>();
    } else if (node.is_object() && node.size() == 1) {
      name = node.begin().key();
      args = &node.begin().value();
    } else if (node.is_object()) {
      doc_.AddError(pointer, "A transform object has exactly one key, the transform's name (found " +
                                 std::to_string(node.size()) + " keys; write each transform as its own array item).");
      return std::nullopt;
    } else {
      doc_.AddError(pointer, "Wrong type: found " + DescribeJsonType(node) +
                                 " (expected a transform name such as \"trim\" or an object such as {\"default\": \"X\"}).");
      return std::nullopt;
    }
    std::string name_pointer = args ? pointer + "/" + EscapePointerToken(name) : pointer;
    const TransformInfo* info = FindTransform(name);
    if (info == nullptr) {
      std::string list;
      for (const auto& n : TransformNames()) list += (list.empty() ? "" : ", ") + n;
      std::string message = "Unknown transform \"" + name + "\" (expected one of " + list + ").";
      if (auto hint = DidYouMean(name, TransformNames())) message += " Did you mean \"" + *hint + "\"?";
      doc_.AddError(name_pointer, message, /*at_key=*/args != nullptr);
      return std::nullopt;
    }
    TransformSpec t;
    t.kind = info->kind;
    t.position = Pos(pointer);
    if (args == nullptr) {
      if (!info->bare_allowed) {
        doc_.AddError(pointer, "The \"" + name + "\" transform needs arguments (expected " + info->usage + ").");
        return std::nullopt;
      }
      return t;
    }
    if (t.kind == TransformKind::kDefault) {
      if (!args->is_string()) {
        doc_.AddError(name_pointer, "Wrong type: found " + DescribeJsonType(*args) + " (expected " + info->usage + ").");
        return std::nullopt;
      }
      t.value = args->get<std::string>();
      return t;
    }
    if (!args->is_object()) {
      doc_.AddError(name_pointer, "Wrong type: found " + DescribeJsonType(*args) +
                                      " (expected an object of arguments: " + info->usage + ").");
      return std::nullopt;
    }
    size_t before = doc_.errors().size();
    ObjectReader a(doc_, args, name_pointer);
    ReadArguments(a, t);
    a.Finish();
    if (doc_.errors().size() != before) return std::nullopt;
    return t;
  }

  void ReadArguments(ObjectReader& a, TransformSpec& t) {
    switch (t.kind) {
      case TransformKind::kTrim:
      case TransformKind::kLower:
      case TransformKind::kUpper:
      case TransformKind::kDefault:
        return;  // no arguments; Finish() reports any key
      case TransformKind::kConcat:
        if (auto v = a.String("separator")) t.separator = *v;
        if (auto v = a.Bool("skip_empty")) t.skip_empty = *v;
        return;
      case TransformKind::kSplit:
        if (auto v = a.String("separator", Presence::kRequired)) {
          if (v->empty()) a.AddError("separator", "The separator is empty (expected at least one character).");
          t.separator = *v;
        }
        if (auto v = a.Integer("part", -1000, 1000, Presence::kRequired)) t.part = *v;
        if (auto v = a.Bool("skip_empty")) t.skip_empty = *v;
        return;
      case TransformKind::kMap: {
        ObjectReader values = a.Object("values", Presence::kRequired);
        if (values.present()) {
          for (const std::string& from : values.MemberNames()) {
            if (auto to = values.String(from)) t.values.emplace_back(from, *to);
          }
          if (t.values.empty()) a.AddError("values", "The value table is empty (expected {\"FROM\": \"TO\", ...}).");
        }
        if (auto v = a.String("fallback")) t.fallback = *v;
        if (auto v = a.Bool("ignore_case")) t.ignore_case = *v;
        if (t.ignore_case) {
          // Two keys that differ only in case would make the table ambiguous.
          std::map<std::string, std::string> lowered;
          for (const auto& [from, _] : t.values) {
            auto [it, inserted] = lowered.emplace(ToLowerAscii(from), from);
            if (!inserted) {
              a.AddError("values", "\"" + it->second + "\" and \"" + from +
                                       "\" differ only in case, and ignore_case is on (expected one of them, or "
                                       "\"ignore_case\": false).");
            }
          }
        }
        return;
      }
      case TransformKind::kDateTime:
        if (auto v = a.String("from")) {
          t.from = *v;
          CheckFormat(a, "from", *v, /*for_output=*/false);
        }
        if (auto v = a.String("to")) {
          t.to = *v;
          CheckFormat(a, "to", *v, /*for_output=*/true);
        }
        if (auto v = a.String("time_zone")) {
          t.time_zone = *v;
          CheckTimeZone(a, "time_zone", *v);
        }
        if (auto v = a.String("to_time_zone")) {
          t.to_time_zone = *v;
          CheckTimeZone(a, "to_time_zone", *v);
        }
        return;
      case TransformKind::kPhone:
        if (auto v = a.String("default_country")) {
          bool ok = v->size() == 2 && std::all_of(v->begin(), v->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
          if (!ok) a.AddError("default_country", "Expected a two-letter ISO 3166 country code in capitals, such as \"NL\" or "
                                                 "\"US\", found \"" + *v + "\".");
          t.default_country = *v;
        }
        if (auto v = a.Enum("format", {"e164", "international", "national"})) t.phone_format = *v;
        if (auto v = a.Enum("invalid", {"reject", "keep", "drop"})) t.invalid = *v;
        return;
      case TransformKind::kTruncate:
        if (auto v = a.Integer("max_chars", 1, 1000000)) t.max_chars = *v;
        return;
    }
  }

  static void CheckFormat(ObjectReader& a, const char* key, const std::string& format, bool for_output) {
    if (format == kFormatIso8601 || format == kFormatDate || format == kFormatEpochMs || format == kFormatEpochSecs) {
      return;
    }
    if (format.find('%') == std::string::npos) {
      std::vector<std::string> named = {std::string(kFormatIso8601), std::string(kFormatDate),
                                        std::string(kFormatEpochMs), std::string(kFormatEpochSecs)};
      std::string message = "Unknown format \"" + format +
                            "\" (expected iso8601, date, epoch_ms, epoch_secs, or a pattern such as \"%d/%m/%Y %H:%M\").";
      if (auto hint = DidYouMean(format, named)) message += " Did you mean \"" + *hint + "\"?";
      a.AddError(key, message);
      return;
    }
    std::string problem;
    if (!CheckDateTimePattern(format, &problem)) {
      a.AddError(key, "Invalid " + std::string(for_output ? "output" : "input") + " pattern \"" + format + "\": " + problem);
    }
  }

  static void CheckTimeZone(ObjectReader& a, const char* key, const std::string& zone) {
    try {
      (void)date::locate_zone(zone);
      return;
    } catch (const std::exception&) {
      // Reported below with a suggestion.
    }
    std::string message = "Unknown time zone \"" + zone + "\" (expected an IANA name such as \"UTC\" or \"Europe/Amsterdam\").";
    try {
      std::vector<std::string> names;
      for (const auto& z : date::get_tzdb().zones) names.emplace_back(z.name());
      if (auto hint = DidYouMean(zone, names)) message += " Did you mean \"" + *hint + "\"?";
    } catch (const std::exception& e) {
      message += std::string(" The time zone database could not be read: ") + e.what() + ".";
    }
    a.AddError(key, message);
  }

  ConfigDocument& doc_;
  const JsonPositions& positions_;
  const std::map<std::string, ConnectionConfig>& connections_;
};

}  // namespace

std::string_view TransformName(TransformKind kind) {
  for (const auto& t : kTransforms) {
    if (t.kind == kind) return t.name;
  }
  return "unknown";
}

const std::vector<std::string>& TransformNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> out;
    for (const auto& t : kTransforms) out.emplace_back(t.name);
    return out;
  }();
  return kNames;
}

bool CheckDateTimePattern(std::string_view pattern, std::string* problem) {
  // The conversions date::parse and date::format both understand, minus %Z (an abbreviation such as "CET"
  // names no zone unambiguously) and the locale-dependent ones (%c, %x, %X).
  static constexpr std::string_view kAllowed = "YmdHMSyIpbBhaAjeTFRz%";
  bool has_conversion = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    if (i + 1 >= pattern.size()) {
      *problem = "it ends with a lone '%' (write %% for a percent sign).";
      return false;
    }
    char c = pattern[++i];
    if ((c == 'E' || c == 'O') && i + 1 < pattern.size() && pattern[i + 1] == 'z') c = pattern[++i];
    if (kAllowed.find(c) == std::string_view::npos) {
      *problem = std::string("unknown or unsupported conversion %") + c +
                 " (expected %Y %m %d %H %M %S %y %I %p %b %B %a %A %j %e %T %F %R %z %Ez or %%).";
      return false;
    }
    if (c != '%') has_conversion = true;
  }
  if (!has_conversion) {
    *problem = "it has no conversion such as %Y.";
    return false;
  }
  return true;
}

std::map<std::string, MappingSpec> ReadMappings(ObjectReader mappings, std::string_view text,
                                                const std::map<std::string, ConnectionConfig>& connections) {
  std::map<std::string, MappingSpec> out;
  if (!mappings.present()) return out;
  JsonPositions positions = JsonPositions::Build(text);
  MappingReader reader(mappings.document(), positions, connections);
  for (const std::string& name : mappings.MemberNames()) {
    if (!ValidName(name)) {
      mappings.AddError(name, "A mapping name must be 1 to 64 characters of a-z, 0-9, '-' or '_' (it appears in URLs "
                              "and commands).", /*at_key=*/true);
    }
    out[name] = reader.Read(mappings.Object(name, Presence::kRequired), name);
  }
  return out;
}

}  // namespace salesync::config
