// Reads bytes until the buffer holds one whole request head, under the
// header-size limit, the keep-alive idle timeout (before the first byte) and
// the header timeout (from the first byte: a slowloris client that trickles
// bytes is cut off when it expires, however often it sends).
#pragma once

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <chrono>
#include <optional>
#include <string_view>

#include "proxy/head_end.hpp"
#include "proxy/io_types.hpp"
#include "proxy/socket_now.hpp"
#include "proxy/wait_deadlines.hpp"

namespace tact::proxy {

enum class HeadStatus { complete, closed, too_large };

// The buffer a connection keeps between requests; larger ones are released.
constexpr std::size_t kFirstRead = 4096;

struct HeadLimits {
    std::size_t max_bytes = 0;
    std::chrono::milliseconds idle{0};
    std::chrono::milliseconds header{0};
};

// Reading one head comes in two parts, like the proxy's other reads: what
// needs no waiting (read_request_head_now: a keep-alive client's next
// request is often there already), and only when that is not enough, the
// wait (read_request_head_rest), a coroutine. On `complete`, the head is
// buffer.data()[0 .. head_size).

// Where the reading of one head stands, between its reads.
struct HeadReading {
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::size_t searched = 0;     // bytes already searched for the head's end
    std::size_t empty_lines = 0;  // bytes of them, counted against the head's limit
};

// Most heads fit in 4 KiB; a larger one grows the buffer as it comes.
inline std::size_t room_for_head(std::size_t buffered, const HeadLimits& limits) {
    return std::min<std::size_t>(limits.max_bytes + 4 - buffered,
                                 buffered == 0 ? kFirstRead : std::size_t{16} * 1024);
}

// The head's status from what is buffered and (AskSocket::yes) what the
// socket holds now; nothing when the rest must be waited for.
template <class Stream>
std::optional<HeadStatus> read_request_head_now(Stream& stream, boost::beast::flat_buffer& buffer,
                                                const HeadLimits& limits, HeadReading& reading,
                                                std::size_t& head_size,
                                                AskSocket ask_socket = AskSocket::yes) {
    for (;;) {
        std::string_view bytes(static_cast<const char*>(buffer.data().data()), buffer.size());
        // RFC 9112 2.2: empty lines before a request line are ignored.
        while (bytes.starts_with("\r\n")) {
            buffer.consume(2);
            bytes.remove_prefix(2);
            reading.empty_lines += 2;
            reading.searched = 0;
        }
        if (const auto end = head_end(bytes, reading.searched); end != std::string_view::npos) {
            head_size = end;
            return head_size > limits.max_bytes ? HeadStatus::too_large : HeadStatus::complete;
        }
        // A client sending nothing but empty lines is stopped like one sending
        // a head too large (and cannot keep the worker reading them forever).
        if (bytes.size() + reading.empty_lines > limits.max_bytes) return HeadStatus::too_large;
        reading.searched = bytes.size() > 3 ? bytes.size() - 3 : 0;
        if (ask_socket == AskSocket::no) return std::nullopt;
        // Read without a timer (the head-size limit bounds how often this loops).
        boost::system::error_code ec;
        if (read_now(stream, buffer, room_for_head(bytes.size(), limits), ec) > 0) continue;
        if (ec) return HeadStatus::closed;
        return std::nullopt;
    }
}

// The deadlines are kept by the worker's sweep (wait_deadlines.hpp).
template <class Stream>
Task<HeadStatus> read_request_head_rest(Stream& stream, boost::beast::flat_buffer& buffer,
                                        const HeadLimits& limits, HeadReading& reading,
                                        WaitDeadlines& deadlines, bool& waiting_idle,
                                        std::size_t& head_size) {
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        const bool nothing_yet = buffer.size() == 0;
        // Waiting idle is waiting for a request's first byte; an empty line
        // already starts the request's head (and its timeout).
        std::chrono::steady_clock::time_point deadline;
        if (nothing_yet && reading.empty_lines == 0 && !reading.deadline) {
            deadline = now + limits.idle;
        } else {
            if (!reading.deadline) reading.deadline = now + limits.header;
            deadline = *reading.deadline;
        }
        boost::system::error_code ec;
        std::size_t n = 0;
        {
            WaitDeadlines::Wait wait(deadlines, boost::beast::get_lowest_layer(stream), deadline);
            waiting_idle = nothing_yet;
            n = co_await stream.async_read_some(
                buffer.prepare(room_for_head(buffer.size(), limits)),
                boost::asio::redirect_error(use_task, ec));
            waiting_idle = false;
            if (wait.expired()) co_return HeadStatus::closed;
        }
        if (ec) co_return HeadStatus::closed;
        buffer.commit(n);
        if (auto status = read_request_head_now(stream, buffer, limits, reading, head_size))
            co_return *status;
    }
}

}  // namespace tact::proxy
