#pragma once
// An origin's response head as the gateway relays it: status line and
// fields in arrival order (field_list.hpp), read by proxy/origin_response_parser.

#include <boost/beast/http/status.hpp>
#include <string>

#include "http_fields/field_list.hpp"

namespace tact::http_fields {

struct ResponseHead {
    unsigned version = 11;  // 10 or 11
    unsigned status = 0;    // 100-999
    std::string reason;     // as the origin wrote it, maybe empty
    FieldList fields;

    boost::beast::http::status result() const { return boost::beast::http::int_to_status(status); }
};

}  // namespace tact::http_fields
