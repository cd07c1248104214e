// Reading and writing what a socket holds or takes now, without waiting.
#include "proxy/socket_now.hpp"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "loopback_pair.hpp"

namespace net = boost::asio;
using tact::proxy::read_now;
using tact::proxy::send_now;

namespace {

using LoopbackPair = tact::testing::LoopbackPair<>;

std::string text_of(const boost::beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

}  // namespace

TEST_CASE("read_now takes what the socket holds, up to the room given, and never waits") {
    LoopbackPair pair;
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    CHECK(read_now(pair.near, buffer, 64, ec) == 0);  // nothing yet: no wait, no bytes
    CHECK_FALSE(ec);
    CHECK(buffer.size() == 0);

    net::write(pair.far, net::buffer(std::string("GET / HTTP/1.1\r\n\r\n")));
    CHECK(read_now(pair.near, buffer, 4, ec) == 4);
    CHECK(text_of(buffer) == "GET ");
    CHECK(read_now(pair.near, buffer, 64, ec) == 14);
    CHECK(text_of(buffer) == "GET / HTTP/1.1\r\n\r\n");
    CHECK(read_now(pair.near, buffer, 0, ec) == 0);
    CHECK_FALSE(ec);

    pair.far.close();  // the end is left to the asynchronous read to report
    CHECK(read_now(pair.near, buffer, 64, ec) == 0);
    CHECK_FALSE(ec);
    CHECK(buffer.size() == 18);
    std::array<char, 8> rest{};
    pair.near.read_some(net::buffer(rest), ec);
    CHECK(ec == net::error::eof);
}

TEST_CASE("read_now reports a reset, which the kernel reports only once") {
    LoopbackPair pair;
    pair.far.set_option(net::socket_base::linger(true, 0));
    pair.far.close();  // with RST
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    CHECK(read_now(pair.near, buffer, 64, ec) == 0);
    CHECK(ec == net::error::connection_reset);
    // A later read sees only the end of the stream: had read_now kept the
    // reset to itself, a body cut short would have looked complete.
    std::array<char, 8> rest{};
    pair.near.read_some(net::buffer(rest), ec);
    CHECK(ec == net::error::eof);
}

TEST_CASE("read_now on a TLS stream or any other is left to the asynchronous read") {
    struct NotTcp {};
    NotTcp stream;
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    CHECK(read_now(stream, buffer, 64, ec) == 0);
    CHECK_FALSE(ec);
}

TEST_CASE("send_now writes what the send buffer takes and says how much") {
    LoopbackPair pair;
    const std::string big(8 * 1024 * 1024, 'x');  // more than any loopback send buffer
    const std::array<net::const_buffer, 2> parts{net::buffer("head\r\n", 6), net::buffer(big)};
    boost::system::error_code ec;
    const auto sent = send_now(pair.near, parts, ec);
    CHECK_FALSE(ec);
    CHECK(sent > 6);
    CHECK(sent < big.size() + 6);                // the rest would have to wait: not sent, no error
    CHECK(send_now(pair.near, parts, ec) == 0);  // the buffer is full now
    CHECK_FALSE(ec);
}
