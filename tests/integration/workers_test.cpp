// How the worker threads share the clients out, as an operator sees it on /metrics.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;
using namespace std::chrono_literals;

namespace {

// The connections each worker serves, from the admin listener's /metrics.
std::vector<int> clients_per_worker(const GatewayFixture& gw, int workers) {
    RawClient admin(gw.admin_port());
    admin.send(get("/metrics"));
    const auto res = admin.read_response();
    REQUIRE(res);
    std::vector<int> counts;
    for (int worker = 0; worker < workers; ++worker) {
        const auto name = "tact_worker_connections{worker=\"" + std::to_string(worker) + "\"} ";
        const auto at = res->body.find(name);
        REQUIRE(at != std::string::npos);
        counts.push_back(std::stoi(res->body.substr(at + name.size())));
    }
    return counts;
}

}  // namespace

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
    CHECK(clients_per_worker(gw, 3) == std::vector<int>{10, 10, 10});

    clients.clear();
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (clients_per_worker(gw, 3) != std::vector<int>{0, 0, 0} &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);
    CHECK(clients_per_worker(gw, 3) == std::vector<int>{0, 0, 0});
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
    CHECK(clients_per_worker(gw, 2) == std::vector<int>{1, 1});
    RawClient admin(gw.admin_port());
    admin.send(get("/metrics"));
    const auto res = admin.read_response();
    REQUIRE(res);
    CHECK(res->body.find("tact_connections_refused_total 1\n") != std::string::npos);
    // The two still served go on being served.
    clients.front()->send(get("/hello"));
    const auto again = clients.front()->read_response();
    REQUIRE(again);
    CHECK(again->status == 200);
}
