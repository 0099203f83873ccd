#include "config/syncs_config.h"

namespace salesync::config {

namespace {

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) return false;
  }
  return true;
}

void CheckConnection(ObjectReader& r, const char* key, const std::string& name,
                     const std::map<std::string, ConnectionConfig>& connections) {
  if (name.empty() || connections.count(name)) return;
  std::string known;
  for (const auto& [n, c] : connections) known += (known.empty() ? "" : ", ") + n;
  r.AddError(key, "No connection named \"" + name + "\" is configured" +
                      (known.empty() ? std::string(" (the connections section is empty).") : " (known: " + known + ")."));
}

std::optional<WritebackConfig> ReadWriteback(ObjectReader w, const std::map<std::string, ConnectionConfig>& connections) {
  if (!w.present()) return std::nullopt;
  WritebackConfig out;
  out.connection = w.String("connection", Presence::kRequired).value_or("");
  out.object = w.String("object", Presence::kRequired).value_or("");
  if (auto f = w.StringList("from")) out.from = *f;
  if (const auto* s = w.Raw("settings")) {
    if (s->is_object()) out.settings = *s;
    else w.AddError("settings", "Expected an object of settings for the target, found " + DescribeJsonType(*s) + ".");
  }
  if (auto v = w.Integer("batch_size", 1, 10000)) out.batch_size = *v;
  CheckConnection(w, "connection", out.connection, connections);
  for (const auto& f : out.from) CheckConnection(w, "from", f, connections);
  w.Finish();
  return out;
}

SyncConfig ReadOne(ObjectReader r, const std::string& name, const std::map<std::string, ConnectionConfig>& connections) {
  SyncConfig s;
  s.name = name;
  s.connection = r.String("connection").value_or("");
  if (auto v = r.StringList("streams")) s.streams = *v;
  if (const auto* st = r.Raw("stream_settings")) {
    if (st->is_object()) s.stream_settings = *st;
    else r.AddError("stream_settings", "Expected an object (stream name → settings), found " + DescribeJsonType(*st) + ".");
  }
  if (auto v = r.Integer("interval_secs", 10, 7 * 86400)) s.interval_secs = *v;
  s.run_as = r.String("run_as").value_or("");
  s.mapping = r.String("mapping").value_or("");
  s.writeback = ReadWriteback(r.Object("writeback"), connections);
  CheckConnection(r, "connection", s.connection, connections);
  if (s.connection.empty() && !s.writeback) {
    r.AddError("", "A sync needs \"connection\" (to read streams) or \"writeback\" (to write activities), or both.");
  }
  if (!s.connection.empty() && s.streams.empty()) {
    r.AddError("", "Missing key \"streams\". Name the streams to read, e.g. [\"leads\", \"activities\"] for Marketo or "
                          "[\"Lead\", \"Contact\", \"Account\"] for Salesforce.");
  }
  r.Finish();
  return s;
}

}  // namespace

std::map<std::string, SyncConfig> ReadSyncs(ObjectReader syncs, const std::map<std::string, ConnectionConfig>& connections) {
  std::map<std::string, SyncConfig> out;
  if (!syncs.present()) return out;
  for (const std::string& name : syncs.MemberNames()) {
    if (!ValidName(name)) {
      syncs.AddError(name, "A sync name must be 1 to 64 characters of a-z, 0-9, '-' or '_' (it appears in URLs and "
                           "commands).", /*at_key=*/true);
    }
    out[name] = ReadOne(syncs.Object(name, Presence::kRequired), name, connections);
  }
  return out;
}

}  // namespace salesync::config
