#include "sandbox/provider_registry.h"

#include "sandbox/marketo/marketo_provider.h"

namespace salesync::sandbox {

const std::vector<ProviderFactory>& AllProviderFactories() {
  static const std::vector<ProviderFactory> all = {
      {"marketo", "Marketo Engage REST, identity and bulk extract", marketo::MakeMarketoProvider},
  };
  return all;
}

}  // namespace salesync::sandbox
