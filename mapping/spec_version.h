// The version of a mapping: SHA-256 of its normalised form. Two specs that behave the same have the same
// version whatever their spelling ("trim" or {"trim": {}}, keys in any order, default arguments written
// out or not, a different mapping name); any change in what is read, written or how, changes it. A sync
// refuses to start while the version of its mapping differs from the last one an admin accepted.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "config/mappings_config.h"

namespace salesync::mapping {

// Canonical JSON of what the mapping does: source, target, identity, rows with every transform argument
// of their kind spelled out. Positions and the name are left out.
nlohmann::json NormalisedSpec(const config::MappingSpec& spec);

// Lowercase hex SHA-256 (64 characters) of NormalisedSpec(spec).dump().
std::string SpecVersion(const config::MappingSpec& spec);

}  // namespace salesync::mapping
