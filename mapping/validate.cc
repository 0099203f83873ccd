#include "mapping/validate.h"

#include <map>
#include <set>

#include "base/strings.h"
#include "mapping/target_value.h"
#include "mapping/text.h"

namespace salesync::mapping {

namespace {

using config::TransformKind;
using connectors::FieldMetadata;
using connectors::FieldType;

// What a row produces, as far as its source type and transforms tell.
enum class Produced { kUnknown, kText, kBoolean, kInteger, kDouble, kDate, kDateTime, kConstants };

Produced FromFieldType(FieldType t) {
  switch (t) {
    case FieldType::kBoolean: return Produced::kBoolean;
    case FieldType::kInteger: return Produced::kInteger;
    case FieldType::kDouble: return Produced::kDouble;
    case FieldType::kDate: return Produced::kDate;
    case FieldType::kDateTime: return Produced::kDateTime;
    default: return Produced::kText;
  }
}

const char* ProducedName(Produced p) {
  switch (p) {
    case Produced::kBoolean: return "a boolean";
    case Produced::kInteger: return "an integer";
    case Produced::kDouble: return "a number";
    case Produced::kDate: return "a date";
    case Produced::kDateTime: return "a date-time";
    default: return "text";
  }
}

std::string Quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
  return out;
}

class Validator {
 public:
  Validator(const config::MappingSpec& spec, const connectors::ObjectMetadata& source,
            const connectors::ObjectMetadata& target)
      : spec_(spec), source_(source), target_(target) {}

  std::vector<Finding> Run() {
    std::map<std::string, size_t> written;  // lowercased target name → first row
    for (size_t i = 0; i < spec_.fields.size(); ++i) CheckRow(i, written);
    for (size_t i = 0; i < spec_.identity.size(); ++i) {
      const std::string& id = spec_.identity[i];
      config::SpecPosition pos = i < spec_.identity_positions.size() ? spec_.identity_positions[i] : spec_.position;
      const FieldMetadata* f = target_.Find(id);
      if (f == nullptr) {
        Add(Severity::kError, "unknown_identity_field", Unknown("identity", id, target_), std::nullopt, pos);
      } else if (!written.count(ToLowerAscii(f->name))) {
        Add(Severity::kError, "identity_not_mapped",
            "Identity field " + Name(target_, *f) + " is not written by any row (expected a row with \"target\": \"" +
                f->name + "\").",
            std::nullopt, pos);
      }
    }
    for (const auto& f : target_.fields) {
      if (f.RequiredOnCreate() && !written.count(ToLowerAscii(f.name))) {
        Add(Severity::kError, "required_unmapped",
            Name(target_, f) + " is required to create a record, and no row writes it (add a row with \"target\": \"" +
                f.name + "\", or a constant with \"default\").",
            std::nullopt, spec_.position);
      }
    }
    return std::move(findings_);
  }

 private:
  static std::string Name(const connectors::ObjectMetadata& o, const FieldMetadata& f) { return o.object + "." + f.name; }

  static std::string Unknown(const char* what, const std::string& name, const connectors::ObjectMetadata& o) {
    std::string message = "Unknown " + std::string(what) + " field \"" + name + "\": " + o.connection + " " + o.object +
                          " has no such field.";
    auto hints = o.Suggest(name);
    if (!hints.empty()) message += " Did you mean " + Quoted(hints) + "?";
    return message;
  }

  void Add(Severity s, std::string rule, std::string message, std::optional<size_t> row, config::SpecPosition pos) {
    findings_.push_back({s, std::move(rule), std::move(message), row, std::move(pos)});
  }

  void CheckRow(size_t i, std::map<std::string, size_t>& written) {
    const config::FieldMappingSpec& row = spec_.fields[i];
    Produced produced = Produced::kUnknown;
    const FieldMetadata* single_source = nullptr;
    bool sources_known = true;
    for (size_t k = 0; k < row.source.size(); ++k) {
      const FieldMetadata* f = source_.Find(row.source[k]);
      config::SpecPosition pos = k < row.source_positions.size() ? row.source_positions[k] : row.position;
      if (f == nullptr) {
        sources_known = false;
        Add(Severity::kError, "unknown_source_field", Unknown("source", row.source[k], source_), i, pos);
      } else if (row.source.size() == 1) {
        single_source = f;
      }
    }
    if (sources_known && !row.source.empty()) produced = single_source ? FromFieldType(single_source->type) : Produced::kText;

    const FieldMetadata* tf = target_.Find(row.target);
    if (tf == nullptr) {
      Add(Severity::kError, "unknown_target_field", Unknown("target", row.target, target_), i, row.target_position);
      return;
    }
    std::string target_name = Name(target_, *tf);
    auto [it, inserted] = written.emplace(ToLowerAscii(tf->name), i);
    if (!inserted) {
      Add(Severity::kError, "duplicate_target",
          "Rows " + std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + " both write " + target_name +
              " (expected one row per target field; join several sources with concat).",
          i, row.target_position);
    }
    if (!tf->createable && !tf->updateable) {
      Add(Severity::kError, "not_writable", target_name + " is read-only (neither createable nor updateable).", i,
          row.target_position);
    } else if (!tf->updateable) {
      Add(Severity::kWarning, "not_writable",
          target_name + " can be set only when a record is created; updates leave it as it is.", i, row.target_position);
    } else if (!tf->createable) {
      Add(Severity::kWarning, "not_writable",
          target_name + " can only be updated; records created by this mapping will not have it.", i,
          row.target_position);
    }
    if (tf->type == FieldType::kOther) {
      Add(Severity::kError, "type_mismatch",
          target_name + " is a compound " + tf->provider_type + " field and cannot be written; map its components.", i,
          row.target_position);
      return;
    }
    TargetField check(*tf);

    // Walk the transforms: what they produce, what constants they may write.
    std::vector<std::pair<std::string, config::SpecPosition>> constants;
    if (row.default_value) constants.emplace_back(*row.default_value, row.default_position);
    bool truncated = false;
    for (const auto& t : row.transforms) {
      switch (t.kind) {
        case TransformKind::kDefault:
          constants.emplace_back(t.value, t.position);
          break;
        case TransformKind::kConcat:
        case TransformKind::kSplit:
        case TransformKind::kPhone:
          if (produced != Produced::kUnknown) produced = Produced::kText;
          break;
        case TransformKind::kLower:
        case TransformKind::kUpper:
          if (produced == Produced::kConstants) produced = Produced::kText;
          break;
        case TransformKind::kMap:
          produced = Produced::kConstants;
          for (const auto& [from, to] : t.values) constants.emplace_back(to, t.position);
          if (t.fallback) constants.emplace_back(*t.fallback, t.position);
          break;
        case TransformKind::kDateTime:
          if (t.to == config::kFormatIso8601) produced = Produced::kDateTime;
          else if (t.to == config::kFormatDate) produced = Produced::kDate;
          else if (t.to == config::kFormatEpochMs || t.to == config::kFormatEpochSecs) produced = Produced::kInteger;
          else produced = Produced::kText;
          break;
        case TransformKind::kTruncate:
          truncated = true;
          if (t.max_chars == 0 && tf->length <= 0) {
            Add(Severity::kError, "truncate_no_length",
                "truncate has no max_chars and " + target_name + " has no length to use (expected {\"truncate\": "
                "{\"max_chars\": N}}).", i, t.position);
          }
          break;
        case TransformKind::kTrim:
          break;
      }
    }
    for (const auto& [value, pos] : constants) CheckConstant(i, check, target_name, value, pos, truncated);

    if (produced != Produced::kUnknown && produced != Produced::kConstants) {
      CheckType(i, *tf, target_name, produced, row);
    }
    // Length: a source that can hold more than the target, with nothing cutting it.
    if (single_source && !truncated && produced != Produced::kConstants && single_source->length > 0 &&
        tf->length > 0 && single_source->length > tf->length && check.kind() != TargetField::Kind::kDate &&
        check.kind() != TargetField::Kind::kDateTime) {
      Add(Severity::kWarning, "too_long",
          Name(source_, *single_source) + " holds up to " + std::to_string(single_source->length) + " characters and " +
              target_name + " " + std::to_string(tf->length) +
              ": longer values will be rejected (add a truncate transform to cut them instead).",
          i, row.target_position);
    }
    // Free text into a restricted picklist.
    if (tf->restricted_picklist && produced != Produced::kConstants && produced != Produced::kUnknown) {
      std::set<std::string> allowed(tf->picklist_values.begin(), tf->picklist_values.end());
      if (single_source && !single_source->picklist_values.empty()) {
        std::vector<std::string> outside;
        for (const auto& v : single_source->picklist_values) {
          if (!allowed.count(v)) outside.push_back(v);
        }
        if (!outside.empty()) {
          Add(Severity::kWarning, "not_in_picklist",
              "Values of " + Name(source_, *single_source) + " that " + target_name + " does not accept: " +
                  Quoted(outside) + "; records with them will be rejected (add a map transform).",
              i, row.target_position);
        }
      } else {
        Add(Severity::kWarning, "not_in_picklist",
            target_name + " is a restricted picklist and this row writes free text: values outside it will be "
                          "rejected (add a map transform with a fallback).",
            i, row.target_position);
      }
    }
  }

  void CheckConstant(size_t i, const TargetField& check, const std::string& target_name, const std::string& value,
                     const config::SpecPosition& pos, bool truncated) {
    if (value.empty()) return;
    std::string v = value;
    if (truncated && check.max_chars() > 0) TruncateChars(v, check.max_chars());
    Rejection r = check.Check(v);
    if (r == Rejection::kNone) return;
    std::string rule = r == Rejection::kNotInPicklist ? "not_in_picklist" : r == Rejection::kTooLong ? "too_long" : "type_mismatch";
    Add(Severity::kError, rule, "The value \"" + SanitiseUtf8(value) + "\" cannot be written to " + target_name + ": " +
                                    check.Explain(r, CountChars(value)) + ".",
        i, pos);
  }

  void CheckType(size_t i, const FieldMetadata& tf, const std::string& target_name, Produced produced,
                 const config::FieldMappingSpec& row) {
    auto mismatch = [&](const std::string& hint) {
      Add(Severity::kError, "type_mismatch",
          "This row writes " + std::string(ProducedName(produced)) + " into " + target_name + ", which is " +
              std::string(connectors::FieldTypeName(tf.type)) + (hint.empty() ? "." : ": " + hint + "."),
          i, row.target_position);
    };
    switch (tf.type) {
      case FieldType::kBoolean:
        if (produced != Produced::kBoolean) mismatch("map the values to \"true\"/\"false\" with a map transform");
        return;
      case FieldType::kInteger:
        if (produced == Produced::kDouble) {
          Add(Severity::kWarning, "type_mismatch",
              "This row writes a number into " + target_name + ", which takes whole numbers: values with a fraction "
                                                               "will be rejected.",
              i, row.target_position);
        } else if (produced != Produced::kInteger) {
          mismatch("");
        }
        return;
      case FieldType::kDouble:
        if (produced != Produced::kInteger && produced != Produced::kDouble) mismatch("");
        return;
      case FieldType::kDate:
        if (produced == Produced::kDateTime) mismatch("add {\"datetime\": {\"to\": \"date\"}} to keep the date");
        else if (produced != Produced::kDate) mismatch("add a datetime transform that reads the text (\"from\")");
        return;
      case FieldType::kDateTime:
        if (produced == Produced::kDate) mismatch("add {\"datetime\": {\"from\": \"date\"}} (midnight in its time_zone)");
        else if (produced != Produced::kDateTime) mismatch("add a datetime transform that reads the text (\"from\")");
        return;
      default:
        return;  // text-like targets take any text
    }
  }

  const config::MappingSpec& spec_;
  const connectors::ObjectMetadata& source_;
  const connectors::ObjectMetadata& target_;
  std::vector<Finding> findings_;
};

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kOk: return "ok";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "ok";
}

std::string Finding::ToString() const {
  if (position.line > 0 || !position.file.empty()) return position.Error(message).ToString();
  return message;
}

std::vector<Finding> Validate(const config::MappingSpec& spec, const connectors::ObjectMetadata& source,
                              const connectors::ObjectMetadata& target) {
  return Validator(spec, source, target).Run();
}

Severity WorstSeverity(const std::vector<Finding>& findings) {
  Severity worst = Severity::kOk;
  for (const auto& f : findings) {
    if (f.severity > worst) worst = f.severity;
  }
  return worst;
}

nlohmann::json ToJson(const Finding& f) {
  nlohmann::json j = {{"severity", std::string(SeverityName(f.severity))},
                      {"rule", f.rule},
                      {"message", SanitiseUtf8(f.message)}};
  j["row"] = f.row ? nlohmann::json(*f.row) : nlohmann::json(nullptr);
  if (f.position.line > 0) {
    j["position"] = {{"file", f.position.file}, {"line", f.position.line}, {"column", f.position.column},
                     {"pointer", f.position.pointer}};
  }
  return j;
}

}  // namespace salesync::mapping
