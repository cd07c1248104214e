// What both of the gateway's parsers do with a message body: each piece goes
// into the caller's room for it, chunked or not, as with Beast's
// parser<buffer_body>, and is relayed from there. They differ only in the
// head they keep (client_request_parser.hpp, origin_response_parser.hpp):
// Beast's basic_parser reads the syntax, the framing and the limits.
#pragma once

#include <algorithm>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <cstring>

namespace tact::proxy {

template <bool isRequest>
class PiecewiseBodyParser : public boost::beast::http::basic_parser<isRequest> {
  public:
    using Body = boost::beast::http::buffer_body::value_type;

    // Where the next body bytes go: set `data` and `size` before each read;
    // `size` is what is left of the room afterwards.
    Body& body() { return body_; }

  protected:
    using string_view = boost::beast::string_view;
    using error_code = boost::system::error_code;

  private:
    void on_header_impl(error_code& ec) override { ec = {}; }
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code& ec) override {
        ec = {};
    }
    // Copies what fits into the room; a full room asks for the next piece
    // (need_buffer), as Beast's buffer_body does.
    std::size_t on_body_impl(string_view piece, error_code& ec) override {
        if (!body_.data) {
            ec = boost::beast::http::error::need_buffer;
            return 0;
        }
        const std::size_t n = std::min(piece.size(), body_.size);
        if (n > 0) std::memcpy(body_.data, piece.data(), n);
        body_.data = static_cast<char*>(body_.data) + n;
        body_.size -= n;
        ec = n == piece.size() ? error_code{} : boost::beast::http::error::need_buffer;
        return n;
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code& ec) override { ec = {}; }
    std::size_t on_chunk_body_impl(std::uint64_t, string_view piece, error_code& ec) override {
        return on_body_impl(piece, ec);
    }
    void on_finish_impl(error_code& ec) override { ec = {}; }

    Body body_;
};

}  // namespace tact::proxy
