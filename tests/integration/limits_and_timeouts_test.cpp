// Limits and timeouts, each with the status an operator and a client expect.
#include <catch2/catch.hpp>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;
using namespace std::chrono_literals;

TEST_CASE("a request head over the limit gets 431") {
    GatewayFixture gw(nlohmann::json{{"limits", {{"header_bytes", 2048}}}});
    RawClient client(gw.port());
    client.send(get("/hello", "X-Big: " + std::string(4000, 'x') + "\r\n"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 431);
    CHECK(client.closed_by_peer());
    CHECK(gw.origin_log().empty());
}

TEST_CASE("empty lines before a request count against the head's limit and its timeout") {
    // RFC 9112 2.2 lets a server ignore empty lines before a request line;
    // a client sending nothing else must still meet the limits.
    SECTION("a flood of them gets 431") {
        GatewayFixture gw(nlohmann::json{{"limits", {{"header_bytes", 2048}}}});
        RawClient client(gw.port());
        std::string lines;
        for (int i = 0; i < 2000; ++i) lines += "\r\n";  // 4000 bytes of nothing
        client.send(lines);
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 431);
        CHECK(client.closed_by_peer());
    }
    SECTION("one now and then does not keep an idle connection open") {
        GatewayFixture gw(nlohmann::json{{"timeouts", {{"idle_ms", 2000}, {"header_ms", 300}}}});
        RawClient client(gw.port());
        const auto started = std::chrono::steady_clock::now();
        bool closed = false;
        for (int i = 0; i < 20 && !closed; ++i) {
            client.send("\r\n");
            closed = client.closed_by_peer(200ms);
        }
        CHECK(closed);
        CHECK(std::chrono::steady_clock::now() - started < 1500ms);  // the idle timeout is 2 s
    }
    SECTION("a request after one is served as usual") {
        GatewayFixture gw;
        RawClient client(gw.port());
        client.send("\r\n" + get("/hello"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
    }
}

TEST_CASE("a request body over the limit gets 413") {
    GatewayFixture gw(nlohmann::json{{"limits", {{"request_body_bytes", 1000}}}});
    SECTION("announced by Content-Length") {
        RawClient client(gw.port());
        client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" +
                    std::string(5000, 'b'));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 413);
    }
    SECTION("found while reading a chunked body") {
        RawClient client(gw.port());
        client.send("POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
                    std::string(2048, 'b') + "\r\n0\r\n\r\n");
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 413);
    }
    SECTION("a body within the limit passes") {
        RawClient client(gw.port());
        client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" +
                    std::string(1000, 'b'));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == "1000");
    }
}

TEST_CASE("an origin that refuses connections gives 502 with a page that leaks nothing") {
    GatewayFixture gw({}, /*start_origin=*/false);
    RawClient client(gw.port());
    client.send(get("/hello"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 502);
    CHECK(res->header("content-type") == "text/html; charset=utf-8");
    CHECK(res->body.find("502 Bad Gateway") != std::string::npos);
    CHECK(res->body.find(std::to_string(gw.origin_port())) == std::string::npos);
    CHECK(res->body.find("127.0.0.1") == std::string::npos);
    CHECK(res->body.find("refused") == std::string::npos);
    // The client's connection stays usable after a gateway error.
    client.send(get("/__tact/health"));
    auto health = client.read_response();
    REQUIRE(health);
    CHECK(health->status == 200);
}

TEST_CASE("an origin too slow to answer gives 504") {
    GatewayFixture gw(nlohmann::json{{"timeouts", {{"upstream_response_ms", 300}}}});
    RawClient client(gw.port());
    client.send(get("/slow-head/3000"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 504);
}

TEST_CASE("an origin that times out on a pooled connection gets the request only once") {
    GatewayFixture gw(nlohmann::json{{"timeouts", {{"upstream_response_ms", 300}}}});
    RawClient client(gw.port());
    const auto status_of = [&](const std::string& target) {
        client.send(get(target));
        const auto res = client.read_response();
        return res ? res->status : 0;
    };
    REQUIRE(status_of("/hello") == 200);  // leaves its origin connection in the pool
    CHECK(status_of("/slow-head/2000") == 504);
    // A timeout is not a pooled connection the origin closed: no second try.
    const auto log = gw.origin_log();
    const auto first_at = log.find("GET /slow-head/2000\n");
    REQUIRE(first_at != std::string::npos);
    CHECK(log.find("GET /slow-head/2000\n", first_at + 1) == std::string::npos);
}

TEST_CASE("an origin that resets mid-body makes the gateway close the client connection") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/reset/100000"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->header("content-length") == "100000");
    CHECK_FALSE(res->complete);  // never a truncated body that looks whole
    CHECK(res->body.size() < 100000);
    CHECK(client.closed_by_peer());
}

TEST_CASE("an origin that resets before any body byte gives 502, not an empty reply") {
    GatewayFixture gw;
    for (int i = 0; i < 20; ++i) {
        RawClient client(gw.port());
        client.send(get("/reset-after-head/100000"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 502);
    }
}

TEST_CASE("an origin that resets mid-chunked-body never gets a final chunk sent for it") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/reset-chunked/50000"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->header("transfer-encoding") == "chunked");
    CHECK_FALSE(res->complete);  // no zero-size chunk: the client knows it was cut short
    CHECK(client.closed_by_peer());
}

TEST_CASE("a client that trickles its request head is cut off at the header timeout (slowloris)") {
    GatewayFixture gw(nlohmann::json{{"timeouts", {{"header_ms", 500}}}});
    RawClient client(gw.port());
    const std::string head = "GET /hello HTTP/1.1\r\nHost: a\r\nX-Slow: ";
    const auto started = std::chrono::steady_clock::now();
    bool closed = false;
    // One byte every 100 ms: each byte arrives well within any per-read timeout.
    for (int i = 0; i < 40 && !closed; ++i) {
        client.send(i < static_cast<int>(head.size()) ? std::string(1, head[i]) : "x");
        closed = client.closed_by_peer(100ms);
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(closed);
    CHECK(elapsed < 2500ms);
    CHECK(gw.origin_log().empty());
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout") {
    GatewayFixture gw(nlohmann::json{{"timeouts", {{"idle_ms", 300}}}});
    RawClient client(gw.port());
    client.send(get("/hello"));
    REQUIRE(client.read_response());
    CHECK(client.closed_by_peer(3s));
}
