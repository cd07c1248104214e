// Reading a request head without waiting: from the buffer, and from the
// socket only when the caller says the client may have sent already.
#include "proxy/request_head_reader.hpp"

#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "loopback_pair.hpp"

namespace net = boost::asio;
using tact::proxy::AskSocket;
using tact::proxy::HeadStatus;

namespace {

using ProxyAndClient = tact::testing::LoopbackPair<tact::proxy::PlainStream>;

const std::string kHead = "GET / HTTP/1.1\r\nHost: shop.example\r\n\r\n";

struct HeadRead {
    std::optional<HeadStatus> status;
    std::size_t head_size = 0;
};

HeadRead read_head_now(ProxyAndClient& pair, boost::beast::flat_buffer& buffer, AskSocket ask) {
    const tact::proxy::HeadLimits limits{8192, std::chrono::seconds(5), std::chrono::seconds(5)};
    tact::proxy::HeadReading reading;
    HeadRead read;
    read.status = read_request_head_now(pair.near, buffer, limits, reading, read.head_size, ask);
    return read;
}

}  // namespace

TEST_CASE("a request head waiting in the socket is read at once when the socket is asked") {
    ProxyAndClient pair;
    net::write(pair.far, net::buffer(kHead));
    boost::beast::flat_buffer buffer;
    const auto read = read_head_now(pair, buffer, AskSocket::yes);
    CHECK(read.status == HeadStatus::complete);
    CHECK(read.head_size == kHead.size());
}

TEST_CASE("AskSocket::no leaves the socket to the asynchronous read and reads no byte") {
    ProxyAndClient pair;
    net::write(pair.far, net::buffer(kHead));
    boost::beast::flat_buffer buffer;
    CHECK_FALSE(read_head_now(pair, buffer, AskSocket::no).status);
    CHECK(buffer.size() == 0);
    // The bytes are still in the socket for the read that follows.
    std::string rest(kHead.size(), '\0');
    CHECK(pair.near.socket().read_some(net::buffer(rest)) == kHead.size());
    CHECK(rest == kHead);
}

TEST_CASE("AskSocket::no still finds a head already buffered (a pipelined request)") {
    ProxyAndClient pair;
    boost::beast::flat_buffer buffer;
    buffer.commit(net::buffer_copy(buffer.prepare(kHead.size()), net::buffer(kHead)));
    const auto read = read_head_now(pair, buffer, AskSocket::no);
    CHECK(read.status == HeadStatus::complete);
    CHECK(read.head_size == kHead.size());
}
