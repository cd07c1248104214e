// Reads bytes until the buffer holds one whole request head, under the
// header-size limit, the keep-alive idle timeout (before the first byte) and
// the header timeout (from the first byte: a slowloris client that trickles
// bytes is cut off when it expires, however often it sends).
#pragma once

#include <boost/asio/redirect_error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <chrono>
#include <string_view>

#include "proxy/head_end.hpp"
#include "proxy/io_types.hpp"
#include "proxy/socket_now.hpp"

namespace tact::proxy {

enum class HeadStatus { complete, closed, too_large };

// The buffer a connection keeps between requests; larger ones are released.
constexpr std::size_t kFirstRead = 4096;

struct HeadLimits {
    std::size_t max_bytes = 0;
    std::chrono::milliseconds idle{0};
    std::chrono::milliseconds header{0};
};

// On `complete`, the head is buffer.data()[0 .. head_size).
template <class Stream>
Task<HeadStatus> read_request_head(Stream& stream, boost::beast::flat_buffer& buffer,
                                   const HeadLimits& limits, bool& waiting_idle,
                                   std::size_t& head_size) {
    using clock = std::chrono::steady_clock;
    std::optional<clock::time_point> deadline;
    std::size_t searched = 0;
    std::size_t empty_lines = 0;  // bytes of them, counted against the head's limit
    for (;;) {
        std::string_view bytes(static_cast<const char*>(buffer.data().data()), buffer.size());
        // RFC 9112 2.2: empty lines before a request line are ignored.
        while (bytes.starts_with("\r\n")) {
            buffer.consume(2);
            bytes.remove_prefix(2);
            empty_lines += 2;
            searched = 0;
        }
        if (const auto end = head_end(bytes, searched); end != std::string_view::npos) {
            head_size = end;
            co_return head_size > limits.max_bytes ? HeadStatus::too_large : HeadStatus::complete;
        }
        // A client sending nothing but empty lines is stopped like one sending
        // a head too large (and cannot keep the worker reading them forever).
        if (bytes.size() + empty_lines > limits.max_bytes) co_return HeadStatus::too_large;
        searched = bytes.size() > 3 ? bytes.size() - 3 : 0;

        // Most heads fit in 4 KiB; a larger one grows the buffer as it comes.
        const auto room =
            std::min<std::size_t>(limits.max_bytes + 4 - bytes.size(),
                                  bytes.empty() ? kFirstRead : std::size_t{16} * 1024);
        // A keep-alive client's next request is often there already: read
        // without a timer (the head-size limit bounds how often this loops).
        boost::system::error_code ec;
        if (read_now(stream, buffer, room, ec) > 0) continue;
        if (ec) co_return HeadStatus::closed;

        auto& transport = boost::beast::get_lowest_layer(stream);
        // Waiting idle is waiting for a request's first byte; an empty line
        // already starts the request's head (and its timeout).
        if (bytes.empty() && empty_lines == 0 && !deadline) {
            transport.expires_after(limits.idle);
        } else {
            if (!deadline) deadline = clock::now() + limits.header;
            transport.expires_at(*deadline);
        }
        waiting_idle = bytes.empty();
        auto n = co_await stream.async_read_some(buffer.prepare(room),
                                                 boost::asio::redirect_error(use_task, ec));
        waiting_idle = false;
        if (ec) co_return HeadStatus::closed;
        buffer.commit(n);
    }
}

}  // namespace tact::proxy
