// The trusted-proxy rule, both ways: a forwarded address is believed only
// from a trusted peer.
#include "proxy/originating_client.hpp"

#include <catch2/catch.hpp>

#include "config/ip_network.hpp"
#include "http_fields/field_list.hpp"

using boost::asio::ip::make_address;
using tact::config::parse_ip_network;
using tact::proxy::originating_client;
namespace http = boost::beast::http;

namespace {

std::string client(const char* peer,
                   std::initializer_list<std::pair<const char*, const char*>> fields,
                   std::initializer_list<const char*> trusted = {"10.0.0.0/8",
                                                                 "2001:db8:ffff::/48"}) {
    tact::http_fields::FieldList f;
    for (const auto& [name, value] : fields) f.append(name, value);
    std::vector<tact::config::IpNetwork> networks;
    for (const char* t : trusted) networks.push_back(*parse_ip_network(t));
    return originating_client(make_address(peer), f, networks).to_string();
}

}  // namespace

TEST_CASE("a forwarded address from an untrusted peer is ignored") {
    CHECK(client("198.51.100.9", {{"X-Forwarded-For", "192.0.2.1"}}) == "198.51.100.9");
    CHECK(client("198.51.100.9", {{"Forwarded", "for=192.0.2.1"}}) == "198.51.100.9");
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "192.0.2.1"}}, {}) ==
          "10.0.0.1");  // no trusted proxies
}

TEST_CASE("behind trusted proxies, the nearest untrusted hop is the client") {
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "192.0.2.1"}}) == "192.0.2.1");
    // A client cannot push its claim past the hop our proxy added.
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "203.0.113.66, 192.0.2.1"}}) == "192.0.2.1");
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "192.0.2.1, 10.0.0.2"}}) == "192.0.2.1");
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "192.0.2.1"}, {"X-Forwarded-For", "10.0.0.3"}}) ==
          "192.0.2.1");
    CHECK(client("::ffff:10.0.0.1", {{"X-Forwarded-For", "2001:db8:1::5"}}) == "2001:db8:1::5");
    CHECK(client("2001:db8:ffff::1", {{"X-Forwarded-For", "192.0.2.1"}}) == "192.0.2.1");
}

TEST_CASE("Forwarded is read when X-Forwarded-For is absent") {
    CHECK(client("10.0.0.1", {{"Forwarded", "for=192.0.2.60;proto=http;by=10.0.0.1"}}) ==
          "192.0.2.60");
    CHECK(client("10.0.0.1", {{"Forwarded", "for=\"[2001:db8:1::1]:4711\""}}) == "2001:db8:1::1");
    CHECK(client("10.0.0.1", {{"Forwarded", "for=192.0.2.1:8080, for=10.0.0.7"}}) == "192.0.2.1");
}

TEST_CASE("garbage in the chain is not believed") {
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "not-an-address"}}) == "10.0.0.1");
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "192.0.2.1, unknown"}}) == "10.0.0.1");
    CHECK(client("10.0.0.1", {{"Forwarded", "for=unknown"}}) == "10.0.0.1");
    CHECK(client("10.0.0.1", {}) == "10.0.0.1");
    // Every hop trusted: the request started inside, at the farthest hop.
    CHECK(client("10.0.0.1", {{"X-Forwarded-For", "10.9.9.9, 10.0.0.2"}}) == "10.9.9.9");
}

TEST_CASE("networks in CIDR notation") {
    CHECK(parse_ip_network("10.0.0.0/8")->contains(make_address("10.200.1.1")));
    CHECK_FALSE(parse_ip_network("10.0.0.0/8")->contains(make_address("11.0.0.1")));
    CHECK(parse_ip_network("192.0.2.128/25")->contains(make_address("::ffff:192.0.2.200")));
    CHECK(parse_ip_network("2001:db8::/32")->contains(make_address("2001:db8:ab::1")));
    CHECK_FALSE(parse_ip_network("2001:db8::/32")->contains(make_address("10.0.0.1")));
    CHECK(parse_ip_network("0.0.0.0/0")->contains(make_address("203.0.113.1")));
    for (const char* bad :
         {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "::/129", "10.0.0.0/8x", "x/8"}) {
        INFO(bad);
        CHECK_FALSE(parse_ip_network(bad));
    }
}

namespace {

bool https(const char* peer, std::initializer_list<std::pair<const char*, const char*>> fields) {
    tact::http_fields::FieldList f;
    for (const auto& [name, value] : fields) f.append(name, value);
    const std::vector<tact::config::IpNetwork> trusted{*parse_ip_network("10.0.0.0/8")};
    return tact::proxy::trusted_proxy_says_https(make_address(peer), f, trusted);
}

}  // namespace

TEST_CASE("a trusted balancer that ends TLS itself says the visitor came over HTTPS") {
    CHECK(https("10.0.0.1", {{"X-Forwarded-Proto", "https"}}));
    CHECK(https("10.0.0.1", {{"X-Forwarded-Proto", "HTTPS"}}));
    CHECK_FALSE(https("10.0.0.1", {{"X-Forwarded-Proto", "http"}}));
    CHECK_FALSE(https("10.0.0.1", {}));
    // Forwarded's proto, quoted or not, when X-Forwarded-Proto is absent.
    CHECK(https("10.0.0.1", {{"Forwarded", "for=192.0.2.1;proto=https;host=shop.example"}}));
    CHECK(https("10.0.0.1", {{"Forwarded", "for=192.0.2.1;proto=\"https\""}}));
}

TEST_CASE("only the nearest hop's word on the scheme counts, and only from a trusted peer") {
    CHECK_FALSE(https("198.51.100.9", {{"X-Forwarded-Proto", "https"}}));  // not trusted
    // A balancer that appends: the visitor's own claim comes first, its word last.
    CHECK_FALSE(https("10.0.0.1", {{"X-Forwarded-Proto", "https, http"}}));
    CHECK(https("10.0.0.1", {{"X-Forwarded-Proto", "http"}, {"X-Forwarded-Proto", "https"}}));
    CHECK_FALSE(
        https("10.0.0.1", {{"Forwarded", "for=192.0.2.1;proto=https, for=10.0.0.9;proto=http"}}));
    // The last element of all Forwarded lines: one without proto says nothing,
    // whatever an earlier line (the client's own, say) claimed.
    CHECK_FALSE(https("10.0.0.1",
                      {{"Forwarded", "for=192.0.2.1;proto=https"}, {"Forwarded", "for=10.0.0.9"}}));
    // X-Forwarded-Proto first, as for the address.
    CHECK_FALSE(https("10.0.0.1",
                      {{"X-Forwarded-Proto", "http"}, {"Forwarded", "for=192.0.2.1;proto=https"}}));
}
