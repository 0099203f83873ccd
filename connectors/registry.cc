#include "connectors/registry.h"

#include <map>
#include <memory>

#include "connectors/marketo/marketo_connector.h"
#include "connectors/salesforce/salesforce_connector.h"

namespace salesync::connectors {

namespace {

const std::map<std::string, std::unique_ptr<Connector>>& Table() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, std::unique_ptr<Connector>>();
    (*t)["marketo"] = marketo::MakeMarketoConnector();
    (*t)["salesforce"] = salesforce::MakeSalesforceConnector();
    return t;
  }();
  return *table;
}

}  // namespace

const Connector* ConnectorFor(const std::string& type) {
  auto it = Table().find(type);
  return it == Table().end() ? nullptr : it->second.get();
}

std::vector<std::string> ConnectorTypes() {
  std::vector<std::string> out;
  for (const auto& [type, c] : Table()) out.push_back(type);
  return out;
}

}  // namespace salesync::connectors
