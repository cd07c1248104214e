#include "proxy/error_page.hpp"

#include <string>

namespace tact::proxy {
namespace {

namespace http = boost::beast::http;

const char* explanation(unsigned status) {
    switch (status) {
        case 400:
            return "The request could not be understood.";
        case 404:
            return "There is nothing here.";
        case 405:
            return "This address does not accept that method.";
        case 413:
            return "The request body is larger than this site accepts.";
        case 431:
            return "The request headers are larger than this site accepts.";
        case 501:
            return "The request uses a feature this site does not support.";
        case 502:
            return "The site could not be reached. Please try again in a moment.";
        case 503:
            return "The site is busy. Please try again in a moment.";
        case 504:
            return "The site took too long to answer. Please try again in a moment.";
        default:
            return "The request could not be completed.";
    }
}

}  // namespace

GatewayResponse error_page(unsigned status, unsigned http_version, bool keep_alive) {
    const auto reason = std::string(http::obsolete_reason(static_cast<http::status>(status)));
    GatewayResponse res{static_cast<http::status>(status), http_version};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>" +
                 std::to_string(status) + " " + reason + "</title><h1>" + std::to_string(status) +
                 " " + reason + "</h1><p>" + explanation(status) + "</p></html>\n";
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

}  // namespace tact::proxy
