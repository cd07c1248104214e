// Moving a message body one piece at a time, as in Beast's documented relay
// (parser<buffer_body> + serializer): memory stays flat whatever the size.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <span>

namespace tact::proxy {

namespace http = boost::beast::http;

// Reads the next piece of the body into `piece`; returns how many bytes it
// holds (0 when the body is complete). Each piece re-arms the timeout.
template <class Stream, bool isRequest>
boost::asio::awaitable<std::size_t> read_body_piece(
    Stream& stream, boost::beast::flat_buffer& buffer,
    http::parser<isRequest, http::buffer_body>& parser, std::span<char> piece,
    std::chrono::milliseconds timeout, boost::system::error_code& ec) {
    // Beast reads max(512, capacity - size) bytes at a time: without room
    // in the buffer, a body would crawl through in 512-byte reads.
    if (buffer.capacity() < piece.size()) buffer.reserve(piece.size());
    auto& body = parser.get().body();
    body.data = piece.data();
    body.size = piece.size();
    while (body.size == piece.size() && !parser.is_done()) {
        boost::beast::get_lowest_layer(stream).expires_after(timeout);
        co_await http::async_read_some(stream, buffer, parser,
                                       boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec) co_return 0;
    }
    co_return piece.size() - body.size;
}

// Writes the head (on the first call) and `piece`; `more` false ends the
// body (the final chunk when chunked).
template <class Stream, bool isRequest>
boost::asio::awaitable<void> write_body_piece(
    Stream& stream, http::serializer<isRequest, http::buffer_body>& serializer,
    http::message<isRequest, http::buffer_body>& message, std::span<char> piece, bool more,
    std::chrono::milliseconds timeout, boost::system::error_code& ec) {
    auto& body = message.body();  // the message the serializer was made from
    body.data = piece.empty() ? nullptr : piece.data();
    body.size = piece.size();
    body.more = more;
    boost::beast::get_lowest_layer(stream).expires_after(timeout);
    co_await http::async_write(stream, serializer,
                               boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec == http::error::need_buffer) ec = {};
}

}  // namespace tact::proxy
