// The connectors salesync knows, by connection type. Adding a connector is one line in registry.cc and
// a folder with its CMakeLists.txt.
// Thread-safety: immutable table, built once.
#pragma once

#include <string>
#include <vector>

#include "connectors/connector.h"

namespace salesync::connectors {

// nullptr for a type without a connector.
const Connector* ConnectorFor(const std::string& type);
std::vector<std::string> ConnectorTypes();

}  // namespace salesync::connectors
