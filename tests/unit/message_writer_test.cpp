// The hand-written head formatting and chunk framing, byte for byte.
#include "proxy/message_writer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <catch2/catch.hpp>

#include "http_fields/added_fields.hpp"
#include "proxy/io_types.hpp"
#include "request_heads.hpp"

namespace http = boost::beast::http;
namespace net = boost::asio;
using tact::proxy::format_head;
using tact::proxy::MessageWriter;

namespace {

struct Piece {
    std::string data;
    bool more;
};

// Writes the pieces through a real loopback socket and returns the bytes sent.
std::string written(MessageWriter writer, const std::vector<Piece>& pieces) {
    net::io_context io;
    net::ip::tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), 0});
    net::ip::tcp::socket receiver(io);
    tact::proxy::PlainStream sender(io);
    sender.connect(acceptor.local_endpoint());
    acceptor.accept(receiver);
    auto done = net::co_spawn(
        io,
        [&]() -> tact::proxy::Task<void> {
            boost::system::error_code ec;
            for (const auto& piece : pieces)
                co_await writer.write(sender, std::span<const char>(piece.data), piece.more,
                                      std::chrono::seconds(5), ec);
            sender.socket().shutdown(net::ip::tcp::socket::shutdown_send);
        },
        net::use_future);
    io.run();
    done.get();
    std::string out;
    boost::system::error_code ec;
    net::read(receiver, net::dynamic_buffer(out), ec);
    return out;
}

}  // namespace

TEST_CASE("request and response heads are formatted as on the wire") {
    tact::http_fields::RequestHead req;
    req.method(http::verb::post);
    req.target("/cart?x=1");
    req.append(http::field::host, "shop.example");
    req.append("X-Two", "a");
    req.append("X-Two", "b");
    CHECK(format_head(req) ==
          "POST /cart?x=1 HTTP/1.1\r\nHost: shop.example\r\nX-Two: a\r\nX-Two: b\r\n\r\n");

    // As the client wrote it: a method Beast does not know, a name's case.
    const auto brew = tact::test::parsed_request("x-lower:  kept \r\n", "BREW /a HTTP/1.0");
    CHECK(brew.method() == http::verb::unknown);
    CHECK(format_head(brew) == "BREW /a HTTP/1.0\r\nx-lower: kept\r\n\r\n");

    tact::http_fields::ResponseHead res;
    res.version = 10;
    res.status = 404;
    res.fields.append(http::field::content_length, "0");
    res.fields.append(http::field::unknown, "x-lower", "as the origin wrote it");
    CHECK(format_head(res) ==
          "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nx-lower: as the origin wrote it\r\n\r\n");
    res.reason = "Gone Fishing";
    res.fields.erase(http::field::unknown);
    CHECK(format_head(res) == "HTTP/1.0 404 Gone Fishing\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("the gateway's added fields follow the relayed ones, before the blank line") {
    tact::http_fields::RequestHead req;  // GET / HTTP/1.1
    req.append(http::field::host, "shop.example");
    tact::http_fields::AddedFields added;
    added.add("Tact-Context", "geo.country=\"DE\"");
    added.add("Via", "1.1 tact");
    CHECK(format_head(req, added.lines()) ==
          "GET / HTTP/1.1\r\nHost: shop.example\r\nTact-Context: geo.country=\"DE\"\r\n"
          "Via: 1.1 tact\r\n\r\n");

    tact::http_fields::ResponseHead res;
    res.status = 200;
    tact::http_fields::AddedFields framing;
    framing.add("Transfer-Encoding", "chunked");
    CHECK(format_head(res, framing.lines()) ==
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
}

TEST_CASE("bodies are written as they are, or in chunks with a last chunk") {
    CHECK(written(MessageWriter("HEAD\r\n\r\n", false), {{"hello", true}, {" world", false}}) ==
          "HEAD\r\n\r\nhello world");
    CHECK(written(MessageWriter("HEAD\r\n\r\n", true),
                  {{"hello", true}, {"", true}, {"world!", false}}) ==
          "HEAD\r\n\r\n5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n");
    CHECK(written(MessageWriter("HEAD\r\n\r\n", true),
                  {{std::string(300, 'x'), true}, {"", false}}) ==
          "HEAD\r\n\r\n12c\r\n" + std::string(300, 'x') + "\r\n0\r\n\r\n");
    // A message without a body: the head alone.
    CHECK(written(MessageWriter("HEAD\r\n\r\n", false), {{"", false}}) == "HEAD\r\n\r\n");
    CHECK(written(MessageWriter("HEAD\r\n\r\n", true), {{"", false}}) == "HEAD\r\n\r\n0\r\n\r\n");
}
