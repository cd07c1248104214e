// Parses a client's request (piecewise_body_parser.hpp), keeping its head
// in a flat field list (http_fields/request_head.hpp) instead of Beast's
// field set: a browser sends fifteen to twenty fields with every request.
#pragma once

#include "http_fields/request_head.hpp"
#include "proxy/piecewise_body_parser.hpp"

namespace tact::proxy {

class ClientRequestParser final : public PiecewiseBodyParser<true> {
  public:
    http_fields::RequestHead& get() { return head_; }
    const http_fields::RequestHead& get() const { return head_; }

  private:
    void on_request_impl(boost::beast::http::verb method, string_view method_string,
                         string_view target, int version, error_code& ec) override;
    void on_response_impl(int, string_view, int, error_code&) override {
    }  // never called: a request parser
    void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                       error_code& ec) override {
        head_.append(name, {name_string.data(), name_string.size()}, {value.data(), value.size()});
        ec = {};
    }

    http_fields::RequestHead head_;
};

}  // namespace tact::proxy
