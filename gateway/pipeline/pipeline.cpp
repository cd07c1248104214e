#include "pipeline/pipeline.hpp"

#include "signals/url_parts.hpp"

namespace tact::pipeline {
namespace {

// Step 1. The address goes no further than this: only the coarse Location does.
Location locate(const boost::asio::ip::address& client, const geoip::GeoIpDatabase* geoip) {
    return geoip ? geoip->lookup(client) : Location{};
}

// Steps 2-3 and 5-6 (jurisdiction, consent, gate, choose) are seams that the
// policy, consent and personalization rooms fill in; until then they decide
// nothing, so no signal about the visitor is used or forwarded.
Decision decide(const Location& /*where*/,
                const boost::beast::http::request_header<>& /*request*/) {
    return {};
}

namespace http = boost::beast::http;

// Step 4: what the request and the location say, each signal classed; the
// gate (step 5) decides later which of them may be used.
signals::Signals read_signals(const http::request_header<>& request, const Location& where,
                              const signals::SignalSettings& settings,
                              std::chrono::system_clock::time_point now) {
    return signals::extract_signals({.target = request.target(),
                                     .host = request[http::field::host],
                                     .referer = request[http::field::referer],
                                     .user_agent = request[http::field::user_agent],
                                     .ch_ua_mobile = request["Sec-CH-UA-Mobile"],
                                     .accept_language = request[http::field::accept_language]},
                                    where, now, settings);
}

// The gateway's own query parameters (click context, the demo's switch) are
// not the origin's business: it gets the URL without them.
std::optional<std::string> target_for_origin(std::string_view target,
                                             std::string_view click_parameter,
                                             std::string_view demo_parameter) {
    std::optional<std::string> stripped;
    for (const auto parameter : {click_parameter, demo_parameter}) {
        const std::string_view current = stripped ? std::string_view(*stripped) : target;
        if (parameter.empty() || signals::query_parameter(current, parameter).empty()) continue;
        stripped = signals::without_query_parameter(current, parameter);
    }
    return stripped;
}

}  // namespace

Visit prepare_visit(const VisitInputs& in) {
    Visit visit;
    visit.location = locate(in.client, in.geoip);
    visit.signals = read_signals(in.request, visit.location, in.settings, in.now);
    visit.origin_target =
        target_for_origin(in.request.target(), in.settings.click_parameter, in.demo_parameter);
    visit.decision = decide(visit.location, in.request);
    return visit;
}

}  // namespace tact::pipeline
