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

#include "http_fields/field_lookup.hpp"
#include "http_fields/request_head.hpp"
#include "proxy/io_types.hpp"
#include "proxy/socket_now.hpp"

namespace tact::proxy {

namespace http = boost::beast::http;

// Whether the client waits for "100 Continue" before sending its body (HTTP/1.1 only).
inline bool expects_continue(const http_fields::RequestHead& request) {
    return request.version() >= 11 &&
           boost::beast::iequals(http_fields::field_value(request, http::field::expect),
                                 "100-continue");
}

// Sends the interim "100 Continue" that lets such a client send its body.
template <class Stream>
Task<void> send_continue(Stream& stream, std::chrono::milliseconds timeout,
                         boost::system::error_code& ec) {
    http::response<http::empty_body> interim{http::status::continue_, 11};
    boost::beast::get_lowest_layer(stream).expires_after(timeout);
    co_await http::async_write(stream, interim, boost::asio::redirect_error(use_task, ec));
}

// Reading the next piece of a body into `piece` comes in two parts: what
// needs no waiting (read_body_piece_now), and, only when that is not enough,
// the rest (read_body_piece_rest), which waits. A small body usually arrives
// with its head, and then needs no coroutine frame at all. The bytes the
// piece holds are then piece.size() - body.size (0: the body is complete).
// `body`: where `parser` puts the body (PiecewiseBodyParser's body()).

// Parses what the buffer holds; a parser that wants more bytes, or room for
// more body, is no error here.
template <bool isRequest>
void parse_buffered(boost::beast::flat_buffer& buffer, http::basic_parser<isRequest>& parser,
                    boost::system::error_code& ec) {
    buffer.consume(parser.put(buffer.data(), ec));
    if (ec == http::error::need_more || ec == http::error::need_buffer) ec = {};
}

// Parses what the socket holds right now into the piece until a byte of the
// body lands in it. false: nothing landed and the socket holds no more.
template <class Stream, bool isRequest>
bool fill_body_piece_at_hand(Stream& stream, boost::beast::flat_buffer& buffer,
                             http::basic_parser<isRequest>& parser,
                             const http::buffer_body::value_type& body, std::span<char> piece,
                             boost::system::error_code& ec) {
    while (body.size == piece.size() && !parser.is_done()) {
        if (read_now(stream, buffer, buffer.capacity() - buffer.size(), ec) == 0)
            return ec.failed();  // a reset: the body is cut short
        parse_buffered(buffer, parser, ec);
        if (ec) return true;
    }
    return true;
}

// true: the piece is read (or `ec` says why not); false: read_body_piece_rest
// must wait for the rest.
template <class Stream, bool isRequest>
bool read_body_piece_now(Stream& stream, boost::beast::flat_buffer& buffer,
                         http::basic_parser<isRequest>& parser, http::buffer_body::value_type& body,
                         std::span<char> piece, boost::system::error_code& ec) {
    // Beast reads max(512, capacity - size) bytes at a time: without room
    // in the buffer, a body would crawl through in 512-byte reads.
    if (buffer.capacity() < piece.size()) buffer.reserve(piece.size());
    body.data = piece.data();
    body.size = piece.size();
    // Bytes already buffered (a small body usually arrives with its head)
    // are parsed here and now, without an asynchronous round trip or a timer.
    if (buffer.size() > 0) {
        parse_buffered(buffer, parser, ec);
        if (ec) return true;
    }
    return fill_body_piece_at_hand(stream, buffer, parser, body, piece, ec);
}

// Waits for the piece; each wait re-arms the timeout.
template <class Stream, bool isRequest>
Task<void> read_body_piece_rest(Stream& stream, boost::beast::flat_buffer& buffer,
                                http::basic_parser<isRequest>& parser,
                                http::buffer_body::value_type& body, std::span<char> piece,
                                std::chrono::milliseconds timeout, boost::system::error_code& ec) {
    do {
        boost::beast::get_lowest_layer(stream).expires_after(timeout);
        co_await http::async_read_some(stream, buffer, parser,
                                       boost::asio::redirect_error(use_task, ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec) co_return;
    } while (!fill_body_piece_at_hand(stream, buffer, parser, body, piece, ec));
}

// Both parts, for callers that do not count frames: how many bytes the
// piece holds (0 when the body is complete, or on an error).
template <class Stream, bool isRequest>
Task<std::size_t> read_body_piece(Stream& stream, boost::beast::flat_buffer& buffer,
                                  http::basic_parser<isRequest>& parser,
                                  http::buffer_body::value_type& body, std::span<char> piece,
                                  std::chrono::milliseconds timeout,
                                  boost::system::error_code& ec) {
    if (!read_body_piece_now(stream, buffer, parser, body, piece, ec))
        co_await read_body_piece_rest(stream, buffer, parser, body, piece, timeout, ec);
    co_return ec ? 0 : piece.size() - body.size;
}

}  // namespace tact::proxy
