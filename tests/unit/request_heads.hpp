// A client's request head for a test, parsed from its text by the gateway's
// own parser: the head is one a client could send, with the parser's
// trimming and field names, not one put together field by field.
#pragma once

#include <boost/asio/buffer.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http_fields/request_head.hpp"
#include "proxy/client_request_parser.hpp"

namespace tact::test {

// `fields`: "Name: value\r\n" lines (or none).
inline http_fields::RequestHead parsed_request(std::string_view fields,
                                               std::string_view request_line = "GET / HTTP/1.1") {
    std::string text(request_line);
    text += "\r\n";
    text += fields;
    text += "\r\n";
    proxy::ClientRequestParser parser;
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(text), ec);
    if (ec || !parser.is_header_done())
        throw std::invalid_argument("not a request head: " + text + " (" + ec.message() + ")");
    return parser.get();
}

}  // namespace tact::test
