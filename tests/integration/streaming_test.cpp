// Bodies are streamed both ways: memory stays flat whatever their size.
#include <catch2/catch.hpp>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;
using namespace std::chrono_literals;

namespace {

// Large enough that buffering it whole would show in the gateway's peak
// memory many times over; small enough to run quickly under ASan.
constexpr std::uint64_t kLarge = 256ull * 1024 * 1024;
// Growth of peak memory allowed while it passes: an eighth of the body.
// Measured as growth because a sanitizer build starts far higher.
constexpr long kAllowedGrowthKiB = 32 * 1024;

// Peak memory once the gateway has served one small request both ways.
long warmed_up_peak_kib(GatewayFixture& gw) {
    RawClient client(gw.port());
    client.send(get("/bytes/100000"));
    REQUIRE(client.read_response());
    client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" +
                std::string(100000, 'w'));
    REQUIRE(client.read_response());
    return gw.gateway().peak_rss_kib();
}

}  // namespace

TEST_CASE("a large download streams through with bounded memory") {
    GatewayFixture gw;
    const auto baseline = warmed_up_peak_kib(gw);
    RawClient client(gw.port());
    client.keep_body_up_to = 0;
    client.send(get("/bytes/" + std::to_string(kLarge)));
    auto res = client.read_response(false, 120s);
    REQUIRE(res);
    CHECK(res->complete);
    CHECK(client.counted_body_bytes == kLarge);
    CHECK(gw.gateway().peak_rss_kib() - baseline < kAllowedGrowthKiB);
}

TEST_CASE("a large upload streams through with bounded memory") {
    GatewayFixture gw(nlohmann::json{{"limits", {{"request_body_bytes", kLarge}}}});
    const auto baseline = warmed_up_peak_kib(gw);
    RawClient client(gw.port());
    client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(kLarge) +
                "\r\n\r\n");
    const std::string piece(1 << 20, 'u');
    for (std::uint64_t sent = 0; sent < kLarge; sent += piece.size()) client.send(piece);
    auto res = client.read_response(false, 120s);
    REQUIRE(res);
    CHECK(res->body == std::to_string(kLarge));
    CHECK(gw.gateway().peak_rss_kib() - baseline < kAllowedGrowthKiB);
}

TEST_CASE("a body that fills the client's socket buffers arrives whole and in order") {
    // The client reads only after a pause: the gateway's writes meet a full
    // send buffer, write what the socket takes and wait for the rest. (16 MiB
    // is well past what the two sockets hold while nothing is read: Linux
    // grows a receive buffer only as the reader drains it, and tcp_wmem lets
    // a send buffer reach 4 MiB by default.)
    constexpr std::size_t kSize = 16 * 1024 * 1024;
    GatewayFixture gw;
    RawClient client(gw.port());
    client.keep_body_up_to = kSize;
    client.send(get("/bytes/" + std::to_string(kSize)));
    std::this_thread::sleep_for(300ms);
    auto res = client.read_response(false, 60s);
    REQUIRE(res);
    CHECK(res->complete);
    REQUIRE(res->body.size() == kSize);
    // The test origin repeats the alphabet within each 64 KiB piece it sends.
    std::size_t misplaced = 0;
    for (std::size_t i = 0; i < kSize; ++i)
        if (res->body[i] != static_cast<char>('a' + (i % 65536) % 26)) ++misplaced;
    CHECK(misplaced == 0);
}

TEST_CASE("chunked bodies pass in both directions") {
    GatewayFixture gw;
    RawClient client(gw.port());
    SECTION("chunked upload") {
        client.send(
            "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n");
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->body == "12");
    }
    SECTION("chunked download") {
        client.send(get("/chunked/100000"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->header("transfer-encoding") == "chunked");
        CHECK(res->complete);
        CHECK(res->body.size() == 100000);
        CHECK(res->body.substr(0, 5) == "abcde");
    }
    SECTION("a body the origin ends by closing reaches an HTTP/1.1 client chunked") {
        client.send(get("/close-delimited/70000"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->header("transfer-encoding") == "chunked");
        CHECK(res->complete);
        CHECK(res->body == std::string(70000, 'z'));
        // ...and the client connection stays open for the next request.
        client.send(get("/bytes/2"));
        auto next = client.read_response();
        REQUIRE(next);
        CHECK(next->body == "ab");
    }
}

TEST_CASE("a close-delimited body reaches an HTTP/1.0 client delimited by close") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send("GET /close-delimited/5000 HTTP/1.0\r\nHost: a\r\n\r\n");
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->complete);
    CHECK(res->body.size() == 5000);
}

TEST_CASE("a chunked body reaches an HTTP/1.0 client delimited by close, without chunks") {
    // HTTP/1.0 knows no Transfer-Encoding (RFC 9112 6.1): chunk sizes would
    // be taken for page bytes.
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send("GET /chunked/5000 HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n");
    const auto head_and_body = client.read_until_close(1 << 20, std::chrono::seconds(10));
    const auto blank = head_and_body.find("\r\n\r\n");
    REQUIRE(blank != std::string::npos);
    const auto head = head_and_body.substr(0, blank);
    CHECK(head.starts_with("HTTP/1.0 200"));
    CHECK(head.find("Transfer-Encoding") == std::string::npos);
    CHECK(head.find("Content-Length") == std::string::npos);
    CHECK(head.find("keep-alive") == std::string::npos);  // it ends with the connection
    CHECK(head_and_body.size() - blank - 4 == 5000);
}
