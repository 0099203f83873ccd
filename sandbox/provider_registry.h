// The providers salesync-sandbox can run, one line each in provider_registry.cc. A provider named N is
// started by the flag --N HOST:PORT.
// Thread-safety: immutable table.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/provider.h"

namespace salesync::sandbox {

struct ProviderFactory {
  std::string name;     // "marketo": the flag is --marketo HOST:PORT
  std::string summary;  // for --help
  std::function<std::unique_ptr<Provider>(std::shared_ptr<SandboxEnvironment>)> make;
};

const std::vector<ProviderFactory>& AllProviderFactories();

}  // namespace salesync::sandbox
