// The types the proxy's coroutines and sockets are made of, bound to the
// executor they really run on: a worker's io_context.
//
// Asio's defaults (awaitable<T>, use_awaitable, tcp::socket, beast's
// tcp_stream) carry any_io_executor, which erases that type: every
// operation, completion and co_await then goes through the erased executor's
// function table and copies it around (about 2,000 instructions a proxied
// request). Naming io_context's executor lets those calls be direct. A
// worker's connections never run anywhere else, so nothing is lost.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <type_traits>
#include <utility>

namespace tact::proxy {

using Executor = boost::asio::io_context::executor_type;

// A coroutine of the proxy, and the completion token that awaits an operation in one.
template <class T>
using Task = boost::asio::awaitable<T, Executor>;
inline constexpr boost::asio::use_awaitable_t<Executor> use_task{};

using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, Executor>;
using Acceptor = boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, Executor>;
using Resolver = boost::asio::ip::basic_resolver<boost::asio::ip::tcp, Executor>;
using Timer = boost::asio::basic_waitable_timer<
    std::chrono::steady_clock, boost::asio::wait_traits<std::chrono::steady_clock>, Executor>;

// Beast's timed stream over such a socket, and TLS over that.
using PlainStream = boost::beast::basic_stream<boost::asio::ip::tcp, Executor>;
using TlsStream = boost::beast::ssl_stream<PlainStream>;

// The reads and writes that do not wait (socket_now.hpp) take a plain
// stream's socket as this type: a stream whose socket() were another would
// silently lose them.
static_assert(std::is_same_v<decltype(std::declval<PlainStream&>().socket()), Socket&>);

}  // namespace tact::proxy
