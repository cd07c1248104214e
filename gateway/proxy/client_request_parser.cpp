#include "proxy/client_request_parser.hpp"

namespace tact::proxy {

void ClientRequestParser::on_request_impl(boost::beast::http::verb method,
                                          string_view method_string, string_view target,
                                          int version, error_code& ec) {
    head_.method(method, {method_string.data(), method_string.size()});
    head_.target({target.data(), target.size()});
    head_.version(static_cast<unsigned>(version));
    ec = {};
}

}  // namespace tact::proxy
