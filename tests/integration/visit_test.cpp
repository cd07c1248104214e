// What the gateway reads of a visit, seen through /__tact/visit: GeoIP with
// the trusted-proxy rule both ways, and the demo's location switch.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

namespace {

const std::string kCity = std::string(TACT_TEST_GEOIP_DIR) + "/test-city.mmdb";

nlohmann::json visit(GatewayFixture& gw, const std::string& target,
                     const std::string& headers = "") {
    RawClient client(gw.port());
    client.send(get(target, headers));
    auto res = client.read_response();
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->header("cache-control") == "no-store");
    return nlohmann::json::parse(res->body);
}

std::string signal(const nlohmann::json& report, const std::string& name) {
    for (const auto& s : report["signals"])
        if (s["name"] == name) return s["value"];
    return "";
}

}  // namespace

TEST_CASE("behind a trusted proxy, the location is the forwarded client's") {
    GatewayFixture gw(
        nlohmann::json{{"geoip", {{"database", kCity}}}, {"trusted_proxies", {"127.0.0.0/8"}}});
    const auto report =
        visit(gw, "/__tact/visit", "X-Forwarded-For: 192.0.2.10\r\nAccept-Language: de-DE\r\n");
    CHECK(report["location"]["country"] == "DE");
    CHECK(report["location"]["city"] == "München");
    CHECK(report["location"]["in_eu_eea"] == true);
    CHECK(signal(report, "geo.subdivision") == "DE-BY");
    CHECK(signal(report, "language.primary") == "de");
    CHECK(!signal(report, "time.daypart").empty());
    // The origin is told the forwarded client's network, not the proxy's.
    RawClient client(gw.port());
    client.send(get("/headers", "X-Forwarded-For: 192.0.2.10\r\n"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->body.find("X-Forwarded-For: 192.0.2.0\n") != std::string::npos);
}

TEST_CASE("from a peer that is not a trusted proxy, X-Forwarded-For cannot choose the location") {
    GatewayFixture gw(nlohmann::json{{"geoip", {{"database", kCity}}}});
    const auto report = visit(gw, "/__tact/visit", "X-Forwarded-For: 192.0.2.10\r\n");
    CHECK(report["location"]["country"] == "");  // the real peer is loopback: no location
    CHECK(signal(report, "geo.country").empty());
}

TEST_CASE("the demo's switch looks up a chosen test address, and the origin never sees it") {
    GatewayFixture gw(nlohmann::json{
        {"geoip", {{"database", kCity}}},
        {"demo_visitors", {{"addresses", {{"ir", "198.51.100.7"}, {"us-ca", "192.0.2.130"}}}}}});
    const auto tehran = visit(gw, "/__tact/visit?tact_demo_from=ir");
    CHECK(tehran["location"]["city"] == "تهران");
    CHECK(signal(tehran, "geo.country") == "IR");
    CHECK(visit(gw, "/__tact/visit?tact_demo_from=us-ca")["location"]["subdivision"] == "US-CA");
    CHECK(visit(gw, "/__tact/visit?tact_demo_from=nowhere")["location"]["country"] == "");
    // The banner's requests from a page opened with the switch count as that page's.
    CHECK(visit(gw, "/__tact/visit",
                "Referer: http://test.example/?tact_demo_from=ir\r\n")["location"]["country"] ==
          "IR");

    RawClient client(gw.port());
    client.send(get("/hello?tact_demo_from=ir&tact_src=hero&keep=1"));
    REQUIRE(client.read_response());
    CHECK(gw.origin_log().find("GET /hello?keep=1\n") != std::string::npos);
}

TEST_CASE("without demo_visitors in the configuration the switch does nothing") {
    GatewayFixture gw(nlohmann::json{{"geoip", {{"database", kCity}}}});
    CHECK(visit(gw, "/__tact/visit?tact_demo_from=ir")["location"]["country"] == "");
}
