// Socket I/O that does not wait: what the kernel takes or holds right now.
//
// The rest of a body the peer is sending is usually there before it is
// asked for, and the socket's send buffer usually has room (a reply is not:
// see AskSocket below). Beast's timed asynchronous operations arm and cancel
// a timer, allocate an operation and suspend the coroutine even then, which
// costs more than the read or write itself on a small page. These are tried
// first; only what would block goes through the timed asynchronous path.
// Plain TCP only: TLS reads and writes go through its own layer.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstddef>
#include <span>
#include <type_traits>

#include "proxy/io_types.hpp"

namespace tact::proxy {

// Whether a reader asks the socket before it waits. Asking costs a system
// call, and it fails when the peer cannot have sent yet: a keep-alive client
// sends its next request only after reading the response, and an origin
// answers only after it got the request. Those readers pass AskSocket::no
// and go straight to the asynchronous read, which asks the socket once
// itself before it waits (bench/README.md: system calls per request).
enum class AskSocket : bool { no, yes };

// Bytes of `parts` the socket took without waiting (0 when its send buffer
// is full); `ec` is set only for a real error.
std::size_t send_now(Socket& socket, std::span<const boost::asio::const_buffer> parts,
                     boost::system::error_code& ec);

// Bytes appended to `buffer` from what the socket already holds, at most
// `room`. 0 when it holds none, and also at the end of the stream: the
// asynchronous read that follows meets the end again and reports it as it
// always has. Any other failure (a reset) is reported here, in `ec`: the
// kernel reports a socket's error once, and a read after it only sees the
// end of the stream, which could pass a cut-off body for a whole one.
std::size_t read_now(Socket& socket, boost::beast::flat_buffer& buffer, std::size_t room,
                     boost::system::error_code& ec);

// The same for any stream the proxy reads: only plain TCP is read directly.
template <class Stream>
std::size_t read_now(Stream& stream, boost::beast::flat_buffer& buffer, std::size_t room,
                     boost::system::error_code& ec) {
    if constexpr (std::is_same_v<Stream, PlainStream>)
        return read_now(stream.socket(), buffer, room, ec);
    else
        return 0;
}

}  // namespace tact::proxy
