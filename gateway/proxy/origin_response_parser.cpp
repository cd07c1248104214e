#include "proxy/origin_response_parser.hpp"

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

}  // namespace tact::proxy
