// Writes a relayed message: its head, then its body piece by piece, each
// piece in one gathered write (writev) with its chunk framing when chunked.
//
// Written here rather than with Beast's serializer: on a proxied 1 KiB
// response the serializer's layered buffer views cost about 7% of the CPU
// (perf, bench/proxy_vs_nginx.sh), while the wire format is small and fixed
// (RFC 9112 2.1 start line and fields, 7.1 chunked coding). Parsing stays
// with Beast; trailers are not relayed (RFC 9110 6.5.1 lets a proxy drop them).
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/message.hpp>
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "http_fields/request_head.hpp"
#include "http_fields/response_head.hpp"
#include "proxy/io_types.hpp"
#include "proxy/socket_now.hpp"

namespace tact::proxy {

// "GET /a HTTP/1.1\r\nHost: b\r\n...\r\n" or "HTTP/1.1 200 OK\r\n...\r\n".
// `added` (the lines of an http_fields::AddedFields) follows the head's own fields.
std::string format_head(const http_fields::RequestHead& head, std::string_view added = {});
std::string format_head(const http_fields::ResponseHead& head, std::string_view added = {});

class MessageWriter {
  public:
    MessageWriter(std::string head, bool chunked) : head_(std::move(head)), chunked_(chunked) {}

    bool head_sent() const { return head_sent_; }

    // The first call also sends the head; `more` false ends the body
    // (with the last chunk when chunked). An empty piece with `more` sends
    // only what is due.
    template <class Stream>
    Task<void> write(Stream& stream, std::span<const char> piece, bool more,
                     std::chrono::milliseconds timeout, boost::system::error_code& ec) {
        if (!write_now(stream, piece, more, ec)) co_await write_rest(stream, timeout, ec);
    }

    // write() in its two halves, for callers that would rather not make a
    // coroutine frame per piece when nothing waits. On plain TCP, what the
    // kernel takes at once (nearly always all of it: the socket's send buffer
    // has room) is written without arming a timer or suspending, which cost
    // more than the write itself on a small page. True: the piece is done
    // (or `ec` failed). False: write_rest must send the rest, under the
    // timeout, before the next piece; `piece` must live until then.
    template <class Stream>
    bool write_now(Stream& stream, std::span<const char> piece, bool more,
                   boost::system::error_code& ec) {
        count_ = 0;
        sent_ = 0;
        if (!head_sent_) parts_[count_++] = boost::asio::buffer(head_);
        if (chunked_ && !piece.empty())
            parts_[count_++] = boost::asio::buffer(chunk_size_line(piece.size()));
        if (!piece.empty()) parts_[count_++] = boost::asio::buffer(piece.data(), piece.size());
        if (chunked_) {
            std::string_view tail = more ? "\r\n" : "\r\n0\r\n\r\n";
            if (piece.empty()) tail = more ? "" : "0\r\n\r\n";
            if (!tail.empty()) parts_[count_++] = boost::asio::buffer(tail.data(), tail.size());
        }
        if (count_ == 0) return true;
        head_sent_ = true;
        if constexpr (std::is_same_v<Stream, PlainStream>) {
            const Parts all(parts_.data(), count_);
            sent_ = send_now(stream.socket(), all, ec);  // proxy/socket_now.hpp
            return ec || sent_ == boost::asio::buffer_size(all);
        }
        return false;
    }

    template <class Stream>
    Task<void> write_rest(Stream& stream, std::chrono::milliseconds timeout,
                          boost::system::error_code& ec) {
        boost::beast::buffers_suffix<Parts> rest(Parts(parts_.data(), count_));
        rest.consume(sent_);
        boost::beast::get_lowest_layer(stream).expires_after(timeout);
        co_await boost::asio::async_write(stream, rest, boost::asio::redirect_error(use_task, ec));
    }

  private:
    using Parts = std::span<const boost::asio::const_buffer>;

    std::string_view chunk_size_line(std::size_t size);

    std::string head_;
    bool chunked_;
    bool head_sent_ = false;
    std::array<char, 24> size_line_{};
    // The piece being written: its parts, and how many bytes of them went.
    std::array<boost::asio::const_buffer, 4> parts_;
    std::size_t count_ = 0;
    std::size_t sent_ = 0;
};

}  // namespace tact::proxy
