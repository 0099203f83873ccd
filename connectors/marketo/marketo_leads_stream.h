// MarketoLeadsStream: the "leads" stream. A first run loads every lead through bulk extract
// (BulkLeadLoad, checkpoint {"phase":"bulk","window_end":…} after each window), then switches to the
// incremental reader (LeadChangeReader: paging token + lead changes + leads by id + deleted leads).
//
//   checkpoint null, no settings.since  probe: GET /rest/v1/leads.json?filterType=id&filterValues=1..300
//                                        &fields=id,createdAt; the earliest createdAt (day start, minus a
//                                        day) is where the windows start; none: 2006-01-01
//   phase "bulk"                         windows from window_end to the engine's now at open
//   phase "incremental"                  lead changes from the tokens (or the high-water datetime)
// The engine's clock is read once (StreamContext.now_ms); the stream adds the waits it asked for, so the
// quota wait and window ends follow the clock without reading it.
// Thread-safety: one engine thread.
#pragma once

#include <memory>
#include <optional>

#include "connectors/marketo/marketo_bulk_load.h"
#include "connectors/marketo/marketo_lead_changes.h"
#include "connectors/marketo/marketo_settings.h"
#include "connectors/stream.h"

namespace salesync::connectors::marketo {

class MarketoLeadsStream : public Stream {
 public:
  // kConfig for bad settings, kInvalidArgument for a checkpoint this stream did not write.
  static Result<std::unique_ptr<MarketoLeadsStream>> Open(const StreamContext& context);

  std::string name() const override { return "leads"; }
  Result<std::optional<StreamCall>> NextCall() override;
  Result<StreamStep> Consume(const oauth::ApiResponse& response) override;

  // An error the ApiClient returned for the last NextCall(): a waiting step when the stream can wait it
  // out (bulk 1029: quota spent, queue full, job already queued), nullopt when the engine should fail the
  // run (connectors::Stream::AfterRefusal).
  std::optional<StreamStep> AfterRefusal(const Error& error) override;

 private:
  enum class Phase { kProbe, kBulk, kIncremental, kSample, kSampled };
  MarketoLeadsStream(LeadStreamSettings settings, int64_t now_ms) : settings_(std::move(settings)), now_ms_(now_ms), open_ms_(now_ms) {}
  void StartIncremental(int64_t high_water_ms);
  void Advance(const StreamStep& step) { now_ms_ += step.wait_before_next.count(); }

  LeadStreamSettings settings_;
  int64_t now_ms_;
  int64_t open_ms_;
  Phase phase_ = Phase::kProbe;
  size_t sample_limit_ = 0;
  std::unique_ptr<BulkLeadLoad> bulk_;
  std::unique_ptr<LeadChangeReader> changes_;
};

}  // namespace salesync::connectors::marketo
