#include "pipeline/pipeline.hpp"

namespace tact::pipeline {
namespace {

// Each step is a seam that a later room fills in; until then it decides
// nothing, so no signal about the visitor is used or forwarded.
Location locate(const boost::asio::ip::address& /*client*/) {
    return {};
}

Decision decide(const Location& /*where*/,
                const boost::beast::http::request_header<>& /*request*/) {
    return {};
}

}  // namespace

Visit prepare_visit(const boost::asio::ip::address& client,
                    const boost::beast::http::request_header<>& request) {
    Visit visit;
    visit.location = locate(client);
    visit.decision = decide(visit.location, request);
    return visit;
}

}  // namespace tact::pipeline
