// The decision steps of the request path, in their order (ARCHITECTURE.md):
// locate -> jurisdiction -> consent -> signals -> gate -> choose. The proxy
// calls prepare_visit() once per request, before forwarding; only step 1 sees
// the client address, and nothing it returns carries it.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>

#include "pipeline/visit.hpp"

namespace tact::pipeline {

Visit prepare_visit(const boost::asio::ip::address& client,
                    const boost::beast::http::request_header<>& request);

}  // namespace tact::pipeline
