// Reading a message body one piece at a time, as in Beast's documented relay
// (parser<buffer_body>): memory stays flat whatever the size. The pieces are
// written by MessageWriter.
#pragma once

#include <boost/asio/redirect_error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <span>

#include "proxy/io_types.hpp"
#include "proxy/socket_now.hpp"

namespace tact::proxy {

namespace http = boost::beast::http;

// Whether the client waits for "100 Continue" before sending its body (HTTP/1.1 only).
inline bool expects_continue(const http::request_header<>& request) {
    return request.version() >= 11 &&
           boost::beast::iequals(request[http::field::expect], "100-continue");
}

// Sends the interim "100 Continue" that lets such a client send its body.
template <class Stream>
Task<void> send_continue(Stream& stream, std::chrono::milliseconds timeout,
                         boost::system::error_code& ec) {
    http::response<http::empty_body> interim{http::status::continue_, 11};
    boost::beast::get_lowest_layer(stream).expires_after(timeout);
    co_await http::async_write(stream, interim, boost::asio::redirect_error(use_task, ec));
}

// Reads the next piece of the body into `piece`; returns how many bytes it
// holds (0 when the body is complete). Each piece re-arms the timeout.
// `body`: where `parser` puts the body (parser<buffer_body>'s get().body(),
// OriginResponseParser's body()).
template <class Stream, bool isRequest>
Task<std::size_t> read_body_piece(Stream& stream, boost::beast::flat_buffer& buffer,
                                  http::basic_parser<isRequest>& parser,
                                  http::buffer_body::value_type& body, std::span<char> piece,
                                  std::chrono::milliseconds timeout,
                                  boost::system::error_code& ec) {
    // Beast reads max(512, capacity - size) bytes at a time: without room
    // in the buffer, a body would crawl through in 512-byte reads.
    if (buffer.capacity() < piece.size()) buffer.reserve(piece.size());
    body.data = piece.data();
    body.size = piece.size();
    // Bytes already buffered (a small body usually arrives with its head), or
    // already in the socket, are parsed here and now, without an
    // asynchronous round trip or a timer.
    const auto parse_buffered = [&] {
        buffer.consume(parser.put(buffer.data(), ec));
        if (ec == http::error::need_more || ec == http::error::need_buffer) ec = {};
    };
    if (buffer.size() > 0) parse_buffered();
    if (ec) co_return 0;
    while (body.size == piece.size() && !parser.is_done()) {
        const auto at_hand = read_now(stream, buffer, buffer.capacity() - buffer.size(), ec);
        if (ec) co_return 0;  // a reset: the body is cut short
        if (at_hand > 0) {
            parse_buffered();
            if (ec) co_return 0;
            continue;
        }
        boost::beast::get_lowest_layer(stream).expires_after(timeout);
        co_await http::async_read_some(stream, buffer, parser,
                                       boost::asio::redirect_error(use_task, ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec) co_return 0;
    }
    co_return piece.size() - body.size;
}

}  // namespace tact::proxy
