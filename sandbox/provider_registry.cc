#include "sandbox/provider_registry.h"

namespace salesync::sandbox {

const std::vector<ProviderFactory>& AllProviderFactories() {
  static const std::vector<ProviderFactory> all = {
  };
  return all;
}

}  // namespace salesync::sandbox
