#include "connectors/marketo/marketo_test_driver.h"

namespace salesync::connectors::marketo {

ClockApi MakeClockApiClient(testing::ConnectedSandbox& sb) {
  ClockApi out;
  out.waits = std::make_shared<std::vector<std::chrono::milliseconds>>();
  auto waits = out.waits;
  out.api = std::make_unique<oauth::ApiClient>(
      &sb.connections(), &sb.metrics(), oauth::RetryPolicy{6, std::chrono::milliseconds(500), std::chrono::milliseconds(60000)},
      [&sb, waits](std::chrono::milliseconds d) {
        waits->push_back(d);
        sb.AdvanceClock((d.count() + 999) / 1000);
        return true;
      });
  return out;
}

Result<DriveResult> Drive(testing::ConnectedSandbox& sb, oauth::ApiClient& api, Stream& stream, nlohmann::json checkpoint,
                          const DriveOptions& options) {
  DriveResult out;
  out.checkpoint = std::move(checkpoint);
  while (out.calls < options.max_calls) {
    if (options.stop_after_steps && out.steps >= *options.stop_after_steps) return out;
    auto call = stream.NextCall();
    if (!call.ok()) return call.error();
    if (!call->has_value()) {
      out.finished = true;
      return out;
    }
    ++out.calls;
    auto response = api.Call(options.connection, (*call)->request, (*call)->idempotent);
    Result<StreamStep> step = response.ok() ? stream.Consume(*response) : Result<StreamStep>(response.error());
    if (!response.ok()) {
      std::optional<StreamStep> instead = options.on_error ? options.on_error(response.error()) : std::nullopt;
      if (!instead) return response.error();
      step = std::move(*instead);
    }
    if (!step.ok()) return step.error();
    for (auto& r : step->records) out.records.push_back(std::move(r));
    if (!step->checkpoint.is_null()) {
      out.checkpoint = step->checkpoint;
      out.checkpoints.push_back(step->checkpoint);
    }
    ++out.steps;
    if (step->wait_before_next.count() > 0) {
      out.waited += step->wait_before_next;
      out.longest_wait = std::max(out.longest_wait, step->wait_before_next);
      sb.AdvanceClock((step->wait_before_next.count() + 999) / 1000);
    }
    if (options.after_step) options.after_step(out.steps);
  }
  return MakeError(ErrorCode::kInternal, "The stream did not finish within " + std::to_string(options.max_calls) + " calls.");
}

}  // namespace salesync::connectors::marketo
