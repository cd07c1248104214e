// TLS termination with a certificate made at test time, and an https origin
// reached with certificate verification (a second gateway plays the origin).
#include <openssl/ssl.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>

#include "admin_metrics.hpp"
#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

// A self-signed certificate for localhost and 127.0.0.1, valid for a day.
void make_certificate(const TempDir& dir) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
        (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
}

// The listener's TLS settings for the certificate make_certificate made.
nlohmann::json tls_listener(const TempDir& certs) {
    return {{"tls",
             {{"certificate", (certs / "cert.pem").string()},
              {"private_key", (certs / "key.pem").string()}}}};
}

struct TlsAnswer {
    std::string response;
    std::string alpn;
    int version = 0;
};

TlsAnswer fetch_over_tls(unsigned short port, const std::filesystem::path& ca,
                         int max_version = 0) {
    net::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(ca.string());
    ctx.set_verify_mode(ssl::verify_peer);
    if (max_version) SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
    if (max_version) SSL_CTX_set_min_proto_version(ctx.native_handle(), max_version);
    if (max_version) SSL_CTX_set_security_level(ctx.native_handle(), 0);
    static const unsigned char protos[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(ctx.native_handle(), protos, sizeof protos);
    ssl::stream<tcp::socket> stream(io, ctx);
    stream.set_verify_callback(ssl::host_name_verification("localhost"));
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    stream.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
    stream.handshake(ssl::stream_base::client);
    TlsAnswer answer;
    const unsigned char* alpn = nullptr;
    unsigned alpn_length = 0;
    SSL_get0_alpn_selected(stream.native_handle(), &alpn, &alpn_length);
    answer.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_length);
    answer.version = SSL_version(stream.native_handle());
    net::write(stream,
               net::buffer(std::string(
                   "GET /headers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")));
    boost::system::error_code ec;
    std::string data;
    net::read(stream, net::dynamic_buffer(data), ec);
    answer.response = data;
    return answer;
}

}  // namespace

TEST_CASE("TLS is terminated with TLS 1.2+ and ALPN http/1.1") {
    TempDir certs;
    make_certificate(certs);
    GatewayFixture gw(nlohmann::json{{"listen", tls_listener(certs)}});
    auto answer = fetch_over_tls(gw.port(), certs / "cert.pem");
    CHECK(answer.alpn == "http/1.1");
    CHECK(answer.version >= TLS1_2_VERSION);
    CHECK(answer.response.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    // The origin learns the client came over https.
    CHECK(answer.response.find("X-Forwarded-Proto: https") != std::string::npos);

    SECTION("TLS 1.1 is refused") {
        CHECK_THROWS(fetch_over_tls(gw.port(), certs / "cert.pem", TLS1_1_VERSION));
    }
}

TEST_CASE("an https origin is reached with certificate verification") {
    TempDir certs;
    make_certificate(certs);
    // The origin side: a gateway terminating TLS in front of the test origin.
    GatewayFixture tls_origin(nlohmann::json{{"listen", tls_listener(certs)}});
    SECTION("a trusted certificate for the right name") {
        GatewayFixture gw(nlohmann::json{
            {"upstream",
             {{"port", tls_origin.port()},
              {"scheme", "https"},
              {"tls",
               {{"ca_file", (certs / "cert.pem").string()}, {"server_name", "localhost"}}}}}});
        RawClient client(gw.port());
        client.send(get("/bytes/6"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == "abcdef");
        CHECK(res->header("via") == "1.1 tact, 1.1 tact");
    }
    SECTION("a certificate for another name is refused: 502") {
        GatewayFixture gw(nlohmann::json{
            {"upstream",
             {{"port", tls_origin.port()},
              {"scheme", "https"},
              {"tls",
               {{"ca_file", (certs / "cert.pem").string()}, {"server_name", "example.org"}}}}}});
        RawClient client(gw.port());
        client.send(get("/bytes/6"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 502);
    }
    SECTION("an untrusted certificate is refused: 502") {
        GatewayFixture gw(
            nlohmann::json{{"upstream", {{"port", tls_origin.port()}, {"scheme", "https"}}}});
        RawClient client(gw.port());
        client.send(get("/bytes/6"));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->status == 502);
    }
}

TEST_CASE("an idle TLS connection is closed after the idle timeout") {
    TempDir certs;
    make_certificate(certs);
    GatewayFixture gw(
        nlohmann::json{{"listen", tls_listener(certs)}, {"timeouts", {{"idle_ms", 300}}}});
    net::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file((certs / "cert.pem").string());
    ctx.set_verify_mode(ssl::verify_peer);
    ssl::stream<tcp::socket> stream(io, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    stream.next_layer().connect({net::ip::make_address("127.0.0.1"), gw.port()});
    stream.handshake(ssl::stream_base::client);

    // Sends nothing after the handshake; the gateway must end the connection.
    const auto started = std::chrono::steady_clock::now();
    std::array<char, 64> room;
    bool ended = false;
    boost::system::error_code ec;
    stream.async_read_some(net::buffer(room), [&](boost::system::error_code e, std::size_t) {
        ended = true;
        ec = e;
    });
    io.run_for(std::chrono::seconds(5));
    REQUIRE(ended);
    CHECK(ec);  // closed, not answered
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
}

TEST_CASE("a client that fails the TLS handshake no longer counts as its worker's") {
    TempDir certs;
    make_certificate(certs);
    GatewayFixture gw(nlohmann::json{{"listen", tls_listener(certs)}, {"workers", 1}});
    // The fixture's own look at whether the port is open counts for a moment.
    REQUIRE(worker_connections_reach(gw.admin_port(), {0}));
    RawClient plain(gw.port());
    CHECK(worker_connections_reach(gw.admin_port(), {1}));
    plain.send(get("/hello"));  // HTTP where a TLS ClientHello should be
    CHECK(plain.closed_by_peer());
    CHECK(worker_connections_reach(gw.admin_port(), {0}));
}
