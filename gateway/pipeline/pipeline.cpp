#include "pipeline/pipeline.hpp"

#include "signals/click_signals.hpp"
#include "signals/keyword_signals.hpp"

namespace tact::pipeline {
namespace {

// Step 1. The address goes no further than this: only the coarse Location does.
Location locate(const boost::asio::ip::address& client, const geoip::GeoIpDatabase* geoip) {
    return geoip ? geoip->lookup(client) : Location{};
}

// Steps 2-6 are seams that the policy, consent and personalization rooms
// fill in; until then they decide nothing, so no signal about the visitor
// is used or forwarded.
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

// The click parameter belongs to the gateway; the origin gets the URL without it.
std::optional<std::string> target_for_origin(std::string_view target,
                                             const signals::SignalSettings& settings) {
    if (settings.click_parameter.empty() ||
        signals::query_parameter(target, settings.click_parameter).empty())
        return std::nullopt;
    return signals::without_query_parameter(target, settings.click_parameter);
}

}  // namespace

Visit prepare_visit(const boost::asio::ip::address& client, const http::request_header<>& request,
                    const geoip::GeoIpDatabase* geoip, const signals::SignalSettings& settings,
                    std::chrono::system_clock::time_point now) {
    Visit visit;
    visit.location = locate(client, geoip);
    visit.signals = read_signals(request, visit.location, settings, now);
    visit.origin_target = target_for_origin(request.target(), settings);
    visit.decision = decide(visit.location, request);
    return visit;
}

}  // namespace tact::pipeline
