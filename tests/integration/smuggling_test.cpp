// Requests whose framing two parsers could read differently are refused
// with 400 (or 501), the connection is closed, and the origin sees nothing.
#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

namespace {

struct Case {
    const char* name;
    std::string request;
    int status;
};

const std::string kSmuggled = "GET /smuggled HTTP/1.1\r\nHost: test.example\r\n\r\n";

}  // namespace

TEST_CASE("smuggling-shaped requests are refused before they reach the origin") {
    const std::vector<Case> cases = {
        {"Content-Length and Transfer-Encoding together",
         "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: "
         "chunked\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"Transfer-Encoding and Content-Length together (other order)",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: "
         "4\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"two differing Content-Length fields",
         "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd" +
             kSmuggled,
         400},
        {"a Content-Length list",
         "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 40\r\n\r\nabcd" + kSmuggled, 400},
        {"chunked, identity",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, "
         "identity\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"xchunked",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"gzip alone",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n" + kSmuggled, 400},
        {"gzip, chunked (a coding not implemented)",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         501},
        {"chunked twice",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
         "chunked\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"obs-fold", "GET /hello HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n" + kSmuggled,
         400},
        {"obs-fold of Transfer-Encoding",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\nContent-Length: "
         "4\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"whitespace before the colon",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\nContent-Length: "
         "4\r\n\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"a tab before the colon", "GET /hello HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n" + kSmuggled,
         400},
        {"an invalid chunk size",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
         "chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"a negative chunk size",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
         "chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"a chunk size that overflows",
         "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
         "chunked\r\n\r\nffffffffffffffffff1\r\nabc\r\n0\r\n\r\n" +
             kSmuggled,
         400},
        {"two Host fields", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + kSmuggled, 400},
        {"lines ended by bare LF",
         "GET /hello HTTP/1.1\nHost: a\nContent-Length: 0\n\n" + kSmuggled, 400},
    };
    GatewayFixture gw;
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            RawClient client(gw.port());
            client.send(c.request);
            auto res = client.read_response();
            REQUIRE(res);
            CHECK(res->status == c.status);
            CHECK(res->header("connection") == "close");
            CHECK(client.closed_by_peer());
        }
    }
    // Nothing of any of them, nor the request hidden behind them, reached the origin.
    CHECK(gw.origin_log().empty());
}

TEST_CASE("a bad chunk after good ones closes both connections without completing the request") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(
        "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    client.send("not-a-size\r\n" + kSmuggled);
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(client.closed_by_peer());
    // The origin never received a whole request, nor the smuggled one.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(gw.origin_log().empty());
}
