#include "proxy/origin_response_parser.hpp"

#include <algorithm>
#include <boost/beast/http/error.hpp>
#include <cstring>

namespace tact::proxy {

void OriginResponseParser::on_response_impl(int code, string_view reason, int version,
                                            error_code& ec) {
    head_.status = static_cast<unsigned>(code);
    head_.reason.assign(reason.data(), reason.size());
    head_.version = static_cast<unsigned>(version);
    ec = {};
}

void OriginResponseParser::on_field_impl(boost::beast::http::field name, string_view name_string,
                                         string_view value, error_code& ec) {
    head_.fields.append(name, {name_string.data(), name_string.size()},
                        {value.data(), value.size()});
    ec = {};
}

// Copies what fits into the caller's room; a full room asks for the next
// piece (need_buffer), as Beast's buffer_body does.
std::size_t OriginResponseParser::on_body_impl(string_view body, error_code& ec) {
    if (!body_.data) {
        ec = boost::beast::http::error::need_buffer;
        return 0;
    }
    const std::size_t n = std::min(body.size(), body_.size);
    if (n > 0) std::memcpy(body_.data, body.data(), n);
    body_.data = static_cast<char*>(body_.data) + n;
    body_.size -= n;
    ec = n == body.size() ? error_code{} : boost::beast::http::error::need_buffer;
    return n;
}

}  // namespace tact::proxy
