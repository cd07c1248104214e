// The small pages the gateway answers with itself when it cannot relay.
// They say what happened in plain words and never name hosts, ports or
// internal errors.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace tact::proxy {

using GatewayResponse = boost::beast::http::response<boost::beast::http::string_body>;

GatewayResponse error_page(unsigned status, unsigned http_version, bool keep_alive);

}  // namespace tact::proxy
