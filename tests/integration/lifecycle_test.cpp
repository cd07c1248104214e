// Start-up errors, reload on SIGHUP and drain on SIGTERM, as an operator meets them.
#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;
using namespace std::chrono_literals;

TEST_CASE("an invalid configuration at start exits 3 naming the file, line, key and fix") {
    TempDir dir;
    write_file(dir / "tact.json",
               "{\n  \"upstream\": {\"host\": \"127.0.0.1\", \"port\": 8081},\n  \"listen\": "
               "{\"prot\": 80}\n}\n");
    Process tact({TACT_BINARY, "serve", "-c", (dir / "tact.json").string()}, dir / "out");
    REQUIRE(tact.wait(10s) == 3);
    CHECK(tact.output() ==
          "tact: " + (dir / "tact.json").string() +
              ":3: key \"listen.prot\": unknown key. Fix: remove it, or check its spelling; "
              "keys allowed here: address, port, tls\n");
}

TEST_CASE("a port already taken exits 1 with what to do") {
    GatewayFixture first;
    TempDir dir;
    auto config = first.config();
    config["listen"]["port"] = free_port();
    config["admin"]["port"] = first.admin_port();  // held by the first gateway
    write_file(dir / "tact.json", config.dump());
    Process second({TACT_BINARY, "serve", "-c", (dir / "tact.json").string()}, dir / "out");
    REQUIRE(second.wait(10s) == 1);
    CHECK(second.output().find("cannot listen on 127.0.0.1:" + std::to_string(first.admin_port()) +
                               ": Address already in use") != std::string::npos);
    CHECK(second.output().find("change \"admin.port\"") != std::string::npos);
}

TEST_CASE("SIGHUP with an invalid configuration keeps the running one and the connections") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/hello"));
    REQUIRE(client.read_response());

    write_file(gw.config_file(),
               "{ \"upstream\": { \"host\": \"127.0.0.1\", \"port\": \"eighty\" } }");
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("reload refused, the running configuration stays in force"));
    CHECK(gw.gateway().output().find(
              "key \"upstream.port\": expected a whole number from 1 to 65535") !=
          std::string::npos);

    // The same connection still works, with the old configuration.
    client.send(get("/hello"));
    auto res = client.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(gw.gateway().running());
}

TEST_CASE("SIGHUP with a valid configuration applies it without dropping connections") {
    GatewayFixture gw;
    RawClient client(gw.port());
    client.send(get("/headers"));
    auto before = client.read_response();
    REQUIRE(before);
    CHECK(before->body.find("X-Forwarded-For: 127.0.0.0") != std::string::npos);

    auto config = gw.config();
    config["forwarding"] = {{"client_address", "off"}};
    gw.write_config(config);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("configuration reloaded"));

    client.send(get("/headers"));
    auto after = client.read_response();
    REQUIRE(after);
    CHECK(after->body.find("X-Forwarded-For") == std::string::npos);
}

TEST_CASE("SIGTERM lets requests in flight finish, closes idle connections, and exits 0") {
    GatewayFixture gw;
    RawClient idle(gw.port());
    idle.send(get("/hello"));
    REQUIRE(idle.read_response());

    RawClient busy(gw.port());
    busy.send(get("/slow-head/800"));
    std::this_thread::sleep_for(200ms);
    gw.gateway().signal(SIGTERM);

    auto res = busy.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "slow\n");
    CHECK(res->header("connection") == "close");
    CHECK(idle.closed_by_peer(2s));
    CHECK(gw.gateway().wait(10s) == 0);
    CHECK_THROWS(RawClient(gw.port()));  // no longer accepting
}

TEST_CASE("SIGTERM gives up on requests still running after the drain timeout") {
    GatewayFixture gw(nlohmann::json{{"timeouts", {{"drain_ms", 300}}}});
    RawClient busy(gw.port());
    busy.send(get("/slow-head/5000"));
    std::this_thread::sleep_for(100ms);
    const auto started = std::chrono::steady_clock::now();
    gw.gateway().signal(SIGTERM);
    CHECK(gw.gateway().wait(10s) == 0);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK(gw.gateway().output().find("drain timeout reached") != std::string::npos);
}

TEST_CASE("a GeoIP database that cannot be opened stops the start, naming the file") {
    TempDir dir;
    write_file(dir / "broken.mmdb", "not a database");
    write_file(dir / "tact.json", nlohmann::json{{"upstream", {{"host", "127.0.0.1"}, {"port", 9}}},
                                                 {"listen", {{"port", free_port()}}},
                                                 {"geoip", {{"database", "broken.mmdb"}}}}
                                      .dump());
    Process tact({TACT_BINARY, "serve", "-c", (dir / "tact.json").string()}, dir / "out");
    REQUIRE(tact.wait(10s) == 3);
    CHECK(tact.output().find("key \"geoip.database\": " + (dir / "broken.mmdb").string() +
                             ": cannot open it as a GeoIP database") != std::string::npos);
}

TEST_CASE("SIGHUP picks up a new GeoIP database, and refuses a bad one keeping the old") {
    const auto dir = std::filesystem::path(TACT_TEST_GEOIP_DIR);
    GatewayFixture gw(nlohmann::json{{"geoip", {{"database", (dir / "test-city.mmdb").string()}}},
                                     {"trusted_proxies", {"127.0.0.0/8"}}});
    // The location the gateway reads for a visitor from 192.0.2.10 (Munich).
    auto location = [&] {
        RawClient client(gw.port());
        client.send(get("/__tact/visit", "X-Forwarded-For: 192.0.2.10\r\n"));
        auto res = client.read_response();
        REQUIRE(res);
        return nlohmann::json::parse(res->body)["location"];
    };
    CHECK(location()["city"] == "München");

    auto config = gw.config();
    config["geoip"]["database"] = (dir / "test-country.mmdb").string();  // no cities in it
    gw.write_config(config);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("configuration reloaded"));
    CHECK(location()["city"] == "");
    CHECK(location()["country"] == "DE");

    write_file(gw.dir() / "broken.mmdb", "not a database");
    config["geoip"]["database"] = (gw.dir() / "broken.mmdb").string();
    gw.write_config(config);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("reload refused, the running configuration stays in force"));
    CHECK(gw.output_shows((gw.dir() / "broken.mmdb").string() +
                          ": cannot open it as a GeoIP database"));
    CHECK(location()["country"] == "DE");  // the Country database is still in use
    CHECK(location()["city"] == "");
}
