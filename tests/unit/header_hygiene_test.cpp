// Fields a proxy must drop, add and replace (RFC 9110 7.6, RFC 7239).
#include "proxy/header_hygiene.hpp"

#include <boost/beast/http/fields.hpp>
#include <catch2/catch.hpp>

#include "http_fields/field_lookup.hpp"
#include "relayed_fields.hpp"

namespace http = boost::beast::http;
using namespace tact::proxy;
using tact::http_fields::AddedFields;
using tact::http_fields::field_count;
using tact::http_fields::field_value;
using tact::http_fields::FieldList;
using tact::test::relayed_fields;

TEST_CASE("hop-by-hop fields and the fields Connection names are removed") {
    FieldList f;
    f.append(http::field::connection, "keep-alive, X-Hop, Upgrade");
    f.append(http::field::connection, "close");
    f.append("X-Hop", "1");
    f.append(http::field::keep_alive, "timeout=5");
    f.append(http::field::te, "trailers");
    f.append(http::field::trailer, "Expires");
    f.append(http::field::transfer_encoding, "chunked");
    f.append(http::field::upgrade, "websocket");
    f.append(http::field::proxy_authorization, "Basic x");
    f.append("Proxy-Connection", "keep-alive");
    f.append("Sec-GPC", "1");
    f.append(http::field::cookie, "a=b");
    f.append("Proxyish", "kept: only Proxy-* with the dash is hop-by-hop");
    remove_hop_by_hop_fields(f);
    std::vector<std::string> left;
    for (const auto& field : f) left.emplace_back(field.name_string());
    CHECK(left == std::vector<std::string>{"Sec-GPC", "Cookie", "Proxyish"});
}

TEST_CASE("Connection naming only Keep-Alive removes that and the usual hop-by-hop fields") {
    FieldList f;
    f.append(http::field::connection, "Keep-Alive");
    f.append(http::field::keep_alive, "timeout=5");
    f.append(http::field::content_type, "text/html");
    f.append("Keep", "not named: kept");
    remove_hop_by_hop_fields(f);
    std::vector<std::string> left;
    for (const auto& field : f) left.emplace_back(field.name_string());
    CHECK(left == std::vector<std::string>{"Content-Type", "Keep"});
}

TEST_CASE("Via records this hop after earlier ones") {
    FieldList f;
    AddedFields first;
    add_via(f, 11, first);
    CHECK(first.lines() == "Via: 1.1 tact\r\n");

    FieldList relayed;  // as the next hop reads it
    for (const auto& field : relayed_fields(f, first))
        relayed.append(field.name_string(), field.value());
    AddedFields second;
    add_via(relayed, 10, second);
    CHECK(field_count(relayed, http::field::via) == 0);  // replaced, not repeated
    CHECK(second.lines() == "Via: 1.1 tact, 1.0 tact\r\n");
}

TEST_CASE("Via keeps every earlier hop, on however many lines they came") {
    FieldList f;
    f.append(http::field::via, "1.0 fred");
    f.append(http::field::host, "shop.example");
    f.append(http::field::via, "1.1 p.example");
    AddedFields added;
    add_via(f, 11, added);
    CHECK(field_count(f, http::field::via) == 0);
    CHECK(field_value(f, http::field::host) == "shop.example");
    CHECK(added.lines() == "Via: 1.0 fred, 1.1 p.example, 1.1 tact\r\n");
}

TEST_CASE("forwarding fields replace what the client claimed") {
    // The client's are found among the fields Beast does not know, which
    // must stay true (a Beast that knew one would parse it under its enum).
    for (const auto name : kForwardingClaims)
        CHECK(http::string_to_field(name) == http::field::unknown);
    for (const char* name : {"Tact-Policy", "Tact-Consent", "Tact-Context"})
        CHECK(http::string_to_field(name) == http::field::unknown);
    FieldList client;
    client.append("X-Forwarded-For", "203.0.113.9");
    client.append("X-Real-IP", "203.0.113.9");
    client.append(http::field::forwarded, "for=203.0.113.9");
    // The full address as CDNs and balancers in front of the gateway pass it on.
    client.append("true-client-ip", "203.0.113.9");
    client.append("CF-Connecting-IP", "203.0.113.9");
    client.append("Fastly-Client-IP", "203.0.113.9");
    client.append("CloudFront-Viewer-Address", "203.0.113.9:46532");
    client.append("X-Azure-ClientIP", "203.0.113.9");
    // And where the visitor is, finer than a policy may allow.
    client.append("CloudFront-Viewer-City", "Munich");
    client.append("cf-iplatitude", "48.137");
    client.append("CF-Postal-Code", "80331");
    client.append("X-Vercel-IP-Postal-Code", "80331");
    client.append("X-Akamai-Edgescape", "georegion=82,country_code=DE,city=MUNICH");
    client.append(http::field::accept, "text/html");
    AddedFields added;
    const auto forwarded = [&](const ForwardingFacts& facts) {
        set_forwarding_fields(client, facts, added);
        // Only Accept is left of what the client sent.
        CHECK(std::distance(client.begin(), client.end()) == 1);
        return relayed_fields(client, added);
    };
    SECTION("IPv4 network") {
        const auto f = forwarded({.client = "192.0.2.0",
                                  .client_is_ipv6 = false,
                                  .https = true,
                                  .host = "shop.example"});
        CHECK(f.count("X-Forwarded-For") == 1);
        CHECK(f["X-Forwarded-For"] == "192.0.2.0");
        CHECK(f["X-Forwarded-Proto"] == "https");
        CHECK(f["X-Forwarded-Host"] == "shop.example");
        CHECK(f[http::field::forwarded] == "for=192.0.2.0;proto=https;host=shop.example");
        CHECK(f.count("X-Real-IP") == 0);
        CHECK(f.count(http::field::forwarded) == 1);
    }
    SECTION("IPv6 network is quoted and bracketed in Forwarded") {
        const auto f = forwarded({.client = "2001:db8:1::",
                                  .client_is_ipv6 = true,
                                  .https = false,
                                  .host = "shop.example:8080"});
        CHECK(f["X-Forwarded-For"] == "2001:db8:1::");
        CHECK(f[http::field::forwarded] ==
              "for=\"[2001:db8:1::]\";proto=http;host=\"shop.example:8080\"");
    }
    SECTION("no address at all") {
        const auto f = forwarded(
            {.client = std::nullopt, .client_is_ipv6 = false, .https = false, .host = ""});
        CHECK(f.count("X-Forwarded-For") == 0);
        CHECK(f.count("X-Forwarded-Host") == 0);
        CHECK(f[http::field::forwarded] == "for=unknown;proto=http");
    }
}

TEST_CASE("the gateway's own cookies are not relayed to the origin, the site's are") {
    const std::initializer_list<std::string_view> gateways = {"tact_consent", "tact_profile"};
    FieldList f;
    f.append(http::field::cookie, "theme=dark; tact_consent=c1.k.abc; _ga=GA1.1; tact_profile=p1");
    f.append(http::field::host, "shop.example");
    f.append(http::field::cookie, "tact_profile=p1.k.x");  // nothing else on this line
    f.append(http::field::cookie, "cart=3;lang=de");       // none of the gateway's
    AddedFields added;
    remove_gateway_cookies(f, gateways, added);

    std::vector<std::string> left;
    for (const auto& field : f) left.emplace_back(field.value());
    CHECK(left == std::vector<std::string>{"shop.example"});
    // One line, the site's cookies in the order the client sent them.
    CHECK(added.lines() == "Cookie: theme=dark; _ga=GA1.1; cart=3; lang=de\r\n");
}

TEST_CASE("Cookie fields without the gateway's cookies are left as they came") {
    const std::initializer_list<std::string_view> gateways = {"tact_consent", "tact_profile"};
    FieldList f;
    f.append(http::field::cookie, "id=2");  // as an HTTP/2 client sends them, one per line
    f.append(http::field::cookie, "id=1;lang=de");
    AddedFields added;
    remove_gateway_cookies(f, gateways, added);
    std::vector<std::string> left;
    for (const auto& field : f) left.emplace_back(field.value());
    CHECK(left == std::vector<std::string>{"id=2", "id=1;lang=de"});
    CHECK(added.lines().empty());
}

TEST_CASE("a Cookie field of the gateway's before the site's keeps the site's order") {
    const std::initializer_list<std::string_view> gateways = {"tact_consent", "tact_profile"};
    FieldList f;
    f.append(http::field::cookie, "id=2; tact_consent=c1");  // the path-specific id first
    f.append(http::field::cookie, "id=1");
    f.append(http::field::cookie, "tact_profile=p1");
    AddedFields added;
    remove_gateway_cookies(f, gateways, added);
    CHECK(field_value(f, http::field::cookie).empty());
    CHECK(added.lines() == "Cookie: id=2; id=1\r\n");
}

TEST_CASE("only a cookie of exactly the gateway's name goes, wherever that name appears") {
    const std::initializer_list<std::string_view> gateways = {"tact_consent", "tact_profile"};
    FieldList f;
    // A longer name, the name as another cookie's value, and no '=' at all.
    const std::string others = "tact_consentx=1; note=tact_consent=2; tact_profile; tact_profil=3";
    f.append(http::field::cookie, others);
    AddedFields added;
    remove_gateway_cookies(f, gateways, added);
    CHECK(field_value(f, http::field::cookie) ==
          others);  // "tact_profile" alone is no pair of ours
    CHECK(added.lines().empty());
}
