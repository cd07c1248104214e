// Parses an origin's response (piecewise_body_parser.hpp), keeping its head
// in a flat field list (http_fields/response_head.hpp) instead of Beast's
// field set.
#pragma once

#include "http_fields/response_head.hpp"
#include "proxy/piecewise_body_parser.hpp"

namespace tact::proxy {

class OriginResponseParser final : public PiecewiseBodyParser<false> {
  public:
    http_fields::ResponseHead& head() { return head_; }
    const http_fields::ResponseHead& head() const { return head_; }

  private:
    void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                         error_code&) override {}  // never called: a response parser
    void on_response_impl(int code, string_view reason, int version, error_code& ec) override;
    void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                       error_code& ec) override;

    http_fields::ResponseHead head_;
};

}  // namespace tact::proxy
