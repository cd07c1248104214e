// Reading a request head without waiting: from the buffer, and from the
// socket only when the caller says the client may have sent already.
#include "proxy/request_head_reader.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <string>

namespace net = boost::asio;
using tact::proxy::AskSocket;
using tact::proxy::HeadLimits;
using tact::proxy::HeadReading;
using tact::proxy::HeadStatus;
using tact::proxy::read_request_head_now;

namespace {

struct ClientAndProxy {
    net::io_context io;
    net::ip::tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};
    tact::proxy::Socket client{io};
    tact::proxy::PlainStream proxy{io};
    ClientAndProxy() {
        client.connect(acceptor.local_endpoint());
        acceptor.accept(proxy.socket());
    }
};

const HeadLimits kLimits{8192, std::chrono::seconds(5), std::chrono::seconds(5)};
const std::string kHead = "GET / HTTP/1.1\r\nHost: shop.example\r\n\r\n";

}  // namespace

TEST_CASE("a request head waiting in the socket is read at once when the socket is asked") {
    ClientAndProxy pair;
    net::write(pair.client, net::buffer(kHead));
    boost::beast::flat_buffer buffer;
    HeadReading reading;
    std::size_t head_size = 0;
    auto status =
        read_request_head_now(pair.proxy, buffer, kLimits, reading, head_size, AskSocket::yes);
    REQUIRE(status);
    CHECK(*status == HeadStatus::complete);
    CHECK(head_size == kHead.size());
}

TEST_CASE("AskSocket::no leaves the socket to the asynchronous read and reads no byte") {
    ClientAndProxy pair;
    net::write(pair.client, net::buffer(kHead));
    boost::beast::flat_buffer buffer;
    HeadReading reading;
    std::size_t head_size = 0;
    CHECK_FALSE(
        read_request_head_now(pair.proxy, buffer, kLimits, reading, head_size, AskSocket::no));
    CHECK(buffer.size() == 0);
    // The bytes are still in the socket for the read that follows.
    std::string rest(kHead.size(), '\0');
    CHECK(pair.proxy.socket().read_some(net::buffer(rest)) == kHead.size());
    CHECK(rest == kHead);
}

TEST_CASE("AskSocket::no still finds a head already buffered (a pipelined request)") {
    ClientAndProxy pair;
    boost::beast::flat_buffer buffer;
    const auto copied = net::buffer_copy(buffer.prepare(kHead.size()), net::buffer(kHead));
    buffer.commit(copied);
    HeadReading reading;
    std::size_t head_size = 0;
    auto status =
        read_request_head_now(pair.proxy, buffer, kLimits, reading, head_size, AskSocket::no);
    REQUIRE(status);
    CHECK(*status == HeadStatus::complete);
    CHECK(head_size == kHead.size());
}
