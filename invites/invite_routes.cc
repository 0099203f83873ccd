#include "invites/invite_routes.h"

#include <charconv>

#include "admin/json_response.h"
#include "invites/accept_page.h"
#include "invites/invite_json.h"
#include "invites/report_csv.h"

namespace salesync::invites {

namespace {

using admin::ErrorResponse;
using admin::JsonResponse;
using admin::PathParams;

bool Truthy(const std::string& v) { return v == "1" || v == "true" || v == "yes"; }

bool WantsCsv(const net::HttpRequest& request) {
  auto format = request.QueryParam("format");
  return format && *format == "csv";
}

net::HttpResponse CsvResponse(std::string body) {
  return net::HttpResponse::Text(200, std::move(body), "text/csv; charset=utf-8");
}

net::HttpResponse NeedsCsvBody() {
  return admin::JsonError(400, "invalid_argument",
                          "Send the CSV file as the request body (Content-Type: text/csv), header line first.");
}

std::vector<std::string> StringList(const nlohmann::json& body, const char* key, std::string* error) {
  std::vector<std::string> out;
  if (!body.contains(key)) return out;
  if (!body[key].is_array()) {
    *error = std::string("\"") + key + "\" must be a list of strings.";
    return out;
  }
  for (const auto& v : body[key]) {
    if (!v.is_string()) {
      *error = std::string("\"") + key + "\" must be a list of strings.";
      return out;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

net::HttpResponse Ok() { return JsonResponse(200, {{"status", "ok"}}); }

net::HttpResponse StatusResponse(const Status& s) { return s.ok() ? Ok() : ErrorResponse(s.error()); }

}  // namespace

Result<ImportOptions> ImportOptionsFromQuery(const std::string& query) {
  ImportOptions options;
  for (const auto& [key, value] : net::ParseQueryString(query)) {
    if (key == "map") {
      auto o = ParseMappingOverride(value);
      if (!o.ok()) return o.error();
      options.overrides.push_back(*o);
    } else if (key == "team") {
      options.teams.push_back(value);
    } else if (key == "role") {
      options.role = value;
    } else if (key == "resend") {
      options.resend = Truthy(value);
    } else if (key != "format") {
      return MakeError(ErrorCode::kInvalidArgument,
                       "Unknown query parameter \"" + key + "\" (expected map, team, role, resend or format).");
    }
  }
  return options;
}

void AddInviteRoutes(admin::Router& router, InviteService* service, store::OutboxStore* outbox) {
  router.Add("POST", "/api/v1/invites/preview", true, [service](const net::HttpRequest& request, const PathParams&) {
    if (request.body.empty()) return NeedsCsvBody();
    auto options = ImportOptionsFromQuery(request.query);
    if (!options.ok()) return ErrorResponse(options.error());
    StringSource csv(request.body);
    auto report = service->Preview(&csv, *options);
    if (!report.ok()) return ErrorResponse(report.error());
    nlohmann::json j = PreviewToJson(*report);
    if (WantsCsv(request)) return CsvResponse(PreviewProblemsCsv(j));
    return JsonResponse(200, j);
  });

  router.Add("POST", "/api/v1/invites", true, [service](const net::HttpRequest& request, const PathParams&) {
    if (request.body.empty()) return NeedsCsvBody();
    auto options = ImportOptionsFromQuery(request.query);
    if (!options.ok()) return ErrorResponse(options.error());
    StringSource csv(request.body);
    auto report = service->SendCsv(&csv, *options);
    if (!report.ok()) return ErrorResponse(report.error());
    nlohmann::json j = SendReportToJson(*report);
    if (WantsCsv(request)) return CsvResponse(SendReportCsv(j));
    return JsonResponse(200, j);
  });

  router.Add("POST", "/api/v1/invites/emails", true, [service](const net::HttpRequest& request, const PathParams&) {
    nlohmann::json body;
    net::HttpResponse bad;
    if (!admin::ParseJsonBody(request, body, bad)) return bad;
    if (!body.is_object()) return admin::JsonError(400, "invalid_argument", "Expected a JSON object.");
    std::string error;
    ImportOptions options;
    std::vector<std::string> emails = StringList(body, "emails", &error);
    options.teams = StringList(body, "teams", &error);
    if (!error.empty()) return admin::JsonError(400, "invalid_argument", error);
    if (body.contains("role") && body["role"].is_string()) options.role = body["role"].get<std::string>();
    if (body.contains("resend") && body["resend"].is_boolean()) options.resend = body["resend"].get<bool>();
    auto report = service->InviteEmails(emails, options);
    if (!report.ok()) return ErrorResponse(report.error());
    return JsonResponse(200, SendReportToJson(*report));
  });

  router.Add("GET", "/api/v1/invites/outbox", true, [outbox](const net::HttpRequest& request, const PathParams&) {
    int limit = 20;
    if (auto l = request.QueryParam("limit")) {
      auto [ptr, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
      if (ec != std::errc() || ptr != l->data() + l->size() || limit < 1 || limit > 10000) {
        return admin::JsonError(400, "invalid_argument", "limit must be a number from 1 to 10000.");
      }
    }
    auto counts = outbox->Counts();
    if (!counts.ok()) return ErrorResponse(counts.error());
    auto jobs = outbox->List(limit, request.QueryParam("recipient").value_or(""));
    if (!jobs.ok()) return ErrorResponse(jobs.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& job : *jobs) list.push_back(OutboxJobToJson(job));
    return JsonResponse(200, {{"queued", counts->queued}, {"sent", counts->sent}, {"failed", counts->failed},
                              {"jobs", list}});
  });

  router.Add("GET", "/invite/accept", false, [service](const net::HttpRequest& request, const PathParams&) {
    auto result = service->Accept(request.QueryParam("token").value_or(""));
    if (!result.ok()) return AcceptErrorPage();
    return AcceptPage(result->outcome);
  });
}

void AddUserRoutes(admin::Router& router, UserDirectory* directory) {
  router.Add("GET", "/api/v1/users", true, [directory](const net::HttpRequest&, const PathParams&) {
    auto users = directory->List();
    if (!users.ok()) return ErrorResponse(users.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : *users) list.push_back(UserToJson(u));
    return JsonResponse(200, {{"users", list}});
  });
  router.Add("GET", "/api/v1/users/{email}", true, [directory](const net::HttpRequest&, const PathParams& p) {
    auto user = directory->Get(p.at("email"));
    if (!user.ok()) return ErrorResponse(user.error());
    return JsonResponse(200, UserToJson(*user));
  });
  router.Add("POST", "/api/v1/users/{email}/disable", true, [directory](const net::HttpRequest&, const PathParams& p) {
    return StatusResponse(directory->Disable(p.at("email")));
  });
  router.Add("POST", "/api/v1/users/{email}/enable", true, [directory](const net::HttpRequest&, const PathParams& p) {
    return StatusResponse(directory->Enable(p.at("email")));
  });
  router.Add("DELETE", "/api/v1/users/{email}", true, [directory](const net::HttpRequest&, const PathParams& p) {
    return StatusResponse(directory->Delete(p.at("email")));
  });
  router.Add("POST", "/api/v1/users/{email}/owner", true, [directory](const net::HttpRequest&, const PathParams& p) {
    return StatusResponse(directory->TransferOwner(p.at("email")));
  });

  router.Add("GET", "/api/v1/teams", true, [directory](const net::HttpRequest&, const PathParams&) {
    auto teams = directory->ListTeams();
    if (!teams.ok()) return ErrorResponse(teams.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : *teams) list.push_back(TeamToJson(t));
    return JsonResponse(200, {{"teams", list}});
  });
  router.Add("POST", "/api/v1/teams", true, [directory](const net::HttpRequest& request, const PathParams&) {
    nlohmann::json body;
    net::HttpResponse bad;
    if (!admin::ParseJsonBody(request, body, bad)) return bad;
    if (!body.is_object() || !body.contains("name") || !body["name"].is_string()) {
      return admin::JsonError(400, "invalid_argument", "Expected {\"name\": \"TEAM\"}.");
    }
    Status s = directory->CreateTeam(body["name"].get<std::string>());
    if (!s.ok()) return ErrorResponse(s.error());
    return JsonResponse(201, {{"status", "created"}, {"name", body["name"]}});
  });
  router.Add("POST", "/api/v1/teams/{team}/members", true,
             [directory](const net::HttpRequest& request, const PathParams& p) {
               nlohmann::json body;
               net::HttpResponse bad;
               if (!admin::ParseJsonBody(request, body, bad)) return bad;
               std::string error;
               std::vector<std::string> emails = body.is_object() ? StringList(body, "emails", &error)
                                                                  : std::vector<std::string>{};
               if (!error.empty()) return admin::JsonError(400, "invalid_argument", error);
               return StatusResponse(directory->AddMembers(p.at("team"), emails));
             });
  router.Add("DELETE", "/api/v1/teams/{team}/members/{email}", true,
             [directory](const net::HttpRequest&, const PathParams& p) {
               return StatusResponse(directory->RemoveMember(p.at("team"), p.at("email")));
             });
}

}  // namespace salesync::invites
