// How the worker threads share the clients out, as an operator sees it on /metrics.
#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin_metrics.hpp"
#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

TEST_CASE("clients are shared out evenly among the workers, and one that leaves frees its place") {
    GatewayFixture gw(nlohmann::json{{"workers", 3}});
    // The kernel spreads connections over the workers' sockets by a hash of
    // their addresses: thirty split 10-10-10 by chance about once in forty times.
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 30; ++i) {
        clients.push_back(std::make_unique<RawClient>(gw.port()));
        clients.back()->send(get("/hello"));
        REQUIRE(clients.back()->read_response());
    }
    CHECK(worker_connections(gw.admin_port(), 3) == std::vector<int>{10, 10, 10});
    // Each worker counts its own requests; /metrics gives their sums.
    CHECK(metrics_show(gw.admin_port(), "tact_requests_total 30"));
    CHECK(metrics_show(gw.admin_port(), "tact_responses_total{class=\"2xx\"} 30"));
    CHECK(metrics_show(gw.admin_port(), "tact_connections_open 30"));

    clients.clear();
    CHECK(worker_connections_reach(gw.admin_port(), {0, 0, 0}));
}

TEST_CASE("a connection over limits.max_connections is closed at once and counted on no worker") {
    GatewayFixture gw(nlohmann::json{{"workers", 2}, {"limits", {{"max_connections", 2}}}});
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 2; ++i) {
        clients.push_back(std::make_unique<RawClient>(gw.port()));
        clients.back()->send(get("/hello"));
        REQUIRE(clients.back()->read_response());
    }
    RawClient over(gw.port());
    CHECK(over.closed_by_peer());
    CHECK(worker_connections(gw.admin_port(), 2) == std::vector<int>{1, 1});
    CHECK(fetch_metrics(gw.admin_port()).find("tact_connections_refused_total 1\n") !=
          std::string::npos);
    // The two still served go on being served.
    clients.front()->send(get("/hello"));
    const auto again = clients.front()->read_response();
    REQUIRE(again);
    CHECK(again->status == 200);
}
