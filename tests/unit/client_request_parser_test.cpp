// A client's request read into a flat head must say what Beast's own parser
// says of the same bytes: the request line, every field in order (however
// many: past the room the list keeps in place), the framing, keep-alive and
// the body.
#include "proxy/client_request_parser.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/optional/optional_io.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "parse_in_pieces.hpp"

namespace http = boost::beast::http;
using tact::proxy::ClientRequestParser;
using tact::test::fields_of;
using tact::test::parse_in_pieces;

namespace {

// What a browser sends for a page, about twenty fields.
const std::string kBrowserHead =
    "GET /shoes/?utm_term=trail HTTP/1.1\r\nHost: shop.example\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: de-DE,de;q=0.9,en;q=0.8\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"
    "Cookie: theme=dark; tact_consent=abc\r\nSec-Fetch-Dest: document\r\n"
    "Sec-Fetch-Mode: navigate\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-User: ?1\r\n"
    "Sec-CH-UA: \"Chromium\";v=\"131\"\r\nSec-CH-UA-Mobile: ?0\r\n"
    "Sec-CH-UA-Platform: \"Linux\"\r\nUpgrade-Insecure-Requests: 1\r\n"
    "Referer: https://www.google.com/\r\nCache-Control: max-age=0\r\nSec-GPC: 1\r\n"
    "X-Forwarded-For: 192.0.2.10\r\nconnection: keep-alive\r\n\r\n";

// Sixty fields of a hundred bytes: more than the list keeps in place.
std::string long_head() {
    std::string wire = "GET / HTTP/1.1\r\nHost: shop.example\r\n";
    for (int i = 0; i < 60; ++i)
        wire += "X-Field-" + std::to_string(i) + ": " + std::string(100, 'a' + i % 26) + "\r\n";
    return wire + "\r\n";
}

}  // namespace

TEST_CASE("a client's request reads the same as with Beast's own parser") {
    const std::string requests[] = {
        kBrowserHead,
        long_head(),
        "POST /cart HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 11\r\n"
        "Content-Type: text/plain\r\n\r\nhello world",
        "POST /cart HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        "GET /old HTTP/1.0\r\nHost: a\r\n\r\n",
        "GET /old HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        "BREW /pot HTTP/1.1\r\nHost: a\r\nX-Odd:   spaced value  \r\n\r\n",
    };
    for (const auto& wire : requests) {
        INFO(wire.substr(0, 120));
        http::request_parser<http::string_body> beast;
        beast.eager(true);  // the whole message in one call
        beast.header_limit(16 * 1024);
        boost::system::error_code beast_ec;
        beast.put(boost::asio::buffer(wire), beast_ec);
        REQUIRE_FALSE(beast_ec);
        REQUIRE(beast.is_done());

        for (const std::size_t room : {std::size_t{1}, std::size_t{4096}}) {
            ClientRequestParser ours;
            ours.header_limit(16 * 1024);
            boost::system::error_code ec;
            const auto body = parse_in_pieces(ours, wire, room, ec);
            REQUIRE_FALSE(ec);
            const auto& head = ours.get();
            CHECK(head.method() == beast.get().method());
            CHECK(head.method_string() == beast.get().method_string());
            CHECK(head.target() == beast.get().target());
            CHECK(head.version() == beast.get().version());
            CHECK(fields_of(head) == fields_of(beast.get()));
            CHECK(ours.chunked() == beast.chunked());
            CHECK(ours.content_length() == beast.content_length());
            // The message's own answer, which the gateway asked before.
            CHECK(ours.keep_alive() == beast.get().keep_alive());
            CHECK(body == beast.get().body());
        }
    }
}

TEST_CASE("a close on any Connection line of a request closes its connection") {
    // Beast's message reads only the first Connection line; its parser, which
    // the gateway asks, reads them all: the client's last word is not lost.
    const std::string wire =
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: te\r\nConnection: close\r\n\r\n";
    ClientRequestParser ours;
    boost::system::error_code ec;
    parse_in_pieces(ours, wire, 16, ec);
    REQUIRE_FALSE(ec);
    CHECK_FALSE(ours.keep_alive());
}
