#include "pipeline/pipeline.hpp"

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

}  // namespace

Visit prepare_visit(const boost::asio::ip::address& client,
                    const boost::beast::http::request_header<>& request,
                    const geoip::GeoIpDatabase* geoip) {
    Visit visit;
    visit.location = locate(client, geoip);
    visit.decision = decide(visit.location, request);
    return visit;
}

}  // namespace tact::pipeline
