#include "sync/mapping_preview.h"

#include "connectors/registry.h"

namespace salesync::sync {

namespace {

// The stream that reads `object` ("lead" is Marketo's "leads"; Salesforce streams are named by object).
std::string StreamFor(const connectors::Connector& c, const std::string& object) {
  for (const auto& s : c.StreamNames()) {
    if (s == object || s == object + "s") return s;
  }
  return "";
}

}  // namespace

LiveMappingPreview::LiveMappingPreview(oauth::ApiClient* api, store::SyncStore* store,
                                       std::map<std::string, config::ConnectionConfig> connections,
                                       std::function<int64_t()> now_ms, std::chrono::seconds describe_ttl)
    : api_(api), store_(store), connections_(std::move(connections)), now_ms_(std::move(now_ms)), ttl_(describe_ttl) {}

Result<connectors::ObjectMetadata> LiveMappingPreview::Describe(const std::string& connection, const std::string& object,
                                                               bool refresh) {
  auto key = std::make_pair(connection, object);
  if (!refresh) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now_ms_() - it->second.first < ttl_.count() * 1000) return it->second.second;
  }
  auto conn = connections_.find(connection);
  if (conn == connections_.end()) return MakeError(ErrorCode::kNotFound, "No connection named \"" + connection + "\".");
  const connectors::Connector* c = connectors::ConnectorFor(conn->second.type);
  if (!c) return MakeError(ErrorCode::kConfig, "No connector for connections of type " + conn->second.type + " yet.");
  auto call = c->DescribeCall(object);
  if (!call.ok()) return call.error();
  auto answer = api_->Call(connection, call->request, call->idempotent);
  if (!answer.ok()) return answer.error();
  auto meta = c->ParseDescribe(connection, object, *answer);
  if (!meta.ok()) return meta.error();
  std::lock_guard<std::mutex> lock(mu_);
  cache_[key] = {now_ms_(), *meta};
  return *meta;
}

Result<std::vector<connectors::Record>> LiveMappingPreview::Sample(const std::string& connection, const std::string& object,
                                                                   size_t limit) {
  std::vector<connectors::Record> out;
  auto conn = connections_.find(connection);
  if (conn == connections_.end()) return MakeError(ErrorCode::kNotFound, "No connection named \"" + connection + "\".");
  const connectors::Connector* c = connectors::ConnectorFor(conn->second.type);
  if (!c) return out;
  std::string stream_name = StreamFor(*c, object);
  if (stream_name.empty()) return out;  // a preview without samples still checks every field
  connectors::StreamContext ctx;
  ctx.connection = connection;
  ctx.now_ms = now_ms_();
  ctx.sample_limit = limit;
  auto stream = c->OpenStream(stream_name, ctx);
  if (!stream.ok()) return stream.error();
  // The stream in sample mode asks for one or two ordinary calls (never a bulk export); the cap is a guard.
  for (int calls = 0; calls < 3 && out.size() < limit; ++calls) {
    auto call = (*stream)->NextCall();
    if (!call.ok()) return call.error();
    if (!call->has_value()) break;
    auto answer = api_->Call(connection, (*call)->request, (*call)->idempotent);
    if (!answer.ok()) return answer.error();
    auto step = (*stream)->Consume(*answer);
    if (!step.ok()) return step.error();
    for (auto& r : step->records) {
      if (r.object == "activity" || r.deleted) continue;
      out.push_back(std::move(r));
      if (out.size() >= limit) break;
    }
  }
  if (out.empty() && store_) {
    auto stored = store_->LatestRecords(connection, object, limit);
    if (!stored.ok()) return stored.error();
    for (auto& r : *stored) {
      connectors::Record rec;
      rec.object = r.object;
      rec.id = r.remote_id;
      rec.modified_ms = r.modified_ms;
      rec.fields = std::move(r.fields);
      out.push_back(std::move(rec));
    }
  }
  return out;
}

Result<mapping::Preview> LiveMappingPreview::Build(const config::MappingSpec& spec, size_t limit, bool refresh) {
  auto source = Describe(spec.source.connection, spec.source.object, refresh);
  if (!source.ok()) return source.error();
  auto target = Describe(spec.target.connection, spec.target.object, refresh);
  if (!target.ok()) return target.error();
  auto records = Sample(spec.source.connection, spec.source.object, limit);
  if (!records.ok()) return records.error();
  return mapping::BuildPreview(spec, *source, *target, *records, limit);
}

}  // namespace salesync::sync
