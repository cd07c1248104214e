// Parses an origin's response with Beast's HTTP/1 parser (basic_parser: the
// syntax, the framing, the limits), keeping the head in a flat field list
// (http_fields/field_list.hpp) instead of Beast's field set, and the body a
// piece at a time into the caller's buffer, as parser<buffer_body> does.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/buffer_body.hpp>

#include "http_fields/response_head.hpp"

namespace tact::proxy {

class OriginResponseParser final : public boost::beast::http::basic_parser<false> {
  public:
    using Body = boost::beast::http::buffer_body::value_type;

    http_fields::ResponseHead& head() { return head_; }
    const http_fields::ResponseHead& head() const { return head_; }
    // Where the next body bytes go: set `data` and `size` before each read;
    // `size` is what is left of the room afterwards.
    Body& body() { return body_; }

  private:
    using string_view = boost::beast::string_view;
    using error_code = boost::system::error_code;

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                         error_code&) override {}  // never called: a response parser
    void on_response_impl(int code, string_view reason, int version, error_code& ec) override;
    void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                       error_code& ec) override;
    void on_header_impl(error_code& ec) override { ec = {}; }
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code& ec) override {
        ec = {};
    }
    std::size_t on_body_impl(string_view body, error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t, string_view, error_code& ec) override { ec = {}; }
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override {
        return on_body_impl(body, ec);
    }
    void on_finish_impl(error_code& ec) override { ec = {}; }

    http_fields::ResponseHead head_;
    Body body_;
};

}  // namespace tact::proxy
