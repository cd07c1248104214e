#include "admin/gateway_endpoints.hpp"

#include <nlohmann/json.hpp>

#include "consent/endpoint_paths.hpp"
#include "policy/explanation.hpp"

namespace tact::admin {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kPrefix = "/__tact/";

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

Response json_response(http::status status, unsigned version, std::string body) {
    Response res{status, version};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    return res;
}

}  // namespace

bool is_gateway_endpoint(std::string_view target) {
    return path_of(target).starts_with(kPrefix) || path_of(target) == consent::kGpcPath;
}

std::string visit_report(const pipeline::Visit& visit) {
    const auto& where = visit.location;
    nlohmann::json report{
        {"about",
         "What this gateway read of your visit, for this request only. Nothing here is stored, "
         "and none of it is used for personalization unless the site's policy and your consent "
         "allow it."},
        {"location",
         {{"continent", where.continent},
          {"country", where.country},
          {"subdivision", where.subdivision},
          {"city", where.city},
          {"time_zone", where.time_zone},
          {"in_eu_eea", where.in_eu_eea}}},
        {"signals", nlohmann::json::array()}};
    for (const auto& signal : visit.signals) {
        report["signals"].push_back(
            {{"name", signal.name},
             {"value", signal.value},
             {"privacy", signal.privacy == signals::Privacy::personal ? "personal" : "contextual"},
             {"granularity", signal.granularity}});
    }
    // Which policy governed this request, and what it let the gateway use.
    report["decision"] =
        policy::decision_json(visit.decision, visit.consent, policy::ShownValues::all);
    return report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Response answer_gateway_endpoint(const http_fields::RequestHead& request,
                                 const pipeline::Visit& visit) {
    const auto path = path_of(request.target());
    if (path == "/__tact/visit")
        return json_response(http::status::ok, request.version(), visit_report(visit));
    if (path == "/__tact/health") {
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            auto res = json_response(http::status::method_not_allowed, request.version(),
                                     "{\"error\":\"use GET\"}\n");
            res.set(http::field::allow, "GET, HEAD");
            return res;
        }
        return json_response(http::status::ok, request.version(), "{\"status\":\"ok\"}\n");
    }
    return json_response(http::status::not_found, request.version(),
                         "{\"error\":\"no such endpoint\"}\n");
}

}  // namespace tact::admin
