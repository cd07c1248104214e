// Endpoints the gateway answers itself on the site's own origin, under /__tact/.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "http_fields/request_head.hpp"
#include "pipeline/visit.hpp"

namespace tact::admin {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

bool is_gateway_endpoint(std::string_view target);

// Keep-alive and Content-Length are for the caller to set. `visit` is what
// the pipeline made of this very request.
Response answer_gateway_endpoint(const http_fields::RequestHead& request,
                                 const pipeline::Visit& visit);

// /__tact/visit: what the gateway read of the requester's own visit.
std::string visit_report(const pipeline::Visit& visit);

}  // namespace tact::admin
