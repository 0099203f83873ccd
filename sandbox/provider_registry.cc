#include "sandbox/provider_registry.h"

#include "sandbox/marketo/marketo_provider.h"
#include "sandbox/salesforce/salesforce_provider.h"

namespace salesync::sandbox {

const std::vector<ProviderFactory>& AllProviderFactories() {
  static const std::vector<ProviderFactory> all = {
      {"marketo", "Marketo Engage REST, identity and bulk extract", marketo::MakeMarketoProvider},
      {"salesforce", "Salesforce OAuth + REST (login and instance URL)", salesforce::MakeSalesforceProvider},
  };
  return all;
}

}  // namespace salesync::sandbox
