// What the origin and the client see of a request relayed by the gateway.
#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

TEST_CASE("keep-alive: several requests on one client connection share one origin connection") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/connections"));
    auto before = client.read_response();
    REQUIRE(before);
    for (int i = 0; i < 5; ++i) {
        client.send(get("/hello"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == "hello from the test origin\n");
    }
    client.send(get("/connections"));
    auto after = client.read_response();
    REQUIRE(after);
    CHECK(after->body == before->body);  // no new origin connection was needed
}

TEST_CASE("a pooled origin connection the origin has closed is not used for the next request") {
    GatewayFixture gw(nlohmann::json{{"workers", 1}});
    RawClient client(gw.port());
    client.send(get("/then-close/20"));
    auto first = client.read_response();
    REQUIRE(first);
    REQUIRE(first->body == "closing soon\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    SECTION("an idempotent request is sent again on a fresh connection") {
        client.send(get("/bytes/3"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == "abc");
    }
    SECTION("a request that cannot be resent gets a connection checked first") {
        client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody");
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == "4");
    }
}

TEST_CASE("pipelined requests are answered in order") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/bytes/3") + get("/bytes/5") + get("/headers") + get("/bytes/7"));
    auto first = client.read_response();
    auto second = client.read_response();
    auto third = client.read_response();
    auto fourth = client.read_response();
    REQUIRE((first && second && third && fourth));
    CHECK(first->body == "abc");
    CHECK(second->body == "abcde");
    CHECK(third->body.find("Host: test.example") != std::string::npos);
    CHECK(fourth->body == "abcdefg");
}

TEST_CASE("hop-by-hop fields are removed, Via and forwarding fields set, Sec-GPC passed on") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/headers",
                    "Connection: keep-alive, X-Secret-Hop\r\n"
                    "X-Secret-Hop: drop me\r\n"
                    "Keep-Alive: timeout=5\r\n"
                    "TE: trailers\r\n"
                    "Upgrade: websocket\r\n"
                    "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                    "X-Forwarded-For: 203.0.113.9\r\n"
                    "Forwarded: for=203.0.113.9\r\n"
                    "Sec-GPC: 1\r\n"
                    "Via: 1.1 earlier-proxy\r\n"));
    auto res = client.read_response();
    REQUIRE(res);
    const auto& seen = res->body;
    INFO(seen);
    for (const char* gone : {"connection:", "x-secret-hop:", "keep-alive:", "te:", "upgrade:",
                             "proxy-authorization:", "203.0.113.9"}) {
        std::string lowered = seen;
        std::transform(lowered.begin(), lowered.end(), lowered.begin(), ::tolower);
        CHECK(lowered.find(gone) == std::string::npos);
    }
    CHECK(seen.find("Sec-GPC: 1\n") != std::string::npos);
    CHECK(seen.find("Via: 1.1 earlier-proxy, 1.1 tact\n") != std::string::npos);
    // The default forwards the client's /24 network, never its address.
    CHECK(seen.find("X-Forwarded-For: 127.0.0.0\n") != std::string::npos);
    CHECK(seen.find("X-Forwarded-Proto: http\n") != std::string::npos);
    CHECK(seen.find("X-Forwarded-Host: test.example\n") != std::string::npos);
    CHECK(seen.find("Forwarded: for=127.0.0.0;proto=http;host=test.example\n") !=
          std::string::npos);
    CHECK(seen.find("127.0.0.1") == std::string::npos);
    // The response says which hop it passed through.
    CHECK(res->header("via") == "1.1 tact");
}

TEST_CASE("behind a trusted balancer that ends TLS, the origin is told https") {
    GatewayFixture gw(nlohmann::json{{"trusted_proxies", {"127.0.0.0/8"}},
                                     {"forwarding", {{"trust_forwarded_proto", true}}}});
    for (const auto& [proto, told] : {std::pair{"https", "https"}, std::pair{"http", "http"}}) {
        RawClient client(gw.port());
        client.send(get("/headers", "X-Forwarded-For: 192.0.2.10\r\nX-Forwarded-Proto: " +
                                        std::string(proto) + "\r\n"));
        auto res = client.read_response();
        REQUIRE(res);
        INFO(res->body);
        CHECK(res->body.find("X-Forwarded-Proto: " + std::string(told) + "\n") !=
              std::string::npos);
        CHECK(res->body.find(";proto=" + std::string(told) + ";") != std::string::npos);
    }
}

TEST_CASE(
    "the full address and the location a CDN in front of the gateway passes on never reach the "
    "origin") {
    GatewayFixture gw(nlohmann::json{{"trusted_proxies", {"127.0.0.0/8"}}});
    RawClient client(gw.port());
    client.send(get("/headers",
                    "X-Forwarded-For: 198.51.100.77\r\n"
                    "True-Client-IP: 198.51.100.77\r\n"
                    "CF-Connecting-IP: 198.51.100.77\r\n"
                    "Fastly-Client-IP: 198.51.100.77\r\n"
                    "X-Azure-ClientIP: 198.51.100.77\r\n"
                    "CF-IPCity: Hamelin\r\n"
                    "CloudFront-Viewer-Latitude: 52.1\r\n"));
    auto res = client.read_response();
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->body.find("198.51.100.77") == std::string::npos);
    CHECK(res->body.find("Hamelin") == std::string::npos);  // nor where the CDN says it is
    CHECK(res->body.find("52.1") == std::string::npos);
    // The balancer's word is believed, and only its network goes on.
    CHECK(res->body.find("X-Forwarded-For: 198.51.100.0\n") != std::string::npos);
}

TEST_CASE("a trusted balancer's word on the scheme counts only when the operator says so") {
    GatewayFixture gw(nlohmann::json{{"trusted_proxies", {"127.0.0.0/8"}}});
    RawClient client(gw.port());
    client.send(get("/headers", "X-Forwarded-For: 192.0.2.10\r\nX-Forwarded-Proto: https\r\n"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->body.find("X-Forwarded-Proto: http\n") != std::string::npos);
}

TEST_CASE("client address forwarding can be turned off or made full") {
    SECTION("off") {
        GatewayFixture gw(nlohmann::json{{"forwarding", {{"client_address", "off"}}}});
        RawClient client(gw.port());
        client.send(get("/headers"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->body.find("X-Forwarded-For") == std::string::npos);
        CHECK(res->body.find("Forwarded: for=unknown;proto=http;host=test.example\n") !=
              std::string::npos);
    }
    SECTION("full") {
        GatewayFixture gw(nlohmann::json{{"forwarding", {{"client_address", "full"}}}});
        RawClient client(gw.port());
        client.send(get("/headers"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->body.find("X-Forwarded-For: 127.0.0.1\n") != std::string::npos);
    }
}

TEST_CASE("HEAD, 204 and 304 responses carry no body and keep the connection usable") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send("HEAD /bytes/5000 HTTP/1.1\r\nHost: test.example\r\n\r\n");
    auto head = client.read_response(/*head_request=*/true);
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->header("content-length") == "5000");
    client.send(get("/status/204"));
    auto no_content = client.read_response();
    REQUIRE(no_content);
    CHECK(no_content->status == 204);
    client.send(get("/status/304"));
    auto not_modified = client.read_response();
    REQUIRE(not_modified);
    CHECK(not_modified->status == 304);
    // Had any of them carried body bytes, this response would be garbled.
    client.send(get("/bytes/4"));
    auto after = client.read_response();
    REQUIRE(after);
    CHECK(after->body == "abcd");
}

TEST_CASE(
    "the origin's interim responses stay with the gateway and the client gets the final one") {
    GatewayFixture gw;
    RawClient client(gw.port());
    // With no pause the heads are usually read as soon as the request is
    // sent; with one, the gateway waits for the hints, then for the final head.
    for (const auto* target : {"/interim/0", "/interim/150", "/interim/0"}) {
        INFO(target);
        client.send(get(target));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == "after the hints\n");
        CHECK(res->header("link").empty());
    }
}

TEST_CASE("an origin switching protocols is a bad gateway: Upgrade is never forwarded") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/switching"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 502);
}

TEST_CASE("Expect: 100-continue gets an interim 100 before the body is sent") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(
        "POST /count HTTP/1.1\r\nHost: test.example\r\nContent-Length: 11\r\nExpect: "
        "100-continue\r\n\r\n");
    auto interim = client.read_until_close(25, std::chrono::seconds(5));
    CHECK(interim.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
    client.send("hello world");
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "11");
}

TEST_CASE("the gateway answers /__tact/health itself") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/__tact/health"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "{\"status\":\"ok\"}\n");
    CHECK(gw.origin_log().empty());
}

TEST_CASE(
    "the access log has the truncated network, the path without its query, and no raw address") {
    GatewayFixture gw;
    {
        RawClient client(gw.port());
        client.send(get("/bytes/10?email=someone%40example.com"));
        REQUIRE(client.read_response());
    }
    gw.gateway().signal(SIGTERM);
    REQUIRE(gw.gateway().wait(std::chrono::seconds(10)) == 0);
    const auto log = gw.access_log();
    INFO(log);
    CHECK(log.find("\"method\":\"GET\",\"path\":\"/bytes/10\",\"status\":200,\"bytes\":10") !=
          std::string::npos);
    CHECK(log.find("\"client_network\":\"127.0.0.0\"") != std::string::npos);
    CHECK(log.find("127.0.0.1") == std::string::npos);
    CHECK(log.find("email") == std::string::npos);
    // The gateway names its own listeners; any other mention of the loopback
    // address would be the client's.
    const auto output = gw.gateway().output();
    for (auto at = output.find("127.0.0.1"); at != std::string::npos;
         at = output.find("127.0.0.1", at + 1)) {
        const auto port = std::stoi(output.substr(at + 10, 5));
        CHECK((port == gw.port() || port == gw.origin_port() || port == gw.admin_port()));
    }
}

TEST_CASE("requests refused before the origin have access log lines too") {
    GatewayFixture gw(nlohmann::json{{"limits", {{"header_bytes", 2048}}}});
    {
        RawClient client(gw.port());  // a head over the limit: never read as a request
        client.send(get("/hello", "X-Big: " + std::string(4000, 'x') + "\r\n"));
        REQUIRE(client.read_response()->status == 431);
    }
    {
        RawClient client(gw.port());  // both lengths: refused before Beast reads the head
        client.send(
            "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
            "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        REQUIRE(client.read_response()->status == 400);
    }
    {
        RawClient client(gw.port());  // read, then refused: which Host is meant?
        client.send("GET /count HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        REQUIRE(client.read_response()->status == 400);
    }
    gw.gateway().signal(SIGTERM);
    REQUIRE(gw.gateway().wait(std::chrono::seconds(10)) == 0);
    const auto log = gw.access_log();
    INFO(log);
    CHECK(log.find("\"method\":\"-\",\"path\":\"-\",\"status\":431,") != std::string::npos);
    CHECK(log.find("\"method\":\"-\",\"path\":\"-\",\"status\":400,") != std::string::npos);
    CHECK(log.find("\"method\":\"GET\",\"path\":\"/count\",\"status\":400,") != std::string::npos);
    CHECK(log.find("127.0.0.1") == std::string::npos);
}

TEST_CASE("the click parameter is the gateway's: the origin never sees it") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/headers?x=1&tact_src=hero-banner&y=2"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(gw.origin_log().find("GET /headers?x=1&y=2\n") != std::string::npos);
    CHECK(gw.origin_log().find("tact_src") == std::string::npos);
}

TEST_CASE("the response says whether the connection persists, in the client's HTTP version") {
    GatewayFixture gw;
    SECTION("HTTP/1.0 asking for keep-alive gets it, and the connection serves another") {
        RawClient client(gw.port());
        for (int i = 0; i < 2; ++i) {
            client.send("GET /bytes/3 HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n");
            auto res = client.read_response();
            REQUIRE(res);
            CHECK(res->body == "abc");
            CHECK(res->header("connection") == "keep-alive");
            CHECK(res->headers.count("connection") == 1);
        }
    }
    SECTION("HTTP/1.0 without it is closed after the response") {
        RawClient client(gw.port());
        client.send("GET /bytes/3 HTTP/1.0\r\nHost: a\r\n\r\n");
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->body == "abc");
        CHECK(res->headers.count("connection") == 0);  // closing is 1.0's default
        CHECK(client.closed_by_peer());
    }
    SECTION("HTTP/1.1 asking to close is told so, and closed") {
        RawClient client(gw.port());
        client.send(get("/bytes/3", "Connection: close\r\n"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->body == "abc");
        CHECK(res->header("connection") == "close");
        CHECK(client.closed_by_peer());
    }
    SECTION("HTTP/1.1 by default persists without saying so") {
        RawClient client(gw.port());
        client.send(get("/bytes/3"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->headers.count("connection") == 0);
        CHECK_FALSE(client.closed_by_peer(std::chrono::milliseconds(200)));
    }
}
