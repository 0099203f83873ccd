#include "connectors/salesforce/drain_stream.h"

namespace salesync::connectors::salesforce {

Result<DrainResult> DrainStream(oauth::ApiClient& api, const std::string& connection, Stream& stream,
                                const DrainOptions& options, const nlohmann::json& start_checkpoint) {
  DrainResult out;
  out.checkpoint = start_checkpoint;
  while (options.max_pages < 0 || out.pages < options.max_pages) {
    auto call = stream.NextCall();
    if (!call.ok()) return call.error();
    if (!call->has_value()) break;
    auto response = api.Call(connection, (*call)->request, (*call)->idempotent);
    if (!response.ok()) return response.error();
    auto step = stream.Consume(*response);
    if (!step.ok()) return step.error();
    for (auto& r : step->records) out.records.push_back(std::move(r));
    out.checkpoints.push_back(step->checkpoint);
    if (!step->checkpoint.is_null()) out.checkpoint = step->checkpoint;
    if (step->total) out.total = step->total;
    ++out.pages;
    if (options.after_page) options.after_page(out.pages);
  }
  return out;
}

}  // namespace salesync::connectors::salesforce
